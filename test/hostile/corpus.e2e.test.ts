// The hostile-input corpus of issue 16, one case per row: the files are in
// test/hostile/cases/ (small ones committed, large and special ones — a FIFO, a
// socket, a 2 MB config, 5,000-character names — made here). Every case is run
// through the real CLI and held to the same four things: the exact exit code, at
// most one plain sentence on stderr (in Chinese unless --lang en), no stack trace,
// and no raw control, escape or bidi character in stdout, stderr or a text report.
// The other files of this folder assert each case's details.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ROOT, SAMPLE, runCli, tempDir, writeExport } from '../helpers.js';

const CASES = path.join(ROOT, 'test', 'hostile', 'cases');
const AS_OF = ['--as-of', '2026-11-06T09:00'];
const SAMPLE_CHECK = ['check', SAMPLE, ...AS_OF];
const SWIPES = '刷卡单号,车架号,提车日期,提交日期,客户姓名\n';
/** Raw control, C1, bidi and zero-width characters; line ends (LF, CRLF) are the format's own. */
const RAW = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069]|\r(?!\n)|\ufeff(?!Department|部门)/;
const STACK = /\n\s+at |Error:|内部错误/;

const work = tempDir('isla-corpus-');
const at = (...parts: string[]): string => path.join(work, ...parts);
const casePath = (name: string): string => path.join(CASES, name);
let socket: ReturnType<typeof createServer> | null = null;

beforeAll(async () => {
  for (const folder of ['many-due', 'long-name', 'strays', 'summary-beside', 'two-halves', 'socket']) mkdirSync(at(folder));
  execFileSync('mkfifo', [at('管道.csv')]);
  writeFileSync(at('huge.yaml'), `# ${'x'.repeat(2 << 20)}\n`);
  writeFileSync(at('notes.txt'), 'not a folder\n');
  writeExport(at('long-name'), '刷卡单.csv', `${SWIPES}${[1, 2, 3].map((i) => `SK-${i},V${i},2026-10-09,2026-10-20,${'客'.repeat(5000)}`).join('\n')}\n`);
  writeExport(at('many-due'), '刷卡单.csv', `${SWIPES}${Array.from({ length: 450 }, (_, i) => `SK-${i},V${i},2026-11-05,,客户${i}`).join('\n')}\n`);
  const strays = at('strays');
  writeExport(strays, '刷卡单.csv', `${SWIPES}SK-1,V1,2026-10-09,2026-10-20,张伟\n`);
  writeExport(strays, '._刷卡单.csv', Buffer.from([0, 5, 22, 7, 0, 2, 0, 0, 0x4d, 0x61, 0x63]));
  writeExport(strays, '.~lock.刷卡单.csv#', 'lock');
  writeExport(strays, '~$刷卡单.csv', 'lock');
  writeExport(strays, 'findings.csv', '\uFEFF部门,规则,状态\r\n客服部,KF-02a,迟交\r\n');
  writeExport(at('summary-beside'), '刷卡单.csv', `${SWIPES}SK-1,V1,2026-10-09,2026-10-20,张伟\n`);
  writeExport(at('summary-beside'), '汇总.csv', readFileSync(casePath('汇总.csv')));
  writeExport(at('two-halves'), '刷卡单-上半月.csv', `${SWIPES}SK-0,V0,2026-10-08,2026-10-09,甲\nSK-1,V1,2026-10-09,2026-10-10,乙\n`);
  writeExport(at('two-halves'), '刷卡单-下半月.csv', `${SWIPES}SK-1,V1,2026-10-19,2026-10-20,乙\n`);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(at('socket', '刷卡单.csv'), resolve));
  socket = server;
});
afterAll(() => socket?.close());

interface Case {
  name: string;
  args: () => string[];
  exit: number;
  /** The whole of stderr: '' or one sentence (a RegExp where it holds a temporary path). */
  stderr: string | RegExp;
  /** Something stdout must show (the visible form of an escape, a cut cell …). */
  stdout?: string | RegExp;
  /** A report set written by the case, whose text files are checked for raw bytes too. */
  report?: () => string;
  cwd?: () => string;
}

const USAGE: Case[] = [
  { name: 'an unknown option', args: () => ['check', '--bogus'], exit: 2, stderr: '没有选项 --bogus：运行 isla check --help 查看用法。' },
  { name: 'a misspelt option', args: () => ['check', '--formt', 'json'], exit: 2, stderr: '没有选项 --formt（是不是 --format？）：运行 isla check --help 查看用法。' },
  { name: 'a missing argument', args: () => ['calendar'], exit: 2, stderr: '缺少参数 <month>：运行 isla calendar --help 查看用法。' },
  { name: 'a missing argument, --lang en', args: () => ['calendar', '--lang', 'en'], exit: 2, stderr: 'missing the argument <month>: run isla calendar --help to see the usage.' },
  { name: 'an unknown command', args: () => ['chekc'], exit: 2, stderr: '没有命令 chekc（是不是 check？）：运行 isla --help 查看用法。' },
  { name: '-f json -f csv', args: () => [...SAMPLE_CHECK, '-f', 'json', '-f', 'csv'], exit: 2, stderr: '选项 --format 只能给一次（给了“json”和“csv”）：请只保留一个。' },
  { name: 'two --as-of', args: () => [...SAMPLE_CHECK, '--as-of', '2026-11-07'], exit: 2, stderr: '选项 --as-of 只能给一次（给了“2026-11-06T09:00”和“2026-11-07”）：请只保留一个。' },
  { name: '--department ""', args: () => [...SAMPLE_CHECK, '--department', ''], exit: 2, stderr: '选项 --department 的值是空的：请写出要用的值，或去掉这个选项。' },
  { name: 'input "-"', args: () => ['check', '-', ...AS_OF], exit: 2, stderr: 'isla 不从标准输入读取数据（输入“-”）：请给出导出文件或所在文件夹的路径。' },
  { name: '-p after --as-of', args: () => [...SAMPLE_CHECK, '-p', '2027-03'], exit: 2, stderr: '期间 2027-03 在检查时点 2026-11-06 之后，还没有可检查的内容：请检查 -p/--period 的月份，或用 --as-of 指定检查时点。' },
  { name: 'a misspelt rule id', args: () => [...SAMPLE_CHECK, '--rule', 'kf-2a'], exit: 2, stderr: '选项 --rule 的值“kf-2a”无效：最接近的是 KF-02a。' },
  { name: '-p 2026年10月, --rule kf-02a, --department "客服部, 保险部"', args: () => [...SAMPLE_CHECK, '-p', '2026年10月', '--rule', 'kf-02a', '--department', '客服部, 保险部'], exit: 1, stderr: '' },
  { name: '-p 2026/10', args: () => [...SAMPLE_CHECK, '-p', '2026/10', '-f', 'csv'], exit: 1, stderr: '' },
  { name: '-p 202610', args: () => [...SAMPLE_CHECK, '-p', '202610', '-f', 'csv'], exit: 1, stderr: '' },
];

const CONFIGS: Case[] = [
  { name: 'a YAML alias bomb', args: () => [...SAMPLE_CHECK, '-c', casePath('alias-bomb.yaml')], exit: 2, stderr: `配置文件 ${casePath('alias-bomb.yaml')}：YAML 别名（*引用）展开得太多，像是恶意构造的文件：请去掉多层 & / * 引用，直接写出设置。` },
  { name: 'workdays: 100000000', args: () => [...SAMPLE_CHECK, '-c', casePath('workdays-huge.yaml')], exit: 2, stderr: `配置文件 ${casePath('workdays-huge.yaml')} 第 3 行：rules.KF-02a.due.workdays：应为不大于 366 的数，实际为 100000000。` },
  { name: 'a wrong type', args: () => [...SAMPLE_CHECK, '-c', casePath('wrong-type.yaml')], exit: 2, stderr: `配置文件 ${casePath('wrong-type.yaml')} 第 2 行：calendar.extraHolidays：应为列表（如 [a, b]），实际为 5。` },
  { name: 'a GBK config', args: () => [...SAMPLE_CHECK, '-c', casePath('gbk-config.yaml')], exit: 2, stderr: `配置文件 ${casePath('gbk-config.yaml')}：不是 UTF-8 编码（看起来是 GBK/GB18030）：请用记事本或 VS Code 另存为“UTF-8”编码后重试。` },
  { name: 'a 2 MB config', args: () => [...SAMPLE_CHECK, '-c', at('huge.yaml')], exit: 2, stderr: /^配置文件 .*huge\.yaml：文件有 2\.0 MB，不像配置文件（上限 1 MB）：请检查 -c\/--config 是否指向了数据文件。$/ },
  { name: 'JSON with comments', args: () => [...SAMPLE_CHECK, '-c', casePath('commented.json'), '--rule', 'KF-02a'], exit: 0, stderr: '' },
  { name: 'isla init my.yaml', args: () => ['init', 'my.yaml'], cwd: () => work, exit: 2, stderr: 'isla init 的参数应是文件夹，而 my.yaml 看起来是文件名：请写 isla init 文件夹，会生成 文件夹/isla.config.yaml（其他文件名可用 -c 指定读取）。' },
  { name: 'isla init onto a file', args: () => ['init', 'notes.txt'], cwd: () => work, exit: 2, stderr: 'isla init 的参数应是文件夹，而 notes.txt 是一个已有的文件：请写 isla init 文件夹，会生成 文件夹/isla.config.yaml（其他文件名可用 -c 指定读取）。' },
];

const notRegular = (file: string, kind: string): RegExp => new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} 不是普通文件（是${kind}），isla 不读取它：请给出导出的数据文件，或把它移出导出文件夹。$`);

const FILES: Case[] = [
  { name: 'a FIFO named *.csv', args: () => ['check', at('管道.csv'), ...AS_OF], exit: 2, stderr: notRegular(at('管道.csv'), '命名管道') },
  { name: 'a socket found in a folder', args: () => ['check', at('socket'), ...AS_OF], exit: 2, stderr: notRegular(at('socket', '刷卡单.csv'), '套接字') },
  { name: 'a device', args: () => ['check', '/dev/zero', ...AS_OF], exit: 2, stderr: notRegular('/dev/zero', '设备文件') },
  { name: '--report /proc/isla', args: () => [...SAMPLE_CHECK, '-q', '--report', '/proc/isla'], exit: 2, stderr: '无法写入 /proc/isla/2026-10（ENOENT）：请检查文件夹是否存在、是否有写入权限。' },
  { name: 'dotfiles, ._ files, lock files and isla\'s findings.csv', args: () => ['check', at('strays'), ...AS_OF, '-f', 'csv'], exit: 1, stderr: '' },
  { name: 'a stray 汇总.csv in the exports folder', args: () => ['check', at('summary-beside'), ...AS_OF], exit: 1, stderr: /^已跳过 .*汇总\.csv：无法判断它是哪类数据；如果它是导出文件，请用 数据集=路径 指定，例如 isla check loans=.*汇总\.csv。$/ },
  { name: 'nothing that can be assigned', args: () => ['check', casePath('汇总.csv'), ...AS_OF], exit: 2, stderr: /^无法判断文件 .*汇总\.csv 是哪类数据（.*）：请用 数据集=路径 指定，例如 isla check loans=.*汇总\.csv。$/ },
  { name: '刷卡单=path', args: () => ['check', `刷卡单=${casePath('repeated-header.csv')}`, ...AS_OF], exit: 1, stderr: '' },
  { name: 'an empty file', args: () => ['check', casePath('empty.csv'), ...AS_OF], exit: 2, stderr: `文件 ${casePath('empty.csv')} 是空的：请重新从系统导出，或把它从输入中去掉。` },
  { name: 'an unclosed quote', args: () => ['check', casePath('unterminated-quote.csv'), ...AS_OF], exit: 2, stderr: `文件 ${casePath('unterminated-quote.csv')} 第 2 行开始的引号没有闭合：请在 Excel 中打开该行，检查单元格里的双引号，修正后重新导出。` },
  { name: 'a ragged row and a quoted comma', args: () => ['check', casePath('ragged-and-quotes.csv'), ...AS_OF, '--verbose'], exit: 1, stderr: '' },
  { name: 'a repeated header row', args: () => ['check', casePath('repeated-header.csv'), ...AS_OF, '-f', 'json'], exit: 1, stderr: '', stdout: '"code":"repeated-header"' },
  { name: 'a duplicate across two files', args: () => ['check', at('two-halves'), ...AS_OF, '-f', 'markdown'], exit: 0, stderr: '', stdout: '首次出现在 刷卡单-上半月.csv 第 3 行' },
  { name: 'XD-07 when the loans file lacks the column', args: () => ['check', path.join(SAMPLE, '放贷记录.csv'), ...AS_OF, '--rule', 'XD-07'], exit: 0, stderr: '', stdout: '文件 放贷记录.csv 中没有“公证费报送日期”列' },
];

const ENCODINGS: Case[] = [
  { name: 'UTF-16 LE without a BOM', args: () => ['check', casePath('utf16le-no-bom.txt'), ...AS_OF], exit: 1, stderr: '', stdout: /utf-16le/ },
  { name: 'a stray GBK byte in a UTF-8 row', args: () => ['check', casePath('stray-gbk-byte.csv'), ...AS_OF, '--verbose'], exit: 0, stderr: '', stdout: /stray-gbk-byte\.csv:7 {2}客户姓名 {2}“客户姓名”的值“��”中有不是 UTF-8 的字节/ },
  { name: 'a stray GBK byte in the header', args: () => ['check', casePath('stray-gbk-header.csv'), ...AS_OF], exit: 2, stderr: `文件 ${casePath('stray-gbk-header.csv')} 第 1 行无法按 utf-8 编码读取：请用 --encoding 指定正确的编码（如 gb18030、utf-8），或在 Excel 中另存为“CSV UTF-8”。` },
];

const INJECTION: Case[] = (['table', 'markdown', 'csv'] as const).map((format) => ({
  name: `escape sequences, CR/LF and bidi in cells, -f ${format} --verbose --report`,
  args: () => ['check', casePath('escapes.csv'), ...AS_OF, '-f', format, '--verbose', '--report', at(`reports-${format}`)],
  exit: 1,
  stderr: '',
  stdout: { table: '张\\x1b[2J伟', markdown: 'A\\&B \\<b\\>\\|\\*x\\* http\\://evil', csv: '\\x1b]8;;http://evil.example/\\x07' }[format],
  report: () => at(`reports-${format}`, '2026-10'),
}));

INJECTION.push({
  name: 'escape sequences in what isla remind lists',
  args: () => ['remind', casePath('remind-escapes.csv'), '--as-of', '2026-11-05T09:00'],
  exit: 1, // an error-severity item is due
  stderr: '',
  stdout: '张\\x1b[2J伟\\x1b]0;t…',
});

const SIZE: Case[] = [
  { name: 'isla remind with 450 items of one department', args: () => ['remind', at('many-due'), '--as-of', '2026-11-05T09:00'], exit: 1, stderr: '', stdout: /\n {2}其余 250 条未列出：加 --report 目录 或用 -f csv 查看全部\n/ },
  { name: 'a 5,000-character customer name', args: () => ['check', at('long-name'), ...AS_OF], exit: 1, stderr: '', stdout: `${'客'.repeat(9)}…` },
  { name: '--strict with a rejected escape-laden row', args: () => ['check', casePath('escapes.csv'), ...AS_OF, '--strict'], exit: 2, stderr: /\\x1b\]0;pwned\\x07.*\n--strict：有 1 行数据被拒绝（见上方列表）：请修正这些行后重新导出，或去掉 --strict。$/s },
];

describe.each([
  ['usage', USAGE],
  ['config', CONFIGS],
  ['files and folders', FILES],
  ['encodings', ENCODINGS],
  ['injection', INJECTION],
  ['size', SIZE],
] as const)('hostile corpus: %s', (_group, cases) => {
  // Each case is its own process on its own files: run a few at once.
  it.concurrent.for(cases.map((c) => [c.name, c] as const))('%s', async ([, c], { expect }) => {
    const { code, stdout, stderr } = await runCli(c.args(), { FORCE_COLOR: '0' }, c.cwd?.());
    expect(code).toBe(c.exit);
    expect(stderr).not.toMatch(STACK);
    expect(stdout).not.toMatch(RAW);
    expect(stderr).not.toMatch(RAW);
    const said = stderr.replace(/\n$/, '');
    if (typeof c.stderr === 'string') expect(said).toBe(c.stderr);
    else expect(said).toMatch(c.stderr);
    // One sentence: no second line (--strict lists its rows above its sentence).
    if (c.stderr !== '' && !c.args().includes('--strict')) expect(said.split('\n')).toHaveLength(1);
    if (c.stdout !== undefined) {
      if (typeof c.stdout === 'string') expect(stdout).toContain(c.stdout);
      else expect(stdout).toMatch(c.stdout);
    }
    if (c.report) {
      for (const name of ['summary.md', 'findings.csv']) {
        const file = path.join(c.report(), name);
        expect(existsSync(file)).toBe(true);
        expect(readFileSync(file, 'utf8')).not.toMatch(RAW);
      }
    }
  });
});
