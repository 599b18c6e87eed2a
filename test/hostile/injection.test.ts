// Hostile input, part 2: escape sequences, control characters and bidi overrides
// in the data never reach a terminal or a text file raw. HTML and JSON keep their
// own escaping.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/index.js';
import { mdText } from '../../src/report/markdown.js';
import { visible } from '../../src/report/visible.js';
import { sampleResult } from '../report/sample-result.js';
import { runCli, tempDir, writeExport } from '../helpers.js';

const CLEAR = '\x1b[2J';
const LINK = '\x1b]8;;http://evil.example/\x07点我\x1b]8;;\x07';
const TITLE = '\x1b]0;pwned\x07';
const BIDI = '\u202Eabc\u202C';
const CSI_C1 = '\x9b31m';

/** Raw control, C1, bidi and zero-width characters; line ends (LF, CRLF) are the format's own. */
const RAW = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069]|\r(?!\n)|\ufeff(?!Department|部门)/;

function hostileResult() {
  const result = sampleResult();
  const late = result.findings[0]!;
  late.customer = `张${CLEAR}伟${LINK}`;
  late.handler = `李${TITLE}娜${BIDI}`;
  late.key = `SK-1\r\nSK-2${CSI_C1}`;
  result.findings[1]!.message = `说明${CLEAR}`;
  result.warnings.push({ code: 'calendar-coverage', message: `警告${TITLE}${BIDI}` });
  result.problems[0]!.message = `坏值${LINK}`;
  return result;
}

describe('the shared sanitiser', () => {
  it.each([
    [CLEAR, '\\x1b[2J'],
    [LINK, '\\x1b]8;;http://evil.example/\\x07点我\\x1b]8;;\\x07'],
    [BIDI, '\\u202eabc\\u202c'],
    ['a\r\nb\tc', 'a\\r\\nb\\tc'],
    [CSI_C1, '\\x9b31m'],
    ['\u200b\ufeff', '\\u200b\\ufeff'],
    ['张伟 ¥1,000（元）', '张伟 ¥1,000（元）'],
  ])('%j → %s', (raw, shown) => {
    expect(visible(raw)).toBe(shown);
  });

  it('Markdown escapes & < > | * and keeps data from autolinking', () => {
    expect(mdText('A&B <b>|*x*')).toBe('A\\&B \\<b\\>\\|\\*x\\*');
    expect(mdText('see http://evil.example and www.evil.example or boss@evil.example')).toBe('see http\\://evil.example and www\\.evil.example or boss\\@evil.example');
  });
});

describe.each(['table', 'markdown', 'csv'] as const)('--format %s', (format) => {
  const text = [...FORMATS[format](hostileResult(), { lang: 'zh', color: false, verbose: true })].join('');
  // Markdown backslash-escapes the backslash and the bracket: it renders as \x1b[2J.
  const shown = format === 'markdown' ? ['\\\\x1b\\[2J', '\\\\x1b\\]8;;http\\:', '\\\\u202e'] : ['\\x1b[2J', '\\x1b]8;;http:', '\\u202e'];
  it('shows the escape sequences visibly, never raw', () => {
    expect(text).not.toMatch(RAW);
    for (const s of shown) expect(text).toContain(s);
  });

  it('with colour on, the only escape sequences are its own colours', () => {
    const coloured = [...FORMATS[format](hostileResult(), { lang: 'zh', color: true, verbose: true })].join('');
    expect(coloured.replace(/\x1b\[\d+m/g, '')).not.toMatch(RAW);
  });

  it('keeps each finding on its line: CR/LF in a cell are escaped', () => {
    expect(text).toContain(format === 'markdown' ? 'SK-1\\\\r\\\\nSK-2' : 'SK-1\\r\\nSK-2');
  });
});

describe.each(['html', 'json'] as const)('--format %s stays as it is (its own escaping is safe)', (format) => {
  it('keeps the value itself', () => {
    const text = [...FORMATS[format](hostileResult(), { lang: 'zh', color: false, verbose: true })].join('');
    expect(text).toContain(format === 'json' ? '\\u001b[2J' : '\x1b[2J');
  });
});

describe('a real export with escape sequences in its cells', () => {
  const dir = tempDir();
  writeExport(
    dir,
    '刷卡单.csv',
    `刷卡单号,车架号,提车日期,提交日期,客户姓名\nSK-1,V1,2026-10-09,2026-10-20,"张${CLEAR}伟${LINK}"\nSK-2,V2,2026-10-09${TITLE},2026-10-10,"王\r\n五${BIDI}"\n`,
  );
  const reportDir = tempDir();

  it.each(['table', 'markdown', 'csv'])('-f %s, with --verbose and --report: nothing raw on stdout, stderr or in the text reports', async (format) => {
    const { code, stdout, stderr } = await runCli(['check', dir, '--as-of', '2026-11-06', '-f', format, '--verbose', '--report', reportDir], { FORCE_COLOR: '0' });
    expect(code).toBe(1);
    expect(stdout).not.toMatch(RAW);
    expect(stderr).not.toMatch(RAW);
    // The table cuts the customer cell at 20 columns: the link's start is cut off there.
    const shown = { table: '张\\x1b[2J伟', markdown: '\\\\x1b\\]8;;http\\://evil.example/\\\\x07', csv: '\\x1b]8;;http://evil.example/\\x07' }[format]!;
    expect(stdout).toContain(shown);
    for (const name of ['summary.md', 'findings.csv']) expect(readFileSync(path.join(reportDir, '2026-10', name), 'utf8')).not.toMatch(RAW);
  });

  it('--strict lists the rejected row on stderr with the escapes visible, then one sentence', async () => {
    const { code, stderr } = await runCli(['check', dir, '--as-of', '2026-11-06', '--strict']);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(RAW);
    expect(stderr).toContain('\\x1b]0;pwned\\x07');
    expect(stderr.trim().split('\n').at(-1)).toBe('--strict：有 1 行数据被拒绝（见上方列表）：请修正这些行后重新导出，或去掉 --strict。');
  });

  it('inspect shows the rejected value with the escapes visible', async () => {
    const { stdout } = await runCli(['inspect', dir]);
    expect(stdout).not.toMatch(RAW);
    expect(stdout).toContain('\\x1b]0;pwned');
  });
});
