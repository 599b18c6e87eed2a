// `--format csv`: one row per finding for Excel. UTF-8 with a BOM (or Excel reads
// it as GBK), CRLF, and a leading ' on any cell Excel would take for a formula.
import type { CheckResult } from '../check.js';
import type { Chunks } from '../write-atomic.js';
import type { FormatContext } from './index.js';
import { type LabelId, STATUS_LABEL, label } from './labels.js';
import type { Lang } from '../messages.js';
import type { Finding } from '../rules/types.js';

/** §6.3's columns, shared with the findings sheet of the workbook (src/report/xlsx.ts). */
export const FINDING_COLUMNS: LabelId[] = [
  'department', 'rule', 'status', 'severity', 'dataset', 'key', 'customer', 'handler', 'file', 'line',
  'eventDate', 'dueDate', 'dueTimeColumn', 'submitted', 'daysLate', 'workdaysLate', 'message',
];

/** Formula-injection guard (OWASP): =, +, -, @, tab and CR start a formula in Excel. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One finding's cells, in the order of FINDING_COLUMNS. */
export function findingCells(f: Finding, lang: Lang): (string | number | null | undefined)[] {
  return [
    f.department, f.ruleId, STATUS_LABEL[f.status][lang], label(lang, f.severity), f.dataset, f.key, f.customer, f.handler,
    f.file, f.line, f.eventDate, f.dueDate, f.dueTime, f.submitted, f.daysLate, f.workdaysLate, f.message,
  ];
}

export function* formatCsv(result: CheckResult, ctx: FormatContext): Chunks {
  const { lang } = ctx;
  yield '\uFEFF' + FINDING_COLUMNS.map((c) => csvCell(label(lang, c))).join(',') + '\r\n';
  for (const f of result.findings) yield findingCells(f, lang).map(csvCell).join(',') + '\r\n';
}
