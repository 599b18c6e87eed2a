// What every human-readable format shows, in the same order: late and overdue
// items by department (worst first, as the findings are sorted), then the rest.
import path from 'node:path';
import type { CheckResult } from '../check.js';
import type { Lang } from '../messages.js';
import type { Finding } from '../rules/types.js';

export interface DepartmentGroup {
  department: string;
  findings: Finding[];
}

export function lateByDepartment(result: CheckResult): DepartmentGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of result.findings) {
    if (f.status !== 'late' && f.status !== 'overdue') continue;
    const list = groups.get(f.department) ?? [];
    list.push(f);
    groups.set(f.department, list);
  }
  return [...groups].map(([department, findings]) => ({ department, findings }));
}

export function otherFindings(result: CheckResult): Finding[] {
  return result.findings.filter((f) => f.status !== 'late' && f.status !== 'overdue');
}

export function rejectedRows(result: Pick<CheckResult, 'inputs'>): number {
  return result.inputs.reduce((n, i) => n + i.rejected, 0);
}

/** A file as a reader knows it — `放贷记录.csv`, not the server's `/srv/exports/latest/放贷记录.csv`. */
export function fileName(file: string): string {
  return path.win32.basename(path.posix.basename(file));
}

/** After a list cut short: how many were left out, and where they all are (the attachment, the report). */
export function moreText(lang: Lang, count: number, where: { reportDir?: string | undefined; attachmentName?: string | undefined }): string {
  const { reportDir, attachmentName } = where;
  if (lang === 'zh') {
    const places = [attachmentName && `附件 ${attachmentName}`, reportDir && `报告 ${reportDir}`].filter(Boolean).join(' 和 ');
    return `其余 ${count} 条${places ? `见${places}` : '未列出：加 --report 目录 或用 -f csv 查看全部'}`;
  }
  const places = [attachmentName && `the attachment ${attachmentName}`, reportDir && `the report ${reportDir}`].filter(Boolean).join(' and ');
  return `${count} more ${places ? `in ${places}` : 'not listed: add --report DIR or use -f csv to see them all'}`;
}
