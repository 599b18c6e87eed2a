// Hostile input, part 4: what folders hold and what files contain. Special files
// are refused before they are opened (a FIFO would block for ever), strays in an
// exports folder are skipped or warned about, and messages name the file.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, SAMPLE, runCli, tempDir, writeExport } from '../helpers.js';

const AS_OF = ['--as-of', '2026-11-06T09:00'];
const SWIPES = '刷卡单号,车架号,提车日期,提交日期\n';

function expectOneSentence(stderr: string, sentence: string): void {
  expect(stderr).toBe(sentence + '\n');
}

describe('only regular files are read', () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
  const folder = path.join(dir, 'month');
  mkdirSync(folder);
  copyFileSync(path.join(SAMPLE, '刷卡单.csv'), path.join(folder, '刷卡单.csv'));
  execFileSync('mkfifo', [path.join(folder, '放贷记录.csv')]);

  it.each([
    ['a FIFO given by name', [fifo], `${fifo} 不是普通文件（是命名管道），isla 不读取它：请给出导出的数据文件，或把它移出导出文件夹。`],
    ['a FIFO found in a folder', [folder], `${path.join(folder, '放贷记录.csv')} 不是普通文件（是命名管道），isla 不读取它：请给出导出的数据文件，或把它移出导出文件夹。`],
    ['a FIFO as dataset=path', [`loans=${fifo}`], `${fifo} 不是普通文件（是命名管道），isla 不读取它：请给出导出的数据文件，或把它移出导出文件夹。`],
    ['a device', ['/dev/zero'], '/dev/zero 不是普通文件（是设备文件），isla 不读取它：请给出导出的数据文件，或把它移出导出文件夹。'],
  ])('%s: exit 2, one sentence, no hang', async (_name, inputs, sentence) => {
    const { code, stdout, stderr } = await runCli(['check', ...inputs, ...AS_OF]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneSentence(stderr, sentence);
  });
});

describe('what an exports folder holds besides the exports', () => {
  const dir = tempDir();
  writeExport(dir, '刷卡单.csv', `${SWIPES}SK-1,V1,2026-10-09,2026-10-20\n`);
  writeExport(dir, '._刷卡单.csv', Buffer.from([0, 5, 22, 7, 0, 2, 0, 0, 0x4d, 0x61, 0x63]));
  writeExport(dir, '.~lock.刷卡单.csv#', 'lock');
  writeExport(dir, '~$刷卡单.csv', 'lock');
  writeExport(dir, '.hidden.csv', 'x,y\n');
  writeExport(dir, 'findings.csv', '\uFEFF部门,规则,状态\r\n客服部,KF-02a,迟交\r\n');
  writeExport(dir, '汇总.csv', '月份,合计\n2026-10,3\n');

  it('skips dotfiles, macOS ._ files, locks and isla\'s own findings.csv; warns about 汇总.csv and goes on', async () => {
    const { code, stdout, stderr } = await runCli(['check', dir, ...AS_OF, '-f', 'json']);
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.inputs.map((i: { file: string }) => path.basename(i.file))).toEqual(['刷卡单.csv']);
    const warning = `已跳过 ${path.join(dir, '汇总.csv')}：无法判断它是哪类数据；如果它是导出文件，请用 数据集=路径 指定，例如 isla check loans=${path.join(dir, '汇总.csv')}。`;
    expect(result.warnings).toEqual([{ code: 'file-skipped', message: warning }]);
    expectOneSentence(stderr, warning);
  });

  it('`isla check DIR > DIR/report.csv`: the report being written is not read as an input', () => {
    const out = openSync(path.join(dir, 'report.csv'), 'w');
    const run = spawnSync(process.execPath, [CLI, 'check', dir, ...AS_OF, '-f', 'csv'], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
    closeSync(out);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain('report.csv');
  });

  it('when nothing at all can be assigned: exit 2 with the dataset= fix', async () => {
    const only = tempDir();
    writeExport(only, '汇总.csv', '月份,合计\n2026-10,3\n');
    const { code, stderr } = await runCli(['check', only, ...AS_OF]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^无法判断文件 .*汇总\.csv 是哪类数据（.*）：请用 数据集=路径 指定，例如 isla check loans=.*汇总\.csv。\n$/);
  });
});

describe('files as clerks make them', () => {
  it('dataset=path takes the Chinese dataset name', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'pos.csv', `${SWIPES}SK-1,V1,2026-10-09,2026-10-20\n`);
    const { code, stdout } = await runCli(['check', `刷卡单=${file}`, ...AS_OF, '-f', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).inputs[0]).toMatchObject({ dataset: 'swipes', file });
  });

  it('a repeated header row mid-file is skipped and listed, not a bad date', async () => {
    const dir = tempDir();
    writeExport(dir, '刷卡单.csv', `${SWIPES}SK-1,V1,2026-10-09,2026-10-20\n${SWIPES}SK-2,V2,2026-10-09,2026-10-10\n`);
    const { code, stdout } = await runCli(['check', dir, ...AS_OF, '-f', 'json']);
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.inputs[0]).toMatchObject({ rows: 2, rejected: 0 });
    expect(result.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([[3, 'repeated-header']]);
    expect(result.findings.map((f: { key: string; status: string }) => [f.key, f.status])).toEqual([['SK-1', 'late']]);
  });

  it('a duplicate across two files names the first file and its line', async () => {
    const dir = tempDir();
    writeExport(dir, '刷卡单-上半月.csv', `${SWIPES}SK-0,V0,2026-10-08,2026-10-09\nSK-1,V1,2026-10-09,2026-10-10\n`);
    writeExport(dir, '刷卡单-下半月.csv', `${SWIPES}SK-1,V1,2026-10-19,2026-10-20\n`);
    const { stdout } = await runCli(['check', dir, ...AS_OF, '-f', 'json']);
    const dup = JSON.parse(stdout).findings.find((f: { status: string }) => f.status === 'duplicate');
    expect(dup.message).toBe('刷卡单号 SK-1 重复，首次出现在 刷卡单-上半月.csv 第 3 行；本行不再检查');
    expect(path.basename(dup.file)).toBe('刷卡单-下半月.csv');
  });

  it('"not checked" names the file that lacks the column', async () => {
    const { stdout } = await runCli(['check', path.join(SAMPLE, '放贷记录.csv'), ...AS_OF, '-f', 'json', '--rule', 'XD-07']);
    expect(JSON.parse(stdout).notChecked).toEqual([{ ruleId: 'XD-07', reason: '文件 放贷记录.csv 中没有“公证费报送日期”列' }]);
  });
});
