// Report sets for the trend tests, written by the real `isla check --report` on
// hand-built months of CSV (never hand-written summaries).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkCommand } from '../../src/commands/check.js';
import type { Terminal } from '../../src/commands/terminal.js';
import { tempDir, writeExport } from '../helpers.js';

/** One expense claim: KF-01 (客服部 过户费, 7 days) or RS-02 (人事部 电话费, 5 workdays). */
export interface Claim {
  dept: '客服部' | '人事部';
  /** on time, late, or nothing submitted (overdue at the as-of). */
  outcome: 'onTime' | 'late' | 'overdue';
  handler: string;
}

const quietTerminal = (): Terminal & { lines: string[] } => {
  const lines: string[] = [];
  return { out: () => undefined, err: (l) => lines.push(l), color: false, stderrIsTTY: false, lines };
};

/**
 * The month's claims as 费用报销.csv, checked with `check --report DIR` as of the
 * 6th of the next month. Each claim occurs on the 5th, so its due date (the 12th
 * or 13th) is in the month; on time is the 6th, late the 25th.
 */
export async function checkMonth(dir: string, month: string, claims: Claim[], period: string = month): Promise<string[]> {
  const inputs = tempDir('isla-trend-in-');
  const lines = ['报销单号,部门,费用类别,发生日期,报销日期,经办人'];
  claims.forEach((c, i) => {
    const submitted = c.outcome === 'onTime' ? `${month}-06` : c.outcome === 'late' ? `${month}-25` : '';
    lines.push(`BX-${month}-${i + 1},${c.dept},${c.dept === '客服部' ? '过户费' : '电话费'},${month}-05,${submitted},${c.handler}`);
  });
  writeExport(inputs, '费用报销.csv', lines.join('\r\n') + '\r\n');
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const term = quietTerminal();
  await checkCommand(
    [inputs],
    { asOf: `${next}-06T09:00`, period, format: 'json', output: path.join(inputs, 'out.json'), report: dir, department: ['客服部', '人事部'], failOn: 'none', quiet: false },
    'zh',
    term,
  );
  return term.lines;
}

const claims = (dept: Claim['dept'], outcome: Claim['outcome'], ...handlers: string[]): Claim[] => handlers.map((handler) => ({ dept, outcome, handler }));

/** June to August 2026 as SPEC §10's example reads: the numbers each test expects are worked out here. */
export const MONTHS: Record<string, Claim[]> = {
  // 客服部 3/4 = 75%; 人事部 1/3 = 33.33%; total 4/7 = 57.14%
  '2026-06': [
    ...claims('客服部', 'onTime', '王芳', '王芳', '陈晨'),
    ...claims('客服部', 'late', '李娜'),
    ...claims('人事部', 'onTime', '何静'),
    ...claims('人事部', 'late', '李娜', '赵敏'),
  ],
  // 客服部 2/5 = 40% (−35); 人事部 2/3 = 66.67% (+33.34); total 4/8 = 50% (−7.14)
  '2026-07': [
    ...claims('客服部', 'onTime', '陈晨', '陈晨'),
    ...claims('客服部', 'late', '李娜', '王芳'),
    ...claims('客服部', 'overdue', '李娜'),
    ...claims('人事部', 'onTime', '何静', '何静'),
    ...claims('人事部', 'late', '赵敏'),
  ],
  // 客服部 4/4 = 100% (+60); 人事部 1/2 = 50% (−16.67); total 5/6 = 83.33% (+33.33)
  '2026-08': [
    ...claims('客服部', 'onTime', '王芳', '李娜', '陈晨', '陈晨'),
    ...claims('人事部', 'onTime', '何静'),
    ...claims('人事部', 'overdue', '李娜'),
  ],
};

export async function writeMonths(months: string[], dir = tempDir('isla-trend-reports-')): Promise<string> {
  for (const m of months) await checkMonth(dir, m, MONTHS[m]!);
  return dir;
}

export const summaryOf = (dir: string, month: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(dir, month, 'summary.json'), 'utf8'));
