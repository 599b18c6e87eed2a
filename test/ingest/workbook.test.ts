// Workbooks in (SPEC §12): real .xlsx/.xls files made by LibreOffice from the sample
// month and from Flat ODS sources (scripts/make-workbooks.js), read through the
// engine exactly as `isla check` does.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import writeXlsxFile from 'write-excel-file/node';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { type CheckResult, runCheck } from '../../src/check.js';
import { inspectFiles } from '../../src/commands/inspect.js';
import { builtinConfig } from '../../src/config/load.js';
import { IslaError } from '../../src/errors.js';
import { codecName, detectEncoding } from '../../src/ingest/encoding.js';
import { expandInputs } from '../../src/ingest/inputs.js';
import { MAX_SHEET_ROWS, serialText } from '../../src/ingest/workbook.js';
import { type ZipContainer, easeSheetSearches, hasFormulas, lastRowNumber, unzipWorkbook } from '../../src/ingest/unzip.js';
import { parseAsOf, parsePeriod } from '../../src/options.js';
import { ROOT, SAMPLE, tempDir, writeExport } from '../helpers.js';

const BOOKS = path.join(ROOT, 'test', 'fixtures', 'workbooks');
const config = builtinConfig();
const asOf = parseAsOf('2026-11-06T09:00', config.timezone, 'en');
const datasetIds = config.datasets.map((d) => d.id);

async function check(args: string[]): Promise<CheckResult> {
  return runCheck({ inputs: await expandInputs(args, datasetIds), config, asOf, period: parsePeriod(undefined, asOf, 'en'), lang: 'en' });
}

/** Each CSV record's first physical line → the row Excel shows it on (one row per record). */
function excelRows(file: string): Map<number, number> {
  const bytes = readFileSync(file);
  const encoding = detectEncoding(bytes, true);
  const text = iconv.decode(bytes, encoding.startsWith('utf-8') ? 'utf8' : codecName(encoding)).replace(/^\uFEFF/, '');
  const records = parse(text, { relax_column_count: true, relax_quotes: true, info: true, skip_empty_lines: false, delimiter: [',', '\t'] }) as {
    info: { lines: number };
  }[];
  const rows = new Map<number, number>();
  let start = 1;
  records.forEach((r, i) => {
    rows.set(start, i + 1);
    start = r.info.lines + 1;
  });
  return rows;
}

const baseName = (file: string | null): string | null => (file === null ? null : path.basename(file).replace(/\.(csv|txt|xlsx|xls)(#.*)?$/, ''));

/** A result with files named by export and lines as Excel rows, for comparing formats. */
function comparable(result: CheckResult, rowOf: (name: string, line: number) => number) {
  const at = <T extends { file: string | null; line: number | null }>(x: T): T => ({
    ...x,
    file: baseName(x.file),
    line: x.line === null || x.file === null ? x.line : rowOf(baseName(x.file)!, x.line),
  });
  return {
    summary: result.summary,
    notProvided: result.notProvided,
    // The reason names the file: 放贷记录.csv, or the sheet 放贷记录.xlsx#放贷记录.
    notChecked: result.notChecked.map((n) => ({ ...n, reason: n.reason.replace(/(\S+)\.(csv|txt|xlsx|xls)(#\S*)?/g, '$1') })),
    warnings: result.warnings,
    inputs: result.inputs.map((i) => [i.dataset, baseName(i.file), i.rows, i.rejected]),
    // A mismatch quotes amounts as written: 12,450.50 in the CSV is the number 12450.5 in a cell.
    findings: result.findings.map((f) => at({ ...f, message: f.message.replace(/"([\d,]+\.\d+)"/g, (_m, n: string) => `"${Number(n.replace(/,/g, ''))}"`) })),
    problems: result.problems.map(at),
  };
}

describe('the sample month saved as workbooks', async () => {
  const csv = await check([SAMPLE]);
  const rowMaps = new Map(readdirSync(SAMPLE).map((n) => [baseName(n)!, excelRows(path.join(SAMPLE, n))]));
  const expected = comparable(csv, (name, line) => rowMaps.get(name)!.get(line)!);

  for (const kind of ['xlsx', 'xls']) {
    it(`as .${kind} gives the CSV month's verdicts, summary and lines (as Excel rows)`, async () => {
      const result = await check([path.join(BOOKS, `month-${kind}`)]);
      expect(result.inputs.map((i) => [path.basename(i.file), i.encoding, i.delimiter])).toContainEqual([`刷卡单.${kind}#刷卡单`, kind, '']);
      expect(comparable(result, (_name, line) => line)).toEqual(expected);
      expect(result.findings.length).toBeGreaterThan(30);
    });
  }

  it('lines differ from the CSV only below a cell with a line break (业务单 row 5)', () => {
    const rows = rowMaps.get('业务单')!;
    expect([rows.get(5), rows.get(7), rows.get(8)]).toEqual([5, 6, 7]);
  });
});

describe('a workbook of many sheets (cases.xlsx / cases.xls)', async () => {
  for (const kind of ['xlsx', 'xls']) {
    const book = path.join(BOOKS, `cases.${kind}`);
    const result = await check([book]);
    const swipes = `${book}#10月刷卡单`;
    const expenses = `${book}#费用`;
    const find = (key: string) => result.findings.filter((f) => f.key === key);

    it(`.${kind}: every visible sheet that fits a dataset is read; the others are named on stderr`, () => {
      expect(result.inputs.map((i) => [i.dataset, i.file, i.rows, i.rejected])).toEqual([
        ['swipes', swipes, 5, 1],
        ['expenses', expenses, 3, 0],
      ]);
      const skipped = result.warnings.filter((w) => w.code === 'sheet-skipped').map((w) => w.message);
      expect(skipped).toEqual([
        expect.stringContaining(`${book}#汇总: it fits no dataset`),
        expect.stringContaining(`${book}#隐藏刷卡单: it is hidden`),
        expect.stringContaining(`${book}#空白: it is empty`),
      ]);
    });

    it(`.${kind}: date cells are the wall-clock values Excel shows, to the second`, () => {
      // 18:29:59 stays 18:29:59 (SheetJS cellDates would make it …:58.999), so it is on time.
      expect(find('SK-0102')[0]).toMatchObject({ status: 'late', file: swipes, line: 4, eventDate: '2026-10-25', submitted: '2026-10-28T09:00' });
      expect(result.findings.some((f) => f.key === 'SK-0101')).toBe(false);
    });

    it(`.${kind}: numbers in key columns read as Excel shows them, formulas as their results, text as text`, () => {
      // 000103 (format 000000) from a date typed as text, delivered the next day: on time.
      expect(result.findings.some((f) => f.key === '000103')).toBe(false);
      const hostile = find('202610000000123')[0]!;
      expect(hostile).toMatchObject({ status: 'late', line: 7, customer: '=HYPERLINK("http://example.com","点我")', submitted: '2026-10-20T09:00' });
    });

    it(`.${kind}: an error cell rejects its row, naming the cell`, () => {
      expect(result.problems).toEqual([
        expect.objectContaining({ file: swipes, line: 6, field: '提交日期', value: '#N/A', code: 'invalid-cell', message: expect.stringContaining('E6') }),
      ]);
    });

    it(`.${kind}: a merged department applies to every row; a two-row header reads as one`, () => {
      expect(find('BX-0001')[0]).toMatchObject({ department: '客服部', status: 'late', line: 3, eventDate: '2026-10-09', submitted: '2026-10-19T10:00' });
      expect(find('BX-0003')[0]).toMatchObject({ department: '客服部', status: 'overdue', line: 5 });
      expect(find('BX-0002')).toEqual([]);
    });
  }

  it('the 1904 date system reads the same dates', async () => {
    for (const kind of ['xlsx', 'xls']) {
      const result = await check([path.join(BOOKS, `dates-1904.${kind}`)]);
      expect(result.findings.map((f) => [f.key, f.status, f.eventDate, f.submitted])).toEqual([['SK-0102', 'late', '2026-10-25', '2026-10-28T09:00']]);
    }
  });

  it('inspect shows each sheet: header row, mapping, date cells, totals rows skipped', async () => {
    const files = await inspectFiles(await expandInputs([path.join(BOOKS, 'cases.xlsx')], datasetIds), config, { lang: 'en', asOf });
    const sheet = files.find((f) => f.sheet === '10月刷卡单')!;
    expect(sheet).toMatchObject({ workbook: path.join(BOOKS, 'cases.xlsx'), dataset: 'swipes', assignedBy: 'sheet', headerLine: 2, rows: 5, rejected: 1, totalsRows: 1, dateCells: 8 });
    expect(sheet.columns['提交日期']).toBe('提交日期');
    expect(files.find((f) => f.sheet === '费用')).toMatchObject({ headerLine: 1, dateCells: 5, columns: { 发生日期: '发生日期', 报销日期: '报销日期' } });
    expect(files.filter((f) => f.skipped).map((f) => f.file.split('#')[1])).toEqual(['汇总', '隐藏刷卡单', '空白']);
  });
});

describe('choosing sheets and files', () => {
  const book = path.join(BOOKS, 'cases.xlsx');

  it('dataset=book.xlsx#sheet reads that sheet, even a hidden one; #N counts sheets from 1', async () => {
    const hidden = await check([`swipes=${book}#隐藏刷卡单`]);
    expect(hidden.inputs.map((i) => [i.file, i.rows])).toEqual([[`${book}#隐藏刷卡单`, 1]]);
    expect(hidden.findings.map((f) => [f.key, f.status])).toEqual([['SK-0900', 'late']]);
    const first = await check([`swipes=${book}#1`]);
    expect(first.inputs.map((i) => i.file)).toEqual([`${book}#10月刷卡单`]);
  });

  it('two inputs naming two sheets of one workbook read both, each as forced (the workbook parsed once)', async () => {
    const result = await check([`swipes=${book}#10月刷卡单`, `expenses=${book}#5`]);
    expect(result.inputs.map((i) => [i.dataset, i.file, i.rows, i.rejected])).toEqual([
      ['swipes', `${book}#10月刷卡单`, 5, 1],
      ['expenses', `${book}#费用`, 3, 0],
    ]);
    expect(result.findings.find((f) => f.key === 'BX-0001')).toMatchObject({ department: '客服部', status: 'late' });
  });

  it('a sheet that does not exist stops the run, listing the sheets', async () => {
    await expect(check([`swipes=${book}#9`])).rejects.toMatchObject({ code: 'no-such-sheet', params: { sheet: '9' } });
    await expect(check([`swipes=${book}#刷卡`])).rejects.toBeInstanceOf(IslaError);
  });

  it('a folder scan reads workbooks beside CSV files and skips Excel lock files', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '客服.xlsx'), readFileSync(book));
    writeFileSync(path.join(dir, '~$客服.xlsx'), Buffer.from([0x0b, 0x00, 0x00]));
    writeExport(dir, '员工参保.csv', '工号,员工姓名,入保日期,通知财务日期,经办人\nE1,肖敏,2026-10-09,2026-10-20,何静\n');
    const result = await check([dir]);
    expect(result.inputs.map((i) => path.basename(i.file))).toEqual(['员工参保.csv', '客服.xlsx#10月刷卡单', '客服.xlsx#费用']);
  });

  it('a CSV named .xlsx and an HTML table named .xls are read by what they are', async () => {
    const dir = tempDir();
    const csv = writeExport(dir, '刷卡单.xlsx', '刷卡单号,车架号,提车日期,提交日期\nSK-1,V1,2026-10-09 10:00,2026-10-15 10:00\n');
    const html = writeExport(
      dir,
      'POS导出.xls',
      '<html><head><meta charset="gbk"></head><body><table><tr><td>刷卡单号</td><td>车架号</td><td>提车日期</td><td>提交日期</td></tr>' +
        '<tr><td>00012</td><td>V2</td><td>2026/10/9 18:30</td><td>2026年10月20日</td></tr></table></body></html>',
      'gb18030',
    );
    const result = await check([csv, html]);
    expect(result.inputs.map((i) => [path.basename(i.file), i.rows])).toEqual([
      ['刷卡单.xlsx', 1],
      ['POS导出.xls#Sheet1', 1],
    ]);
    expect(result.findings.map((f) => [f.key, f.status, f.eventDate])).toEqual([
      ['00012', 'late', '2026-10-09'],
      ['SK-1', 'late', '2026-10-09'],
    ]);
  });

  it('bytes that are no workbook are refused in one sentence saying what they are', async () => {
    const dir = tempDir();
    const pdf = writeExport(dir, '刷卡单.xlsx', Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'));
    await expect(check([pdf])).rejects.toMatchObject({ code: 'not-a-workbook', params: { what: 'PDF' } });
  });

  it('a formula without a cached result rejects its row (a workbook written by write-excel-file)', async () => {
    const dir = tempDir();
    const file = path.join(dir, '刷卡单.xlsx');
    const head = ['刷卡单号', '车架号', '提车日期', '提交日期'];
    await writeXlsxFile([
      head,
      ['SK-1', 'V1', '2026-10-09 10:00', { type: 'Formula', value: 'C2+1' }],
      ['SK-2', 'V2', '2026-10-09 10:00', '2026-10-12 10:00'],
    ]).toFile(file);
    const result = await check([file]);
    expect(result.problems).toEqual([expect.objectContaining({ line: 2, field: '提交日期', code: 'invalid-cell', value: '=C2+1', message: expect.stringContaining('D2') })]);
    expect(result.findings.map((f) => [f.key, f.status])).toEqual([['SK-2', 'late']]);
  });
});

describe('totals rows', () => {
  it('a 合计 / 小计 row with no event date is skipped and counted in a CSV file too, never rejected', async () => {
    const dir = tempDir();
    const file = writeExport(
      dir,
      '刷卡单.csv',
      '刷卡单号,车架号,提车日期,提交日期,刷卡金额\nSK-1,V1,2026-10-09 10:00,2026-10-15 10:00,100\n合 计：,,,,100\n小计,,,,100\n合计,V9,2026-10-10,2026-10-20,1\n',
    );
    const [info] = await inspectFiles([{ file }], config, { lang: 'en', asOf });
    expect(info).toMatchObject({ rows: 2, rejected: 0, totalsRows: 2 });
    const result = await check([file]);
    expect(result.problems).toEqual([]);
    // A row keyed 合计 that has an event date is data, and is judged.
    expect(result.findings.map((f) => f.key).sort()).toEqual(['SK-1', '合计']);
  });
});

describe('serials to wall-clock text', () => {
  it('rounds to whole seconds and honours the 1904 system, whatever the machine zone', () => {
    expect(serialText(46304.7708333333, false, true)).toBe('2026-10-09 18:30');
    expect(serialText(46305.77082175926, false, true)).toBe('2026-10-10 18:29:59');
    expect(serialText(44842.7708333333, true, true)).toBe('2026-10-09 18:30');
    expect(serialText(46304.99999999, false, false)).toBe('2026-10-10');
  });
});

describe('opening an .xlsx with Node\'s zlib', () => {
  const books = [path.join(BOOKS, 'cases.xlsx'), path.join(BOOKS, 'dates-1904.xlsx'), ...readdirSync(path.join(BOOKS, 'month-xlsx')).map((n) => path.join(BOOKS, 'month-xlsx', n))];

  it('gives every entry SheetJS\'s own zip reader gives, byte for byte', () => {
    // Files only: the root and SheetJS's own marker entry are no part of the workbook.
    const files = (zip: ZipContainer) =>
      new Map(zip.FullPaths.flatMap((p, i) => (p.endsWith('/') || p.includes('Sh33tJ5') ? [] : [[p, Buffer.from(zip.FileIndex[i]!.content).toString('base64')] as const])));
    for (const book of books) {
      const bytes = readFileSync(book);
      const ours = files(unzipWorkbook(bytes)!);
      expect(ours.size).toBeGreaterThan(5);
      expect([book, ours]).toEqual([book, files(XLSX.CFB.read(bytes, { type: 'buffer' }) as ZipContainer)]);
    }
  });

  it('reads formulas only from a workbook that has them', () => {
    // 业务单's VINs carry the ="…" text guard as formulas; the case books sum amounts.
    const withFormulas = books.filter((book) => hasFormulas(unzipWorkbook(readFileSync(book))!)).map((b) => path.basename(b));
    expect(withFormulas).toEqual(['cases.xlsx', 'dates-1904.xlsx', '业务单.xlsx']);
  });

  it('what it does not expect (no zip directory) is left to SheetJS, and refused in one sentence', async () => {
    const dir = tempDir();
    const cut = writeExport(dir, '刷卡单.xlsx', readFileSync(path.join(BOOKS, 'cases.xlsx')).subarray(0, 4000));
    expect(unzipWorkbook(readFileSync(cut))).toBeNull();
    await expect(check([cut])).rejects.toMatchObject({ code: 'not-a-workbook' });
  });

  it('the stubs put before <sheetData> leave SheetJS\'s reading of every sheet as it was', async () => {
    const parseZip = (zip: ZipContainer) =>
      JSON.stringify((XLSX as unknown as { parse_zip(z: ZipContainer, o: XLSX.ParsingOptions): XLSX.WorkBook }).parse_zip(zip, { dense: true, cellNF: true, cellText: false, cellFormula: true, sheetStubs: true }));
    const sheetXml = (zip: ZipContainer, n = 1) => zip.FileIndex[zip.FullPaths.findIndex((p) => p.endsWith(`worksheets/sheet${n}.xml`))]!;
    // write-excel-file's sheets have no sheetPr, dimension or sheetViews (all three stubbed);
    // nor do rows that say spans="1:9" (Excel's) in the 50 characters SheetJS reads after <dimension.
    const dir = tempDir();
    const bare = path.join(dir, 'bare.xlsx');
    await writeXlsxFile([[{ value: '刷卡单号' }, { value: '提车日期' }], [{ value: 'SK1' }, { value: new Date(Date.UTC(2026, 9, 9, 18, 30)), type: Date, format: 'yyyy-mm-dd hh:mm' }]], { sheet: '刷卡单' }).toFile(bare);
    const spans = (zip: ZipContainer) => {
      const entry = sheetXml(zip);
      entry.content = Buffer.from(entry.content.toString('latin1').replace(/<row r="(\d+)"/g, '<row r="$1" spans="1:9"'), 'latin1');
      return zip;
    };
    const cases: [string, (bytes: Buffer) => ZipContainer][] = [...books, bare].map((book) => [book, (bytes) => unzipWorkbook(bytes)!]);
    cases.push([bare, (bytes) => spans(unzipWorkbook(bytes)!)]);
    for (const [book, open] of cases) {
      const bytes = readFileSync(book);
      const eased = open(bytes);
      easeSheetSearches(eased);
      expect([book, parseZip(eased)]).toEqual([book, parseZip(open(bytes))]);
    }
    const eased = unzipWorkbook(readFileSync(bare))!;
    easeSheetSearches(eased);
    expect(sheetXml(eased).content.toString('latin1')).toMatch(/<worksheet[^>]*><sheetPr\/><sheetViews><\/sheetViews><dimension\/> {50}<sheetData>/);
    // LibreOffice's sheetPr has children: its opening tag, self-closed, goes first.
    const office = unzipWorkbook(readFileSync(path.join(BOOKS, 'cases.xlsx')))!;
    easeSheetSearches(office);
    expect(sheetXml(office).content.toString('latin1')).toMatch(/<worksheet[^>]*><sheetPr filterMode="false"\/><sheetPr filterMode="false">/);
  });

  it('a sheet past 300,000 rows is refused from its XML, before SheetJS reads a cell', async () => {
    const book = path.join(BOOKS, 'rows-past-limit.xlsx');
    expect(lastRowNumber(unzipWorkbook(readFileSync(book))!)).toBe(MAX_SHEET_ROWS + 3);
    await expect(check([book])).rejects.toMatchObject({ code: 'workbook-too-big', params: { limit: '300000 行' } });
  });
});
