// The sample month checked with finance's small waiver log (fixtures/waivers-example),
// through the built CLI: what changes, what the head of 客服部 sees, and that worker
// threads, inspect and rules know the log too.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, tempDir, writeExport } from './helpers.js';

const run = promisify(execFile);

async function isla(args: string[], env: Record<string, string> = {}) {
  try {
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...base } = process.env;
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const WITH_LOG = ['check', 'fixtures/2026-10', 'fixtures/waivers-example', '--as-of', '2026-11-06T09:00'];
const LOG_FILE = path.join('fixtures', 'waivers-example', '延期豁免登记.csv');

describe('the sample month with a waiver log', async () => {
  const before = JSON.parse((await isla(['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00', '-f', 'json'])).stdout);
  const { code, stdout, stderr } = await isla([...WITH_LOG, '-f', 'json']);
  const after = JSON.parse(stdout);

  it('changes only 客服部’s numbers, as approved', () => {
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(before.summary.total).toEqual({ due: 100, onTime: 76, late: 17, overdue: 7, pending: 0, extended: 0, waived: 0, otherFindings: 11, onTimeRate: 0.76, notJudged: 2 });
    expect(after.summary.total).toEqual({ due: 99, onTime: 78, late: 15, overdue: 6, pending: 1, extended: 3, waived: 1, otherFindings: 10, onTimeRate: 0.7879, notJudged: 2 });
    const kf = (r: { summary: { byDepartment: { department: string }[] } }) => r.summary.byDepartment.find((d) => d.department === '客服部');
    expect(kf(before)).toEqual({ department: '客服部', due: 26, onTime: 18, late: 5, overdue: 3, pending: 0, extended: 0, waived: 0, otherFindings: 2, onTimeRate: 0.6923, notJudged: 0 });
    expect(kf(after)).toEqual({ department: '客服部', due: 25, onTime: 20, late: 3, overdue: 2, pending: 1, extended: 3, waived: 1, otherFindings: 1, onTimeRate: 0.8, notJudged: 0 });
    const others = (r: { summary: { byDepartment: { department: string }[] } }) => r.summary.byDepartment.filter((d) => d.department !== '客服部');
    expect(others(after)).toEqual(others(before));
  });

  it('lists every approved item with its status under the approval, and the mistyped VIN as unmatched', () => {
    expect(after.approved.map((a: { ruleId: string; key: string; status: string; waiver: { until: string | null; retroactive: boolean; line: number } }) => [a.ruleId, a.key, a.status, a.waiver.until, a.waiver.retroactive, a.waiver.line])).toEqual([
      ['KF-01', 'BX-KF-002', 'late', '2026-10-17', false, 5],
      ['KF-02a', 'SK-0005', 'pending', '2026-11-10', false, 4],
      ['KF-02a', 'SK-0003', 'onTime', '2026-10-12', false, 2],
      ['KF-02a', 'SK-0004', 'onTime', '2026-10-20T18:00', true, 3],
      ['KF-02b', 'YW20261007', 'waived', null, false, 6],
    ]);
    expect(after.waiverLog).toEqual({ applied: 5, unmatched: [{ file: LOG_FILE, line: 7, ruleId: 'KF-03b', key: 'LSVAU2180N259O978' }] });
    expect(after.inputs.at(-1)).toEqual({ dataset: 'waivers', file: LOG_FILE, encoding: 'utf-8', delimiter: ',', rows: 6, rejected: 0 });
  });

  it('worker threads judge with the same approvals', async () => {
    const one = await isla([...WITH_LOG, '-f', 'json'], { ISLA_WORKERS: '0' });
    const two = await isla([...WITH_LOG, '-f', 'json'], { ISLA_WORKERS: '2' });
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toBe(stdout);
  });

  it('the terminal shows the extension beside the item, the section and the log count; --verbose the unmatched list', async () => {
    const text = (await isla(WITH_LOG)).stdout;
    expect(text).toMatch(/KF-01\s+BX-KF-002\s+10-09\s+10-16\s+10-19\s+2\s+孙浩\n {6}已批准延期至 10-17 · 王经理\n/);
    expect(text).toContain('已批准延期与豁免（5）');
    expect(text).toContain('  延期豁免登记：采用 5 条，未匹配 1 条 （加 --verbose 列出）');
    expect((await isla([...WITH_LOG, '--verbose'])).stdout).toContain(`  延期豁免登记：采用 5 条，未匹配 1 条\n    ${LOG_FILE}:7  KF-03b  LSVAU2180N259O978\n`);
  });

  it('the report set carries it in every file', async () => {
    const dir = tempDir();
    await isla([...WITH_LOG, '--report', dir]);
    const set = (name: string) => readFileSync(path.join(dir, '2026-10', name), 'utf8');
    expect(JSON.parse(set('summary.json')).approved).toHaveLength(5);
    expect(set('summary.md')).toContain('| 客服部 | KF-02a | SK-0004 | 按时 | 延期至 10-20 18:00 · 事后批准 | 王经理 | 2026-10-19 | 客户在外地，签字单下周寄回 |');
    expect(set('summary.html')).toContain('已批准延期与豁免 (5)');
    expect(set('findings.csv')).toContain(',已豁免,');
  });
});

describe('inspect and rules know the waiver log', () => {
  it('inspect checks each approval as check reads it', async () => {
    const dir = tempDir();
    writeExport(dir, '延期豁免登记.csv', '规则编号,编号,新截止时间,免予考核,审批人,审批日期,说明\nKF-2a,SK-1,2026-10-12,,王经理,2026-10-09,\nKF-02a,SK-1,2026-10-12,,王经理,2026-10-09,\n');
    const { code, stdout } = await isla(['inspect', dir]);
    expect(code).toBe(0);
    expect(stdout).toContain('数据: waivers（延期豁免登记），依据 文件名');
    expect(stdout).toContain('    规则 ← 规则编号');
    expect(stdout).toContain('    延期至 ← 新截止时间');
    expect(stdout).toContain('  读取: 2  拒绝: 1  可采用的批准: 1');
    expect(stdout).toContain('    第 2 行  [invalid-waiver]  这条延期/豁免登记不能采用：没有规则 KF-2a，是不是 KF-02a？');
  });

  it('rules says how an approval attaches to the items', async () => {
    const { stdout } = await isla(['rules', '--lang', 'en']);
    expect(stdout.trim().split('\n').at(-1)).toBe(
      'Extensions and waivers: finance logs each approval as one row of approved extensions and waivers (waivers; columns 规则, 单号, 延期至, 豁免, 批准人, 批准日期, 原因), matched to the items above by rule id and key; deadline and report items can be extended or waived, the other automatic checks only waived, manual items need no entry.',
    );
  });
});
