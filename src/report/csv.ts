// `--format csv`: one row per finding for Excel. UTF-8 with a BOM (or Excel reads
// it as GBK), CRLF, and a leading ' on any cell Excel would take for a formula.
import type { CheckResult } from '../check.js';
import type { Chunks } from '../write-atomic.js';
import type { FormatContext } from './index.js';
import { type LabelId, STATUS_LABEL, label, localText } from './labels.js';
import { APPROVED_STATUS_LABEL, approvalText, approvalWord, hasWaiverLog } from './approvals.js';
import type { Lang } from '../messages.js';
import type { Finding, Waiver } from '../rules/types.js';
import { visibleValue } from './visible.js';

/** §6.3's columns, shared with the findings sheet of the workbook (src/report/xlsx.ts). */
export const FINDING_COLUMNS: LabelId[] = [
  'department', 'rule', 'status', 'severity', 'dataset', 'key', 'customer', 'handler', 'file', 'line',
  'eventDate', 'dueDate', 'dueTimeColumn', 'submitted', 'daysLate', 'workdaysLate', 'message',
];

/**
 * Formula-injection guard (OWASP): =, +, -, @, tab and CR start a formula in Excel.
 * Control characters (tab, CR, LF, ESC …) are shown as visible escapes first, so
 * `cat findings.csv` cannot drive the terminal and every finding stays one line.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = visibleValue(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One finding's cells, in the order of FINDING_COLUMNS. */
export function findingCells(f: Omit<Finding, 'status'>, lang: Lang, status: string): (string | number | null | undefined)[] {
  return [
    f.department, f.ruleId, status, label(lang, f.severity), f.dataset, f.key, f.customer, f.handler,
    f.file, f.line, f.eventDate, f.dueDate, f.dueTime, f.submitted, f.daysLate, f.workdaysLate,
    // The columns stay as they are for the sheets built on them; an unconfirmed
    // verdict (a year without holiday data) says so in front of its explanation.
    f.unconfirmed ? `【${label(lang, 'unconfirmed')}】${f.message}` : f.message,
  ];
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
  yield '\uFEFF' + [...FINDING_COLUMNS.map((c) => label(lang, c)), ...approvalHeads].map(csvCell).join(',') + '\r\n';
  for (const f of result.findings) {
    const cells = [...findingCells(f, lang, STATUS_LABEL[f.status][lang]), ...approvalCells(f.waiver)];
    yield cells.map(csvCell).join(',') + '\r\n';
  }
  for (const a of result.approved) {
    if (a.status === 'late' || a.status === 'overdue') continue; // already a finding above
    const cells = [...findingCells(a, lang, APPROVED_STATUS_LABEL[a.status][lang]), ...approvalCells(a.waiver)];
    yield cells.map(csvCell).join(',') + '\r\n';
  }
}
