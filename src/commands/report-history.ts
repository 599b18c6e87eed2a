// `check --report DIR`: the months already in DIR beside the one being written —
// read before the new set replaces its folder, with this run's result as the
// current month. The report page shows every department's block; a department
// mail (SPEC §8.2) only its own (departmentHistoryHtml / departmentHistoryText).
import type { CheckResult } from '../check.js';
import { readHistory } from '../history/read.js';
import { type History, monthFromSummary } from '../history/months.js';
import { departmentTrend, totalTrend } from '../history/trend.js';
import type { Lang } from '../messages.js';
import type { FormatContext } from '../report/index.js';
import { departmentTrendText, historyBlockHtml } from '../report/trend/blocks.js';

/** This month and the five before it. */
export const REPORT_HISTORY_MONTHS = 6;

const MONTH = /^\d{4}-\d{2}$/;

/** null for a date-range period, which has no months to line up with. */
export async function reportHistory(dir: string, result: CheckResult, lang: Lang): Promise<History | null> {
  if (!MONTH.test(result.period.label)) return null;
  return readHistory(dir, { months: REPORT_HISTORY_MONTHS, endAt: result.period.label, current: monthFromSummary(result), allowMissing: true, lang });
}

/** Whether DIR held a month before this one: without one there is nothing to show beside it. */
export function hasEarlierMonths(history: History | null, period: string): history is History {
  return !!history && [...history.sets.keys()].some((m) => m !== period);
}

/** The report page's block, or null when DIR holds no earlier month to compare with. */
export function reportHistoryHtml(history: History | null, result: CheckResult, lang: Lang): string | null {
  if (!hasEarlierMonths(history, result.period.label)) return null;
  const trends = result.summary.byDepartment.map((d) => departmentTrend(history, d.department, REPORT_HISTORY_MONTHS));
  return historyBlockHtml(trends, totalTrend(history, REPORT_HISTORY_MONTHS), lang);
}

/**
 * A department mail's block (SPEC §8.2): that department's months beside the
 * company total, nothing of any other department — for its HTML part (set as
 * the mail's FormatContext.historyHtml) and its text part. null when DIR has
 * no earlier month.
 */
export function departmentHistoryHtml(history: History | null, department: string, period: string, lang: Lang): string | null {
  if (!hasEarlierMonths(history, period)) return null;
  return historyBlockHtml([departmentTrend(history, department, REPORT_HISTORY_MONTHS)], totalTrend(history, REPORT_HISTORY_MONTHS), lang);
}

export function departmentHistoryText(history: History | null, department: string, period: string, lang: Lang): string | null {
  if (!hasEarlierMonths(history, period)) return null;
  return departmentTrendText(departmentTrend(history, department, REPORT_HISTORY_MONTHS), lang);
}

/**
 * What the report page and the mails of a month show of its history: read DIR's
 * earlier months (warnings on stderr) and render the page's block and each
 * department's own. Empty for a range period or when DIR has no earlier month.
 */
export async function historyContext(
  dir: string,
  result: CheckResult,
  lang: Lang,
  warn: (line: string) => void,
): Promise<Pick<FormatContext, 'historyHtml' | 'departmentHistory'>> {
  const history = await reportHistory(dir, result, lang);
  for (const w of history?.warnings ?? []) warn(w.message);
  if (!hasEarlierMonths(history, result.period.label)) return {};
  const period = result.period.label;
  return {
    historyHtml: reportHistoryHtml(history, result, lang) ?? undefined,
    departmentHistory: Object.fromEntries(
      result.summary.byDepartment.map((d) => [d.department, { html: departmentHistoryHtml(history, d.department, period, lang)!, text: departmentHistoryText(history, d.department, period, lang)! }]),
    ),
  };
}
