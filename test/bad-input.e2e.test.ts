// Issue 15's exports through the built CLI: the bytes a clerk really has, the
// numbers and problems isla reports, and the exit code a cron job acts on.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir, writeExport } from './helpers.js';

const run = promisify(execFile);

async function check(files: Record<string, string>, extra: string[] = []) {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeExport(dir, name, content);
  try {
    // --as-of once: a test that gives its own replaces the default (a repeated option is refused).
    const asOf = extra.includes('--as-of') ? [] : ['--as-of', '2026-11-06T09:00'];
    const { stdout } = await run(process.execPath, [CLI, 'check', dir, ...asOf, '-f', 'json', ...extra]);
    return { code: 0, result: JSON.parse(stdout) };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, result: err.stdout ? JSON.parse(err.stdout) : null, stderr: err.stderr };
  }
}

const SWIPES = '刷卡单号,车架号,提车日期,提交日期,刷卡金额\n';

describe('what used to be exit 0 with numbers that looked fine', () => {
  it.each([
    [
      'three slips, two never delivered (未交, 待补)',
      { '刷卡单.csv': SWIPES + 'SK-1,V1,2026-10-09,2026-10-10,100\nSK-2,V2,2026-10-09,未交,100\nSK-3,V3,2026-10-15,待补,100\n' },
      1, { due: 3, onTime: 1, overdue: 2, onTimeRate: 0.3333, notJudged: 0 }, ['invalid-date', 'invalid-date'],
    ],
    [
      'a "-" in 刷卡金额 beside a slip ten days late',
      { '刷卡单.csv': SWIPES + 'SK-1,V1,2026-10-09,2026-10-19,-\n' },
      1, { due: 1, late: 1, notJudged: 0 }, [],
    ],
    [
      'a Mac Excel "CSV (Macintosh)" file with lone CR line endings',
      { '刷卡单.csv': (SWIPES + 'SK-1,V1,2026-10-09,2026-10-10,100\nSK-2,V2,2026-10-15,2026-10-16,100\n').replace(/\n/g, '\r') },
      0, { due: 2, onTime: 2, notJudged: 0 }, [],
    ],
    [
      'an unreadable pickup date and nothing else wrong',
      { '刷卡单.csv': SWIPES + 'SK-1,V1,2026-10-09,2026-10-10,100\nSK-2,V2,2026-09-31T10:00+08:00,2026-10-02,100\n' },
      1, { due: 1, onTime: 1, notJudged: 1 }, ['invalid-date'],
    ],
    [
      'a report log whose 部门 says 消贷',
      { '报表报送.csv': '部门,报表名称,所属月份,提交时间\n消贷,欠款报表,2026-09,2026-10-03 10:00\n' },
      1, { notJudged: 1 }, ['unknown-department'],
    ],
  ])('%s', async (_name, files, code, total, codes) => {
    // Only the department the export belongs to: the other datasets are simply not provided.
    const department = '报表报送.csv' in files ? '消贷部' : '客服部';
    const { code: exit, result } = await check(files, ['--department', department]);
    expect(exit).toBe(code);
    expect(result.summary.total).toMatchObject(total);
    expect(result.problems.map((p: { code: string }) => p.code)).toEqual(codes);
  });

  it('--fail-on none still exits 0 with rows not judged', async () => {
    const { code } = await check({ '刷卡单.csv': SWIPES + 'SK-2,V2,0026-10-09,2026-10-10,100\n' }, ['--fail-on', 'none']);
    expect(code).toBe(0);
  });

  it('--as-of with an impossible date and an offset is bad usage (exit 2)', async () => {
    const { code, stderr } = await check({ '刷卡单.csv': SWIPES + 'SK-1,V1,2026-10-09,2026-10-10,100\n' }, ['--as-of', '2026-02-30T09:00Z', '--lang', 'en']);
    expect(code).toBe(2);
    expect(stderr).toBe('Option --as-of has an invalid value "2026-02-30T09:00Z": use 2026-11-02, 2026-11-02T09:00 or a time with an offset.\n');
  });
});
