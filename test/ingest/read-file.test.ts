import { describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS } from '../../src/datasets/builtin.js';
import { IslaError } from '../../src/errors.js';
import { type ReadContext, missingColumnError, openFile, readRows } from '../../src/ingest/index.js';
import type { Row } from '../../src/ingest/rows.js';
import { isoLocal, type LocalDateTime } from '../../src/ingest/local-time.js';
import { errorMessage } from '../../src/messages.js';
import iconv from 'iconv-lite';
import { tempDir, writeExport } from '../helpers.js';

const ctx: ReadContext = {
  datasets: BUILTIN_DATASETS,
  timezone: 'Asia/Shanghai',
  // 2026-11-06 09:00 in finance's zone.
  asOf: { day: Date.UTC(2026, 10, 6) / 86_400_000, seconds: 9 * 3600 },
  lang: 'en',
  mustHaveValue: (id) => new Set(id === 'swipes' ? ['提车日期'] : []),
};

const SWIPES_HEADER = '刷卡单号,客户姓名,车架号,提车日期,提交日期,刷卡金额,经办人';
const SWIPE_ROWS = ['SK-1,张伟,LSV001,2026-10-09 10:30,2026-10-10 09:00,"85,000.00",郑洁', 'SK-2,李娜,LSV002,2026-10-15,2026-10-19,60000,孙浩'];

async function read(file: string, forced?: string, encoding?: string) {
  const opened = await openFile({ file, ...(forced ? { dataset: forced } : {}) }, { ...ctx, ...(encoding ? { encoding } : {}) });
  const rows: Pick<Row, 'line' | 'values'>[] = [];
  /** Rows with an unreadable cell: their line and the columns marked bad. */
  const marked: [number, string[]][] = [];
  const names = opened.dataset.columns.map((c) => c.name);
  const summary = await readRows(opened, ctx, (r) => {
    if (r.badCount === 0 && !r.ragged) rows.push({ line: r.line, values: [...r.values] });
    else marked.push([r.line, r.ragged ? ['(ragged)'] : names.filter((_, i) => r.bad[i] === 1)]);
  });
  return { opened, rejected: summary.rejected, problems: summary.problems, rows, marked };
}

const col = (name: string) => BUILTIN_DATASETS.find((d) => d.id === 'swipes')!.columns.findIndex((c) => c.name === name);

async function fileError(promise: Promise<unknown>): Promise<IslaError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(IslaError);
  return err as IslaError;
}

describe('encodings are detected without being told', () => {
  const text = [SWIPES_HEADER, ...SWIPE_ROWS].join('\r\n') + '\r\n';
  const tabbed = text.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\t').replace('"85\t000.00"', '"85,000.00"');
  it.each([
    ['utf-8', 'utf-8', false, text],
    ['utf-8 with BOM', 'utf-8', true, text],
    ['GB18030 (Excel on Chinese Windows)', 'gb18030', false, text],
    ['UTF-16 LE with BOM, tab-separated', 'utf-16le', true, tabbed],
    ['UTF-16 BE with BOM, tab-separated', 'utf-16be', true, tabbed],
  ])('%s', async (_name, encoding, bom, content) => {
    const dir = tempDir();
    const file = writeExport(dir, '刷卡单.csv', content, encoding, bom);
    const { opened, rows, rejected } = await read(file);
    expect(opened.layout.encoding).toBe(encoding === 'utf-8' && bom ? 'utf-8-bom' : encoding);
    expect(rejected).toBe(0);
    expect(rows.map((r) => [r.line, r.values[col('客户姓名')], r.values[col('刷卡金额')]])).toEqual([
      [2, '张伟', 85000],
      [3, '李娜', 60000],
    ]);
  });

  it('--encoding overrides detection', async () => {
    const file = writeExport(tempDir(), '刷卡单.csv', [SWIPES_HEADER, ...SWIPE_ROWS].join('\n'), 'gb18030');
    const { opened, rows } = await read(file, undefined, 'gb18030');
    expect(opened.layout.encoding).toBe('gb18030');
    expect(rows[1]!.values[col('客户姓名')]).toBe('李娜');
  });

  it('bytes that do not decode reject their row, naming the line and the column', async () => {
    const good = Buffer.from([SWIPES_HEADER, SWIPE_ROWS[0]].join('\n') + '\n', 'utf8');
    const bad = Buffer.concat([good, Buffer.from('SK-3,', 'utf8'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(',LSV3,2026-10-09,2026-10-09,1,x\n')]);
    // Long enough that the bad bytes come after the 64 KiB head used for detection.
    const padding = Buffer.from(Array.from({ length: 2000 }, (_, i) => `SK-P${i},王芳,LSVP${i},2026-10-09,2026-10-10,100,郑洁\n`).join(''), 'utf8');
    const file = writeExport(tempDir(), '刷卡单.csv', Buffer.concat([good, padding, bad.subarray(good.length)]));
    const { opened, rows, rejected, problems } = await read(file);
    expect(opened.layout.encoding).toBe('utf-8');
    expect([rows.length, rejected]).toEqual([2001, 1]);
    expect(problems.map((p) => [p.line, p.field, p.value, p.code])).toEqual([[2003, '客户姓名', '\uFFFD\uFFFDA', 'undecodable-cell']]);
  });
});

describe('dialect', () => {
  it.each([
    ['comma', ','],
    ['tab', '\t'],
    ['semicolon', ';'],
    ['pipe', '|'],
  ])('%s is sniffed from the header line', async (_name, d) => {
    const file = writeExport(tempDir(), '刷卡单.csv', ['刷卡单号', '车架号', '提车日期', '提交日期'].join(d) + '\n' + ['SK-1', 'LSV1', '2026-10-09', '2026-10-10'].join(d) + '\n');
    const { opened, rows } = await read(file);
    expect(opened.layout.delimiter).toBe(d);
    expect(rows).toHaveLength(1);
  });

  it('handles CRLF, LF, no final newline, blank lines and quoted delimiters, quotes and newlines', async () => {
    const content =
      SWIPES_HEADER + '\r\n' +
      '\r\n' +
      'SK-1,"张,伟",LSV001,2026-10-09,2026-10-10,"1,000",郑洁\n' +
      'SK-2,"说""好""的",LSV002,2026-10-09,2026-10-10,2000,"郑\r\n洁\r\n（代）"\n' +
      '   \n' +
      ',,,,,,\n' +
      'SK-3,王芳,LSV003,2026-10-09,2026-10-10,3000,孙浩';
    const { rows, rejected } = await read(writeExport(tempDir(), '刷卡单.csv', content));
    expect(rejected).toBe(0);
    expect(rows.map((r) => [r.line, r.values[col('客户姓名')], r.values[col('经办人')]])).toEqual([
      [3, '张,伟', '郑洁'],
      [4, '说"好"的', '郑\r\n洁\r\n（代）'],
      // the multi-line cell spans lines 4–6; blank lines 7 and 8 are skipped
      [9, '王芳', '孙浩'],
    ]);
  });

  it('skips title lines above the header and keeps physical line numbers', async () => {
    const content = '2026年10月刷卡单,,,,,,\n制表：客服部,,,,,,\n' + [SWIPES_HEADER, ...SWIPE_ROWS].join('\n') + '\n';
    const { opened, rows } = await read(writeExport(tempDir(), 'pos.csv', content, 'gb18030'));
    expect(opened.layout.headerLine).toBe(3);
    expect(rows.map((r) => r.line)).toEqual([4, 5]);
  });
});

describe('bad rows are rejected with file, line, column, value and reason; the rest is read', () => {
  it('invalid cells, missing event dates, ragged rows and future dates', async () => {
    const content = [
      SWIPES_HEADER,
      'SK-1,张伟,LSV001,2026-02-30,2026-10-10,100,郑洁',
      'SK-2,李娜,LSV002,,2026-10-10,100,郑洁',
      'SK-3,王芳,LSV003,2026-10-09,2026-10-10,一百,郑洁',
      'SK-4,刘洋,LSV004,2026-10-09,2026-10-10,12,345.00,郑洁',
      'SK-5,陈静,LSV005,2026-10-09,2026-10-10',
      'SK-6,杨磊,LSV006,2026-12-01,2026-12-02,100,郑洁',
      ',黄勇,LSV007,2026-10-09,2026-10-10,100,郑洁',
      'SK-8,赵敏,LSV008,2026-10-09,2026-11-07,100,郑洁',
      'SK-9,孙强,LSV009,09/10/2026,2026-10-10,100,郑洁',
      'SK-10,周杰,LSV010,2026-10-09,2026-10-10,100,郑洁',
    ].join('\n');
    const file = writeExport(tempDir(), '刷卡单.csv', content);
    const { rows, rejected, problems, marked } = await read(file);
    expect(problems.map((p) => [p.line, p.field, p.value, p.code])).toEqual([
      [2, '提车日期', '2026-02-30', 'invalid-date'],
      [3, '提车日期', '', 'missing-value'],
      [4, '刷卡金额', '一百', 'invalid-amount'],
      [5, '', 'SK-4,刘洋,LSV004,2026-10-09,2026-10-10,12,345.00,郑洁', 'ragged-row'],
      [6, '', 'SK-5,陈静,LSV005,2026-10-09,2026-10-10', 'ragged-row'],
      [7, '提车日期', '2026-12-01', 'future-date'],
      [7, '提交日期', '2026-12-02', 'future-date'],
      [8, '刷卡单号', '', 'missing-value'],
      [9, '提交日期', '2026-11-07', 'future-date'],
      [10, '提车日期', '09/10/2026', 'invalid-date'],
    ]);
    expect(problems.every((p) => p.file === file)).toBe(true);
    expect(problems[10 - 1]!.message).toBe('"提车日期" value "09/10/2026": day/month order is ambiguous (like 09/10/2026); write 2026-10-09');
    // A future submission is set aside, not the row: it stays, with no submission.
    expect(rejected).toBe(8);
    // Each bad cell is marked; the row reaches the rules, which skip only what reads it.
    expect(marked).toEqual([
      [2, ['提车日期']],
      [3, ['提车日期']],
      [4, ['刷卡金额']],
      [5, ['(ragged)']],
      [6, ['(ragged)']],
      [7, ['提车日期']],
      [8, ['刷卡单号']],
      [10, ['提车日期']],
    ]);
    expect(rows.map((r) => r.line)).toEqual([9, 11]);
    expect(rows[0]!.values[col('提交日期')]).toBeNull();
    expect(isoLocal(rows[1]!.values[col('提车日期')] as LocalDateTime)).toBe('2026-10-09');
  });
});

describe('file-level problems are typed errors with one plain sentence', () => {
  it('unreadable', async () => {
    const err = await fileError(read('/nonexistent/刷卡单.csv'));
    expect(err.code).toBe('unreadable');
    expect(errorMessage('en', err)).toBe('Cannot read /nonexistent/刷卡单.csv (ENOENT): check the path and that the file is readable.');
  });

  it('empty file', async () => {
    const file = writeExport(tempDir(), '刷卡单.csv', '\uFEFF\r\n,,,\r\n');
    const err = await fileError(read(file));
    expect(errorMessage('zh', err)).toBe(`文件 ${file} 是空的：请重新从系统导出，或把它从输入中去掉。`);
  });

  it('unterminated quote names the line it starts on', async () => {
    const file = writeExport(tempDir(), '刷卡单.csv', [SWIPES_HEADER, SWIPE_ROWS[0], 'SK-2,"李娜,LSV002,2026-10-09,2026-10-10,1,x', 'SK-3,王芳,LSV003,2026-10-09,2026-10-10,1,x'].join('\n'));
    const err = await fileError(read(file));
    expect(err.code).toBe('unterminated-quote');
    expect(err.params.line).toBe(3);
  });

  it('missing required column names the column, the aliases tried and the closest header', async () => {
    const file = writeExport(tempDir(), '刷卡单.csv', '刷卡单号,车架号,提车日期,提交日期时间\nSK-1,LSV1,2026-10-09,2026-10-10\n');
    const opened = await openFile({ file }, ctx);
    const err = missingColumnError(opened, 'en')!;
    expect(err.code).toBe('missing-column');
    expect(errorMessage('en', err)).toBe(
      `${file} (card-swipe slips) lacks the required column "提交日期" (tried: 提交日期, 交财务日期, 刷卡单提交日期, 提交时间); the closest header is "提交日期时间": add the column to the export, or add an alias under datasets.swipes.columns in isla.config.yaml.`,
    );
  });
});

describe('undecodable GB18030', () => {
  it('names the line of the first bad byte', async () => {
    const good = iconv.encode([SWIPES_HEADER, ...SWIPE_ROWS].join('\n') + '\n', 'gb18030');
    // 0xFF starts no GB18030 character.
    const file = writeExport(tempDir(), '刷卡单.csv', Buffer.concat([good, Buffer.from('SK-9,', 'latin1'), Buffer.from([0xff, 0xff]), Buffer.from(',x\n', 'latin1')]));
    const err = await fileError(read(file, undefined, 'gb18030'));
    expect(err.code).toBe('undecodable');
    expect(err.params.line).toBe(4);
  });
});
