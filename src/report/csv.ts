// `--format csv`: one row per finding for Excel. UTF-8 with a BOM (or Excel reads
// it as GBK), CRLF, and a leading ' on any cell Excel would take for a formula.
import type { CheckResult } from '../check.js';
import type { Chunks } from '../write-atomic.js';
import type { FormatContext } from './index.js';
import { type LabelId, STATUS_LABEL, label, localText } from './labels.js';
import { APPROVED_STATUS_LABEL, approvalText, approvalWord, hasWaiverLog } from './approvals.js';
import type { Waiver } from '../rules/types.js';

const COLUMNS: LabelId[] = [
  'department', 'rule', 'status', 'severity', 'dataset', 'key', 'customer', 'handler', 'file', 'line',
  'eventDate', 'dueDate', 'dueTimeColumn', 'submitted', 'daysLate', 'workdaysLate', 'message',
];

/** Formula-injection guard (OWASP): =, +, -, @, tab and CR start a formula in Excel. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function* formatCsv(result: CheckResult, ctx: FormatContext): Chunks {
  const { lang } = ctx;
  // SPEC §13: with a waiver log, each row says what was approved, and the approved
  // items that are not findings (on time, pending, waived) follow the findings.
  const withLog = hasWaiverLog(result);
  const year = ''; // full dates: Excel sorts and filters them
  const W = (id: Parameters<typeof approvalWord>[1]): string => approvalWord(lang, id);
  const approvalHeads = withLog ? [W('approval'), W('approver'), W('approvedOn'), W('reason'), W('retroactive')] : [];
  const approvalCells = (w: Waiver | undefined): (string | null)[] =>
    !withLog ? [] : w ? [approvalText(w, year, lang), w.approver, localText(w.approved), w.reason, w.retroactive ? (lang === 'zh' ? '是' : 'yes') : ''] : ['', '', '', '', ''];
  yield '\uFEFF' + [...COLUMNS.map((c) => label(lang, c)), ...approvalHeads].map(csvCell).join(',') + '\r\n';
  for (const f of result.findings) {
    const cells = [
      f.department, f.ruleId, STATUS_LABEL[f.status][lang], label(lang, f.severity), f.dataset, f.key, f.customer, f.handler,
      f.file, f.line, f.eventDate, f.dueDate, f.dueTime, f.submitted, f.daysLate, f.workdaysLate, f.message, ...approvalCells(f.waiver),
    ];
    yield cells.map(csvCell).join(',') + '\r\n';
  }
  for (const a of result.approved) {
    if (a.status === 'late' || a.status === 'overdue') continue; // already a finding above
    const cells = [
      a.department, a.ruleId, APPROVED_STATUS_LABEL[a.status][lang], label(lang, a.severity), a.dataset, a.key, a.customer, a.handler,
      a.file, a.line, a.eventDate, a.dueDate, a.dueTime, a.submitted, a.daysLate, a.workdaysLate, a.message, ...approvalCells(a.waiver),
    ];
    yield cells.map(csvCell).join(',') + '\r\n';
  }
}
