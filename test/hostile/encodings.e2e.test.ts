// Hostile input, part 5: encodings a detector can get wrong. UTF-16 without a BOM
// keeps its first character and every column; one stray GBK byte in a UTF-8 file
// rejects its row instead of turning the file into mojibake; a guess that later
// bytes contradict is revisited.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../src/ingest/encoding.js';
import { sniffFile, streamRecords } from '../../src/ingest/read-file.js';
import { runCli, tempDir, writeExport } from '../helpers.js';

const AS_OF = ['--as-of', '2026-11-06T09:00'];
const TSV = '刷卡单号\t车架号\t提车日期\t提交日期\t客户姓名\nSK-1\tV1\t2026-10-09\t2026-10-20\t一丁\nSK-2\tV2\t2026-10-09\t2026-10-10\t王五\n';

describe('UTF-16 without a byte-order mark', () => {
  it.each(['utf-16le', 'utf-16be'])('%s: detected, first character and every column kept', async (encoding) => {
    const dir = tempDir();
    writeExport(dir, '刷卡单.txt', iconv.encode(TSV, encoding));
    const { code, stdout, stderr } = await runCli(['check', dir, ...AS_OF, '-f', 'json']);
    expect([code, stderr]).toEqual([1, '']);
    const result = JSON.parse(stdout);
    expect(result.inputs[0]).toMatchObject({ encoding, delimiter: '\t', rows: 2, rejected: 0 });
    expect(result.findings.map((f: { key: string; customer: string; status: string }) => [f.key, f.customer, f.status])).toEqual([['SK-1', '一丁', 'late']]);
  });

  it('named with --encoding, a file without a BOM loses nothing', async () => {
    const dir = tempDir();
    writeExport(dir, '刷卡单.txt', iconv.encode(TSV, 'utf-16le'));
    const { stdout } = await runCli(['check', dir, ...AS_OF, '-f', 'json', '--encoding', 'utf-16le']);
    expect(JSON.parse(stdout).inputs[0]).toMatchObject({ rows: 2, rejected: 0 });
  });
});

describe('a stray GBK byte in a UTF-8 file', () => {
  const rows = Array.from({ length: 20 }, (_, i) => `SK-${i},V${i},2026-10-09,2026-10-10,客户${i}\n`).join('');
  const header = '刷卡单号,车架号,提车日期,提交日期,客户姓名\n';
  const stray = (before: string) => Buffer.concat([Buffer.from(`${header}${before}SK-X,VX,2026-10-09,2026-10-10,`), iconv.encode('张', 'gbk'), Buffer.from(`\n${rows}`)]);

  it.each([
    ['in the first 64 KiB', '', 2],
    ['after the first 64 KiB', rows.replace(/SK-/g, 'SK-A').repeat(1).concat(Array.from({ length: 4000 }, (_, i) => `SK-B${i},VB${i},2026-10-09,2026-10-10,客户${i}\n`).join('')), 2 + 20 + 4000],
  ])('%s: still UTF-8, that row rejected naming its line and column, the rest checked', async (_name, before, line) => {
    const dir = tempDir();
    const file = writeExport(dir, '刷卡单.csv', stray(before));
    const { code, stdout, stderr } = await runCli(['check', dir, ...AS_OF, '-f', 'json']);
    expect([code, stderr]).toEqual([0, '']);
    const result = JSON.parse(stdout);
    const total = before.split('\n').length - 1 + 21;
    expect(result.inputs[0]).toMatchObject({ encoding: 'utf-8', rows: total, rejected: 1 });
    expect(result.problems.map((p: { file: string; line: number; field: string; value: string; code: string }) => [p.file, p.line, p.field, p.value, p.code])).toEqual([[file, line, '客户姓名', '\uFFFD\uFFFD', 'undecodable-cell']]);
    expect(result.problems[0].message).toBe('“客户姓名”的值“��”中有不是 UTF-8 的字节（显示为 �，多半是混进来的 GBK 字符），该行无法检查：请在原系统中修正后重新导出，或用 --encoding 指定编码');
    expect(result.findings).toEqual([]);
  });

  it('in the header line: exit 2 naming line 1, not a missing column', async () => {
    const dir = tempDir();
    const file = writeExport(dir, '刷卡单.csv', Buffer.concat([Buffer.from('刷卡单号,车架号,提车日期,提交日期,'), iconv.encode('客户姓名', 'gbk'), Buffer.from(`\n${rows}`)]));
    const { code, stderr } = await runCli(['check', dir, ...AS_OF]);
    expect(code).toBe(2);
    expect(stderr).toBe(`文件 ${file} 第 1 行无法按 utf-8 编码读取：请用 --encoding 指定正确的编码（如 gb18030、utf-8），或在 Excel 中另存为“CSV UTF-8”。\n`);
  });

  it('--encoding utf-8 on a GBK file: exit 2 naming the first bad line', async () => {
    const dir = tempDir();
    const file = writeExport(dir, '刷卡单.csv', Buffer.concat([Buffer.from(header), iconv.encode(rows, 'gbk')]));
    const { code, stderr } = await runCli(['check', dir, ...AS_OF, '--encoding', 'utf-8']);
    expect(code).toBe(2);
    expect(stderr).toBe(`文件 ${file} 第 2 行无法按 utf-8 编码读取：请用 --encoding 指定正确的编码（如 gb18030、utf-8），或在 Excel 中另存为“CSV UTF-8”。\n`);
  });

  it('a real GBK file is still GB18030', () => {
    expect(detectEncoding(iconv.encode(`${header}${rows}`, 'gbk'), true)).toBe('gb18030');
  });
});

describe('a GBK file whose first 64 KiB is plain ASCII', () => {
  it('is read as GB18030 from the first Chinese byte on, nothing lost', async () => {
    const dir = tempDir();
    const ascii = Array.from({ length: 8000 }, (_, i) => `SK-${i},V${i},2026-10-09,2026-10-10,Li ${i}\n`).join('');
    const file = writeExport(dir, 'swipes.csv', Buffer.concat([Buffer.from(`No,VIN,Pickup,Submitted,Customer\n${ascii}`), iconv.encode('SK-Z,VZ,2026-10-09,2026-10-10,张伟\n', 'gbk')]));
    const layout = await sniffFile(file, new Set(['No', 'VIN', 'Pickup', 'Submitted', 'Customer']));
    expect(layout.encoding).toBe('utf-8');
    const last: string[][] = [];
    let count = 0;
    await streamRecords(layout, (fields) => {
      count++;
      if (fields[0] === 'SK-Z') last.push(fields);
    });
    expect([count, layout.encoding, layout.lossy]).toEqual([8001, 'gb18030', undefined]);
    expect(last).toEqual([['SK-Z', 'VZ', '2026-10-09', '2026-10-10', '张伟']]);
  });
});
