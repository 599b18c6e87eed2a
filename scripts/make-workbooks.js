#!/usr/bin/env node
// Makes the test workbooks in test/fixtures/workbooks/ with LibreOffice headless, the
// way a clerk's Calc or a DMS export would: the sample month's CSV files (GB18030,
// UTF-16 and UTF-8, through Calc's CSV filter options) saved as .xlsx and .xls, and
// Flat ODS sources for what a CSV cannot carry (merged cells, a two-row header,
// formulas and error values, hidden and empty sheets, the 1904 date system).
// The outputs are committed, so the suite and CI run without LibreOffice.
//   node scripts/make-workbooks.js      (needs soffice on PATH or at /usr/bin/soffice)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'test', 'fixtures', 'workbooks');
const SAMPLE = path.join(ROOT, 'fixtures', '2026-10');
const work = mkdtempSync(path.join(tmpdir(), 'isla-workbooks-'));
// A profile of its own, so a Calc the user has open does not swallow the conversion.
const profile = `-env:UserInstallation=file://${path.join(work, 'profile')}`;

function convert(source, format, outDir, infilter) {
  mkdirSync(outDir, { recursive: true });
  const args = [profile, '--headless', '--convert-to', format, '--outdir', outDir];
  if (infilter) args.push(`--infilter=${infilter}`);
  execFileSync('soffice', [...args, source], { stdio: 'pipe' });
}

// Calc's CSV filter: separator, text quote, character set, first line (76 = UTF-8,
// 85 = GB18030, 65535 = UTF-16 with BOM); separators as character codes. 业务单's
// 交车时间 (column 4) is imported as text: Calc would read its 09/10/2026 as
// September 10 where isla, rightly, refuses to guess — the sheet keeps the text.
const SAMPLE_FILTERS = { '刷卡单.csv': '44,34,85,1', '理赔金额.txt': '9,34,65535,1', '业务单.csv': '44,34,76,1,4/2' };

function sampleMonth() {
  for (const name of readdirSync(SAMPLE)) {
    const source = path.join(work, name.replace(/\.txt$/, '.csv'));
    copyFileSync(path.join(SAMPLE, name), source);
    const filter = `CSV:${SAMPLE_FILTERS[name] ?? '44,34,76,1'}`;
    convert(source, 'xlsx', path.join(OUT, 'month-xlsx'), filter);
    convert(source, 'xls', path.join(OUT, 'month-xls'), filter);
  }
}

// ---- Flat ODS ------------------------------------------------------------------

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A cell: a string; {n} a number; {d: 'YYYY-MM-DDTHH:mm:ss'} a date-time shown as
 * yyyy-mm-dd hh:mm; {day: 'YYYY-MM-DD'} a date shown as yyyy/m/d; {n, zeros: 6} a
 * number shown with leading zeros; {f, n} a formula with its result; {f} a formula
 * Calc evaluates to an error; `cols`/`rows` span a merge; null an empty cell;
 * 'covered' a cell under a merge.
 */
function cellXml(c) {
  if (c === null || c === undefined) return '<table:table-cell/>';
  if (c === 'covered') return '<table:covered-table-cell/>';
  if (typeof c === 'string') return `<table:table-cell office:value-type="string"><text:p>${esc(c)}</text:p></table:table-cell>`;
  const span = `${c.cols ? ` table:number-columns-spanned="${c.cols}"` : ''}${c.rows ? ` table:number-rows-spanned="${c.rows}"` : ''}`;
  if (c.s !== undefined) return `<table:table-cell office:value-type="string"${span}><text:p>${esc(c.s)}</text:p></table:table-cell>`;
  if (c.d) return `<table:table-cell table:style-name="ceDateTime" office:value-type="date" office:date-value="${c.d}"${span}><text:p>${c.d}</text:p></table:table-cell>`;
  if (c.day) return `<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="${c.day}"${span}><text:p>${c.day}</text:p></table:table-cell>`;
  if (c.f && c.n === undefined) return `<table:table-cell table:formula="${esc(c.f)}" office:value-type="float" office:value="0"${span}><text:p>0</text:p></table:table-cell>`;
  const style = c.zeros ? ' table:style-name="ceZeros"' : '';
  const formula = c.f ? ` table:formula="${esc(c.f)}"` : '';
  return `<table:table-cell${style}${formula} office:value-type="float" office:value="${c.n}"${span}><text:p>${c.n}</text:p></table:table-cell>`;
}

/** `{blank: n}` in a sheet's rows: n empty rows, written once (Calc's own way). */
const blankRows = (n) => `<table:table-row table:number-rows-repeated="${n}"><table:table-cell/></table:table-row>`;

function fods({ date1904 = false, sheets }) {
  const tables = sheets
    .map(
      (sh) =>
        `<table:table table:name="${esc(sh.name)}"${sh.hidden ? ' table:style-name="taHidden"' : ''}>` +
        (sh.rows.length === 0 ? '<table:table-row><table:table-cell/></table:table-row>' : '') +
        sh.rows.map((r) => (Array.isArray(r) ? `<table:table-row>${r.map(cellXml).join('')}</table:table-row>` : blankRows(r.blank))).join('') +
        '</table:table>',
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="NDateTime"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
<number:date-style style:name="NDate"><number:year number:style="long"/><number:text>/</number:text><number:month/><number:text>/</number:text><number:day/></number:date-style>
<number:number-style style:name="NZeros"><number:number number:decimal-places="0" number:min-integer-digits="6"/></number:number-style>
<style:style style:name="ceDateTime" style:family="table-cell" style:data-style-name="NDateTime"/>
<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="NDate"/>
<style:style style:name="ceZeros" style:family="table-cell" style:data-style-name="NZeros"/>
<style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
${date1904 ? '<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>' : ''}
${tables}
</office:spreadsheet></office:body></office:document>
`;
}

const SWIPES_HEADER = ['刷卡单号', '客户姓名', '车架号', '提车日期', '提交日期', '刷卡金额', '经办人'];

/** One sheet of card-swipe slips with everything a real workbook does to cells. */
const swipesRows = () => [
  [{ s: '2026年10月刷卡单', cols: 7 }, 'covered', 'covered', 'covered', 'covered', 'covered', 'covered'],
  SWIPES_HEADER,
  // 18:30 and one second before it: SheetJS's cellDates would land 1 ms early.
  ['SK-0101', '张伟', 'LSVAU2180N2200001', { d: '2026-10-09T18:30:00' }, { d: '2026-10-10T18:29:59' }, { f: 'of:=80000+5000', n: 85000 }, '郑洁'],
  // 02:30 on the night Berlin's clocks go back.
  ['SK-0102', '李娜', 'LSVAU2180N2200002', { d: '2026-10-25T02:30:00' }, { d: '2026-10-28T09:00:00' }, { n: 120000 }, '孙浩'],
  // A date typed as text, a date cell without a time, a key with leading zeros.
  [{ n: 103, zeros: 6 }, '王芳', 'LSVAU2180N2200003', '2026年10月12日', { day: '2026-10-13' }, { n: 60000 }, '郑洁'],
  ['SK-0104', '刘洋', 'LSVAU2180N2200004', { d: '2026-10-14T10:00:00' }, { f: 'of:=NA()' }, { n: 50000 }, '孙浩'],
  // A number key in General format, and a customer name that is a formula's text.
  [{ n: 202610000000123 }, '=HYPERLINK("http://example.com","点我")', 'LSVAU2180N2200005', { d: '2026-10-15T09:00:00' }, { d: '2026-10-20T09:00:00' }, { n: 70000 }, '郑洁'],
  ['合计', null, null, null, null, { f: 'of:=SUM([.F3:.F7])', n: 385000 }, null],
];

function caseWorkbooks() {
  const cases = fods({
    sheets: [
      { name: '10月刷卡单', rows: swipesRows() },
      { name: '汇总', rows: [['部门', '笔数'], ['客服部', { n: 5 }]] },
      { name: '隐藏刷卡单', hidden: true, rows: [SWIPES_HEADER, ['SK-0900', '赵敏', 'LSVAU2180N2200900', { d: '2026-10-09T10:00:00' }, { d: '2026-10-30T10:00:00' }, { n: 1 }, '郑洁']] },
      { name: '空白', rows: [] },
      {
        name: '费用',
        rows: [
          // A two-row header: 日期 spans 发生日期 | 报销日期, the rest are merged down.
          [{ s: '报销单号', rows: 2 }, { s: '部门', rows: 2 }, { s: '费用类别', rows: 2 }, { s: '日期', cols: 2 }, 'covered', { s: '金额', rows: 2 }, { s: '经办人', rows: 2 }],
          ['covered', 'covered', 'covered', '发生日期', '报销日期', 'covered', 'covered'],
          // 客服部 written once over three rows.
          ['BX-0001', { s: '客服部', rows: 3 }, '上牌入户费', { day: '2026-10-09' }, { d: '2026-10-19T10:00:00' }, { n: 500 }, '郑洁'],
          ['BX-0002', 'covered', '过户费', { day: '2026-10-12' }, { day: '2026-10-14' }, { n: 300 }, '孙浩'],
          ['BX-0003', 'covered', '抵押登记费', { day: '2026-10-12' }, null, { n: 80 }, '郑洁'],
        ],
      },
    ],
  });
  const book1904 = fods({ date1904: true, sheets: [{ name: '刷卡单', rows: swipesRows().slice(1, 4) }] });
  writeFileSync(path.join(work, 'cases.fods'), cases);
  writeFileSync(path.join(work, 'dates-1904.fods'), book1904);
  for (const name of ['cases.fods', 'dates-1904.fods']) {
    convert(path.join(work, name), 'xlsx', OUT);
    convert(path.join(work, name), 'xls', OUT);
  }
  // A few kilobytes whose last slip sits on row 300,003: past the sheet limit (SPEC §12),
  // to be refused from its XML before SheetJS builds a cell (.xls holds 65,536 rows).
  const slip = ['SK-0102', '李娜', 'LSVAU2180N2200002', { d: '2026-10-25T02:30:00' }, { d: '2026-10-28T09:00:00' }, { n: 120000 }, '孙浩'];
  writeFileSync(path.join(work, 'rows-past-limit.fods'), fods({ sheets: [{ name: '刷卡单', rows: [SWIPES_HEADER, slip, { blank: 300_000 }, slip] }] }));
  convert(path.join(work, 'rows-past-limit.fods'), 'xlsx', OUT);
}

rmSync(OUT, { recursive: true, force: true });
try {
  sampleMonth();
  caseWorkbooks();
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`workbooks written to ${path.relative(ROOT, OUT)}`);
