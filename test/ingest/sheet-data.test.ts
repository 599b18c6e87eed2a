// isla's own reader of <sheetData> (src/ingest/sheet-data.ts) held to SheetJS: on every
// formula-free test workbook — LibreOffice's, write-excel-file's, isla's own
// findings.xlsx — the cells are exactly the ones SheetJS builds with the same options;
// what the reader does not expect is left to SheetJS whole.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { withSheetData } from '../../src/ingest/sheet-data-zip.js';
import { type ZipContainer, hasFormulas, unzipWorkbook } from '../../src/ingest/unzip.js';
import { parseWorkbook } from '../../src/ingest/workbook.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const BOOKS = path.join(ROOT, 'test', 'fixtures', 'workbooks');
// The options src/ingest/workbook.ts reads an .xlsx with: formulas and stubs only when it has formulas.
const options = (formulas: boolean): XLSX.ParsingOptions => ({
  dense: true,
  cellNF: true,
  cellDates: false,
  cellHTML: false,
  cellText: false,
  cellFormula: formulas,
  sheetStubs: formulas,
});
const parseWith = (formulas: boolean) => (zip: ZipContainer): XLSX.WorkBook =>
  (XLSX as unknown as { parse_zip(z: ZipContainer, o: XLSX.ParsingOptions): XLSX.WorkBook }).parse_zip(zip, options(formulas));
const parseZip = parseWith(false);

/** Each sheet's cells as [ref, t, v, z, f], for comparing two readings. */
function cells(wb: XLSX.WorkBook): Record<string, [string, string, unknown, unknown, unknown][]> {
  return Object.fromEntries(
    wb.SheetNames.map((name) => {
      const grid = ((wb.Sheets[name] as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
      const list: [string, string, unknown, unknown, unknown][] = [];
      grid.forEach((row, r) => row?.forEach((c, col) => c && list.push([XLSX.utils.encode_cell({ r, c: col }), c.t, c.v, c.z, c.f])));
      return [name, list];
    }),
  );
}

/** SheetJS's reading and isla's, of the same bytes; ours is null when it left the book to SheetJS. */
function bothReadings(bytes: Buffer) {
  const formulas = hasFormulas(unzipWorkbook(bytes)!);
  const sheetjs = cells(parseWith(formulas)(unzipWorkbook(bytes)!));
  const ours = withSheetData(unzipWorkbook(bytes)!, formulas, parseWith(formulas));
  return { sheetjs, ours: ours && cells(ours) };
}

/** The bytes of an .xlsx with its first worksheet's XML changed by `edit`. */
function editSheet(bytes: Buffer, edit: (xml: string) => string): ZipContainer {
  const zip = unzipWorkbook(bytes)!;
  const i = zip.FullPaths.findIndex((p) => /worksheets\/sheet1\.xml$/.test(p));
  zip.FileIndex[i]!.content = Buffer.from(edit(zip.FileIndex[i]!.content.toString('utf8')), 'utf8');
  return zip;
}

const clone = (zip: ZipContainer): ZipContainer => ({ ...zip, FileIndex: zip.FileIndex.map((e) => ({ ...e })) });

describe('isla reads a sheet\'s cells as SheetJS does', () => {
  const office = [path.join(BOOKS, 'cases.xlsx'), path.join(BOOKS, 'dates-1904.xlsx'), ...readdirSync(path.join(BOOKS, 'month-xlsx')).map((n) => path.join(BOOKS, 'month-xlsx', n))];

  it('in every LibreOffice workbook of the tests: the month, the sheet cases (formulas, errors, merges, hidden sheets), the 1904 system', () => {
    expect(office.length).toBe(10);
    for (const book of office) {
      const { sheetjs, ours } = bothReadings(readFileSync(book));
      expect(ours, book).not.toBeNull();
      expect(Object.values(ours!).flat().length, book).toBeGreaterThan(10);
      expect([book, ours]).toEqual([book, sheetjs]);
    }
    // 业务单's VINs behind the ="…" text guard: formula and cached text, read here.
    const { ours } = bothReadings(readFileSync(path.join(BOOKS, 'month-xlsx', '业务单.xlsx')));
    expect(ours!['业务单']!.find(([ref]) => ref === 'C15')).toEqual(['C15', 's', 'LSVAU2180N2131676', 'General', '"LSVAU2180N2131676"']);
  });

  it('in write-excel-file\'s inline and shared strings, numbers, booleans, dates and escapes', async () => {
    const dir = tempDir();
    const book = path.join(dir, 'kinds.xlsx');
    const when = new Date(Date.UTC(2026, 9, 9, 18, 30));
    await writeXlsxFile(
      [
        [{ value: '刷卡单号' }, { value: '客户姓名' }, { value: '提车日期' }, { value: '刷卡金额' }, { value: '已签字' }],
        [{ value: 'SK1' }, { value: 'A & B <c> "d" \'e\'' }, { value: when, type: Date, format: 'yyyy-mm-dd hh:mm' }, { value: 80000.5 }, { value: true }],
        [{ value: 'SK2' }, { value: '两行\r\n文字\t_x000D_' }, { value: when, type: Date, format: 'yyyy-mm-dd' }, { value: -12 }, { value: false }],
        [{ value: 'SK3' }, null, { value: 46304.123456789 }, { value: 1e21 }, { value: '  前后空格  ' }],
      ],
      { sheet: '刷卡单' },
    ).toFile(book);
    const { sheetjs, ours } = bothReadings(readFileSync(book));
    expect(ours).not.toBeNull();
    expect(ours).toEqual(sheetjs);
    expect(ours!['刷卡单']!.find(([ref]) => ref === 'B2')).toEqual(['B2', 's', 'A & B <c> "d" \'e\'', 'General', undefined]);
  });

  it('in a formula write-excel-file leaves without a cached result', async () => {
    const book = path.join(tempDir(), 'formula.xlsx');
    await writeXlsxFile([
      ['刷卡单号', '提车日期', '提交日期'],
      ['SK-1', '2026-10-09 10:00', { type: 'Formula', value: 'B2+1' }],
    ]).toFile(book);
    const { sheetjs, ours } = bothReadings(readFileSync(book));
    expect(ours!['Sheet1']!.find(([ref]) => ref === 'C2')).toEqual(['C2', 'z', 0, 'General', 'B2+1']);
    expect(ours).toEqual(sheetjs);
  });

  it('in isla\'s own findings.xlsx', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'findings.xlsx');
    const run = await runCli(['check', path.join(ROOT, 'fixtures', '2026-10'), '--as-of', '2026-11-06T09:00', '-f', 'xlsx', '-o', out, '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const { sheetjs, ours } = bothReadings(readFileSync(out));
    expect(ours).not.toBeNull();
    expect(Object.keys(ours!)).toEqual(['汇总', '问题清单', '被拒绝的行']);
    expect(ours).toEqual(sheetjs);
  });

  it('hands SheetJS the rest of the sheet: merges, hidden sheets and the date system are as before', async () => {
    const book = path.join(BOOKS, 'dates-1904.xlsx');
    const parsed = await parseWorkbook(book, 'xlsx');
    const whole = parseZip(unzipWorkbook(readFileSync(book))!);
    expect(parsed.date1904).toBe(true);
    expect(parsed.sheets.map((s) => [s.name, s.merges])).toEqual(whole.SheetNames.map((n) => [n, whole.Sheets[n]!['!merges'] ?? []]));
  });
});

describe('what the reader does not expect is left to SheetJS', () => {
  const bytes = readFileSync(path.join(BOOKS, 'month-xlsx', '刷卡单.xlsx'));
  const edits: [string, (xml: string) => string][] = [
    ['single-quoted attributes', (x) => x.replace(/<c r="B2" s="(\d+)" t="s">/, "<c r='B2' s='$1' t='s'>")],
    ['an ISO date cell', (x) => x.replace(/<c r="A2"([^>]*) t="s"><v>\d+<\/v>/, '<c r="A2"$1 t="d"><v>2026-10-09T18:30:00</v>')],
    ['CDATA in an inline string', (x) => x.replace(/<c r="A2"([^>]*) t="s"><v>\d+<\/v>/, '<c r="A2"$1 t="inlineStr"><is><t><![CDATA[SK<1>]]></t></is>')],
    ['a rich inline string', (x) => x.replace(/<c r="A2"([^>]*) t="s"><v>\d+<\/v>/, '<c r="A2"$1 t="inlineStr"><is><r><t>SK</t></r><r><t>1</t></r></is>')],
    ['an entity SheetJS reads its own way', (x) => x.replace(/<c r="A2"([^>]*) t="s"><v>\d+<\/v>/, '<c r="A2"$1 t="inlineStr"><is><t>A&AMP;B</t></is>')],
    ['a line break inside a tag', (x) => x.replace('<c r="B2"', '<c\nr="B2"')],
  ];

  it.each(edits)('%s: SheetJS reads the workbook whole, and the cells are its own', (_, edit) => {
    const zip = editSheet(bytes, edit);
    expect(withSheetData(clone(zip), false, parseZip)).toBeNull();
  });

  it('a plain inline string, entities and numeric references are read here, as SheetJS reads them', () => {
    const zip = editSheet(bytes, (x) =>
      x.replace(/<c r="A2"([^>]*) t="s"><v>\d+<\/v>/, '<c r="A2"$1 t="inlineStr"><is><t xml:space="preserve"> SK&amp;1&#20013;&#x6587;_x0041_ </t></is>'),
    );
    const ours = withSheetData(clone(zip), false, parseZip);
    expect(ours).not.toBeNull();
    expect(cells(ours!)).toEqual(cells(parseZip(clone(zip))));
    expect(cells(ours!)['刷卡单']!.find(([ref]) => ref === 'A2')?.[2]).toBe(' SK&1中文A ');
  });
});
