// Hostile input, part 1: usage, options and config. Each case: the exact exit
// code, one plain sentence on stderr in the user's language, no stack trace.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../src/commands/terminal.js';
import { CLI, ROOT, runCli, tempDir, writeExport } from '../helpers.js';

const CASES = path.join(ROOT, 'test', 'hostile', 'cases');
const SAMPLE_ARGS = ['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00'];
const work = tempDir('isla-hostile-');
writeFileSync(path.join(work, 'notes.txt'), 'not a folder\n');
writeFileSync(path.join(work, 'gbk.yaml'), iconv.encode('# 财务部配置\ntimezone: Asia/Shanghai\n', 'gbk'));
writeFileSync(path.join(work, 'huge.yaml'), `# ${'x'.repeat(2 << 20)}\n`);

/** One sentence, ending in 。or ., nothing after it: no stack, no second line, no raw escape. */
function expectOneSentence(stderr: string, sentence: string): void {
  expect(stderr).toBe(sentence + '\n');
  expect(stderr).not.toMatch(/\n\s+at |\x1b/);
}

describe('usage errors exit 2 with one sentence in the user language', () => {
  it.each([
    ['an unknown option', ['check', '--bogus'], '没有选项 --bogus：运行 isla check --help 查看用法。'],
    ['a misspelt option, naming the closest', ['check', '--formt', 'json'], '没有选项 --formt（是不是 --format？）：运行 isla check --help 查看用法。'],
    ['a missing argument', ['calendar'], '缺少参数 <month>：运行 isla calendar --help 查看用法。'],
    ['a missing argument, in English', ['calendar', '--lang', 'en'], 'missing the argument <month>: run isla calendar --help to see the usage.'],
    ['an unknown command', ['chekc'], '没有命令 chekc（是不是 check？）：运行 isla --help 查看用法。'],
    ['an option without its value', ['check', '-f'], '选项 -f, --format <format> 缺少值：运行 isla check --help 查看用法。'],
    ['too many arguments', ['calendar', '2026-10', '2026-11'], '参数太多（calendar 2026-10 2026-11）：运行 isla calendar --help 查看用法。'],
    ['a repeated -f', [...SAMPLE_ARGS, '-f', 'json', '-f', 'csv'], '选项 --format 只能给一次（给了“json”和“csv”）：请只保留一个。'],
    ['two --as-of', [...SAMPLE_ARGS, '--as-of', '2026-11-07'], '选项 --as-of 只能给一次（给了“2026-11-06T09:00”和“2026-11-07”）：请只保留一个。'],
    ['an empty --department', [...SAMPLE_ARGS, '--department', ''], '选项 --department 的值是空的：请写出要用的值，或去掉这个选项。'],
    ['an empty --config', [...SAMPLE_ARGS, '-c', ' '], '选项 --config 的值是空的：请写出要用的值，或去掉这个选项。'],
    ['"-" as an input', ['check', '-', '--as-of', '2026-11-06'], 'isla 不从标准输入读取数据（输入“-”）：请给出导出文件或所在文件夹的路径。'],
    ['a period after --as-of', [...SAMPLE_ARGS, '-p', '2027-03'], '期间 2027-03 在检查时点 2026-11-06 之后，还没有可检查的内容：请检查 -p/--period 的月份，或用 --as-of 指定检查时点。'],
    ['a period that is no month', [...SAMPLE_ARGS, '-p', '2026年13月'], '选项 --period 的值“2026年13月”无效：应为 2026-10、2026年10月 或 2026-10-01..2026-10-31。'],
    ['a misspelt rule id', [...SAMPLE_ARGS, '--rule', 'kf-2a'], '选项 --rule 的值“kf-2a”无效：最接近的是 KF-02a。'],
  ])('%s', async (_name, args, sentence) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneSentence(stderr, sentence);
  });

  it('--help is in Chinese, and in English with --lang en', async () => {
    const zh = await runCli(['check', '--help']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^用法： isla check/);
    expect(zh.stdout).toContain('选项：');
    expect(zh.stdout).toContain('-h, --help             显示帮助');
    expect(zh.stdout).toContain('（默认：table）');
    const en = await runCli(['check', '--help', '--lang', 'en']);
    expect(en.stdout).toMatch(/^Usage: isla check/);
    expect(en.stdout).toContain('(default: table)');
    expect(en.stdout).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('isla init refuses what is not a folder', () => {
  it.each([
    ['a file name', 'my.yaml', 'isla init 的参数应是文件夹，而 my.yaml 看起来是文件名：请写 isla init 文件夹，会生成 文件夹/isla.config.yaml（其他文件名可用 -c 指定读取）。'],
    ['an existing file', 'notes.txt', 'isla init 的参数应是文件夹，而 notes.txt 是一个已有的文件：请写 isla init 文件夹，会生成 文件夹/isla.config.yaml（其他文件名可用 -c 指定读取）。'],
  ])('%s', async (_name, arg, sentence) => {
    const { code, stderr } = await runCli(['init', arg], {}, work);
    expect(code).toBe(2);
    expectOneSentence(stderr, sentence);
  });
});

describe('a hostile config is one sentence, exit 2', () => {
  it.each([
    ['a YAML alias bomb', path.join(CASES, 'alias-bomb.yaml'), '：YAML 别名（*引用）展开得太多，像是恶意构造的文件：请去掉多层 & / * 引用，直接写出设置。'],
    ['workdays: 100000000', path.join(CASES, 'workdays-huge.yaml'), ' 第 3 行：rules.KF-02a.due.workdays：应为不大于 366 的数，实际为 100000000。'],
    ['a wrong type, in Chinese', path.join(CASES, 'wrong-type.yaml'), ' 第 2 行：calendar.extraHolidays：应为列表（如 [a, b]），实际为 5。'],
    ['a GBK file', path.join(work, 'gbk.yaml'), '：不是 UTF-8 编码（看起来是 GBK/GB18030）：请用记事本或 VS Code 另存为“UTF-8”编码后重试。'],
    ['a 2 MB file', path.join(work, 'huge.yaml'), '：文件有 2.0 MB，不像配置文件（上限 1 MB）：请检查 -c/--config 是否指向了数据文件。'],
  ])('%s', async (_name, file, detail) => {
    const { code, stdout, stderr } = await runCli([...SAMPLE_ARGS, '-c', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneSentence(stderr, `配置文件 ${file}${detail}`);
  });

  it('a JSON config with // and /* */ comments is read as JSONC', async () => {
    const { code, stdout, stderr } = await runCli([...SAMPLE_ARGS, '-f', 'json', '--rule', 'KF-02a', '-c', path.join(CASES, 'commented.json')]);
    expect(stderr).toBe('');
    expect(code).toBe(0); // KF-02a became a warning
    const findings = JSON.parse(stdout).findings as { ruleId: string; severity: string }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => `${f.ruleId} ${f.severity}`))).toEqual(new Set(['KF-02a warning']));
  });
});

describe('what clerks type is understood', () => {
  it.each(['2026年10月', '2026/10', '202610', '２０２６-10'])('-p %s is October 2026', async (period) => {
    const { code, stdout } = await runCli([...SAMPLE_ARGS, '-f', 'json', '-p', period]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).period).toEqual({ label: '2026-10', start: '2026-10-01', end: '2026-10-31' });
  });

  it('rule ids in any case, department lists with spaces and Chinese commas', async () => {
    const { code, stdout, stderr } = await runCli([...SAMPLE_ARGS, '-f', 'json', '--rule', 'kf-02a, xd-02', '--department', '客服部, 消贷部']);
    expect([code, stderr]).toEqual([1, '']);
    const ids = new Set((JSON.parse(stdout).findings as { ruleId: string }[]).map((f) => f.ruleId));
    expect(ids).toEqual(new Set(['KF-02a', 'XD-02']));
    const both = await runCli([...SAMPLE_ARGS, '-f', 'json', '--department', '客服部，保险部']);
    expect(new Set((JSON.parse(both.stdout).findings as { department: string }[]).map((f) => f.department))).toEqual(new Set(['客服部', '保险部']));
  });

  it('TERM=dumb means no colour, even at a terminal', () => {
    expect(wantsColor(true, { TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColor(true, { TERM: 'xterm-256color' }, true)).toBe(true);
    expect(wantsColor(true, { TERM: 'dumb', FORCE_COLOR: '1' }, true)).toBe(true);
  });
});

describe('a closed stdout (isla check … | head)', () => {
  it('ends quietly with the run\'s own exit code', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 4000 }, (_, i) => `SK-${i},V${i},2026-10-09,2026-10-20`);
    writeExport(dir, '刷卡单.csv', `刷卡单号,车架号,提车日期,提交日期\n${rows.join('\n')}\n`);
    const child = spawn(process.execPath, [CLI, 'check', dir, '--as-of', '2026-11-06', '-f', 'csv'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // what head does after its lines
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});
