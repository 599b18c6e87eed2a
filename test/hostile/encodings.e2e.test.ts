// Hostile input, part 5: encodings a detector can get wrong. UTF-16 without a BOM
// keeps its first character and every column; one stray GBK byte in a UTF-8 file
// is reported on its line instead of turning the file into mojibake.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../src/ingest/encoding.js';
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
  const stray = (before: string) =>
    Buffer.concat([Buffer.from(`刷卡单号,车架号,提车日期,提交日期,客户姓名\n${before}SK-X,VX,2026-10-09,2026-10-10,`), iconv.encode('张', 'gbk'), Buffer.from(`\n${rows}`)]);

  it.each([
    ['in the first 64 KiB', '', 2],
    ['after the first 64 KiB', rows.repeat(200), 2 + 20 * 200],
  ])('%s: still UTF-8, the bad line named, not a missing column', async (_name, before, line) => {
    const dir = tempDir();
    const file = writeExport(dir, '刷卡单.csv', stray(before));
    const { code, stderr } = await runCli(['check', dir, ...AS_OF]);
    expect(code).toBe(2);
    expect(stderr).toBe(`文件 ${file} 第 ${line} 行无法按 utf-8 编码读取：请用 --encoding 指定正确的编码（如 gb18030、utf-8），或在 Excel 中另存为“CSV UTF-8”。\n`);
  });

  it('a real GBK file is still GB18030', () => {
    expect(detectEncoding(iconv.encode(`刷卡单号,车架号,提车日期,提交日期,客户姓名\n${rows}`, 'gbk'), true)).toBe('gb18030');
  });
});
