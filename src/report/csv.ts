// `--format csv`: one row per finding for Excel. UTF-8 with a BOM (or Excel reads
// it as GBK), CRLF, and a leading ' on any cell Excel would take for a formula.
import type { CheckResult } from '../check.js';
import type { Chunks } from '../write-atomic.js';
import type { FormatContext } from './index.js';
import { type LabelId, STATUS_LABEL, label } from './labels.js';
import { visibleValue } from './visible.js';

const COLUMNS: LabelId[] = [
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

export function* formatCsv(result: CheckResult, ctx: FormatContext): Chunks {
  const { lang } = ctx;
  yield '\uFEFF' + COLUMNS.map((c) => csvCell(label(lang, c))).join(',') + '\r\n';
  for (const f of result.findings) {
    const cells = [
      f.department, f.ruleId, STATUS_LABEL[f.status][lang], label(lang, f.severity), f.dataset, f.key, f.customer, f.handler,
      f.file, f.line, f.eventDate, f.dueDate, f.dueTime, f.submitted, f.daysLate, f.workdaysLate, f.message,
    ];
    yield cells.map(csvCell).join(',') + '\r\n';
  }
}
