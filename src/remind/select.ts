// `isla remind` (SPEC §9) as a selection over the engine's judged items: the engine
// hands out every unsubmitted deadline and report item due in the span asked for,
// with its due moment and verdict; this module names the span, keeps the items that
// are due soon or still overdue, orders them, and says how much time is left in
// finance's words. It never judges an item itself.
import { addWorkdays } from '../calendar/due.js';
import { type FinanceCalendar, createFinanceCalendar, isoToDay } from '../calendar/finance-calendar.js';
import { workdaysBetween } from '../calendar/judge.js';
import { type CheckOptions, type CheckResult, runEngine, selectRules } from '../check.js';
import { parsePeriod } from '../options.js';
import { type LocalDateTime, firstDayOfMonth, isoDate, monthOfDay } from '../ingest/local-time.js';
import { type Lang, calendarCoverageWarning } from '../messages.js';
import type { DueSpan, Finding, OutstandingItem } from '../rules/types.js';

export type ReminderStatus = 'dueSoon' | 'overdue';

/** A finding of the reminders contract: `dueSoon`, or `overdue` with daysLate/workdaysLate. */
export interface Reminder extends Omit<Finding, 'status'> {
  status: ReminderStatus;
}

export interface ReminderCounts {
  dueSoon: number;
  overdue: number;
}

/** SPEC §6.2's shape with `kind` and `window` in place of the period. */
export interface ReminderResult {
  schemaVersion: 1;
  kind: 'reminders';
  tool: CheckResult['tool'];
  window: { from: string; to: string };
  asOf: string;
  timezone: string;
  inputs: CheckResult['inputs'];
  notProvided: string[];
  notChecked: CheckResult['notChecked'];
  summary: { total: ReminderCounts; byDepartment: (ReminderCounts & { department: string })[] };
  findings: Reminder[];
  problems: CheckResult['problems'];
  warnings: CheckResult['warnings'];
}

/**
 * The due dates a run reminds about: overdue items due on or after `since` (default
 * the first day of the month before the as-of month), and items due no later than
 * the end of the `within`-th finance workday after the as-of date.
 */
export function reminderSpan(asOf: LocalDateTime, within: number, since: number | undefined, calendar: FinanceCalendar): DueSpan {
  return {
    from: since ?? firstDayOfMonth(monthOfDay(asOf.day) - 1),
    to: addWorkdays(asOf.day, within, calendar),
  };
}

/** Due moments in order; a due without a time of day is the end of its day. */
function dueOrder(r: Pick<Finding, 'dueDate' | 'dueTime'>): string {
  return `${r.dueDate ?? ''} ${r.dueTime ?? '24:00'}`;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Department (service-list order), then the soonest due first. */
export function sortReminders(reminders: Reminder[], departmentOrder: string[]): Reminder[] {
  const rank = (d: string): number => {
    const i = departmentOrder.indexOf(d);
    return i === -1 ? departmentOrder.length : i;
  };
  return reminders.sort(
    (a, b) =>
      rank(a.department) - rank(b.department) ||
      byCodePoint(a.department, b.department) ||
      byCodePoint(dueOrder(a), dueOrder(b)) ||
      byCodePoint(a.ruleId ?? '', b.ruleId ?? '') ||
      byCodePoint(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      byCodePoint(a.key, b.key),
  );
}

/**
 * The engine's outstanding items of the span as reminders: a pending item (due at or
 * after the as-of moment, no later than the window's end) is due soon.
 */
export function selectReminders(items: OutstandingItem[], departmentOrder: string[]): Reminder[] {
  const reminders = items.map((item): Reminder => ({ ...item, status: item.status === 'pending' ? 'dueSoon' : 'overdue' }));
  return sortReminders(reminders, departmentOrder);
}

/** The reminders contract from one engine run over the span. */
export function reminderResult(
  check: CheckResult,
  outstanding: OutstandingItem[],
  span: DueSpan,
  options: { departmentOrder: string[]; departments: string[]; lang: Lang; calendar: FinanceCalendar },
): ReminderResult {
  const findings = selectReminders(outstanding, options.departmentOrder);
  const count = (list: Reminder[]): ReminderCounts => ({
    dueSoon: list.filter((r) => r.status === 'dueSoon').length,
    overdue: list.filter((r) => r.status === 'overdue').length,
  });
  const departments = [...new Set([...options.departments, ...findings.map((r) => r.department)])];
  // The span itself may reach into a year the holiday data does not cover.
  const years = new Set(options.calendar.uncoveredYears());
  const warnings = [...check.warnings];
  for (const year of years) {
    const message = calendarCoverageWarning(options.lang, year);
    if (!warnings.some((w) => w.message === message)) warnings.push({ code: 'calendar-coverage', message });
  }
  return {
    schemaVersion: 1,
    kind: 'reminders',
    tool: check.tool,
    window: { from: isoDate(span.from), to: isoDate(span.to) },
    asOf: check.asOf,
    timezone: check.timezone,
    inputs: check.inputs,
    notProvided: check.notProvided,
    notChecked: check.notChecked,
    summary: {
      total: count(findings),
      byDepartment: departments.map((department) => ({ department, ...count(findings.filter((r) => r.department === department)) })),
    },
    findings,
    problems: check.problems,
    warnings,
  };
}

/**
 * How much time is left, as finance says it: 今天 12:00 前, 今天内, 还剩 1 个工作日,
 * 已逾期 3 天. Workdays left are finance workdays d with as-of date < d ≤ due date.
 */
export function timeLeftText(r: Reminder, asOf: LocalDateTime, calendar: FinanceCalendar, lang: Lang): string {
  const zh = lang === 'zh';
  const due = isoToDay(r.dueDate!);
  if (r.status === 'overdue') {
    const days = r.daysLate ?? asOf.day - due;
    if (days > 0) return zh ? `已逾期 ${days} 天` : days === 1 ? '1 day overdue' : `${days} days overdue`;
    return zh ? `已逾期（今天 ${r.dueTime} 截止）` : `overdue since ${r.dueTime} today`;
  }
  if (due === asOf.day) return r.dueTime ? (zh ? `今天 ${r.dueTime} 前` : `by ${r.dueTime} today`) : zh ? '今天内' : 'by end of today';
  const workdays = workdaysBetween(asOf.day, due, calendar);
  if (workdays > 0) return zh ? `还剩 ${workdays} 个工作日` : workdays === 1 ? '1 workday left' : `${workdays} workdays left`;
  // A sameDay due on a day off (not rolled): count calendar days.
  const days = due - asOf.day;
  return zh ? `还剩 ${days} 天` : days === 1 ? '1 day left' : `${days} days left`;
}

export interface RemindOptions extends Omit<CheckOptions, 'period' | 'outstanding'> {
  /** `--within N` finance workdays after the as-of date. */
  within: number;
  /** `--since` as a day number; default the first day of the previous month. */
  since?: number | undefined;
}

/** One engine run over the reminder span, and the time-left words on finance's calendar. */
export async function runReminders(options: RemindOptions): Promise<{ result: ReminderResult; timeLeft: (r: Reminder) => string }> {
  const { config, asOf, lang } = options;
  const calendar = createFinanceCalendar(config.calendar);
  const span = reminderSpan(asOf, options.within, options.since, calendar);
  // The period only shapes check's own summary, which remind does not show.
  const run = await runEngine({ ...options, period: parsePeriod(undefined, asOf, lang), outstanding: span });
  const departmentOrder = [...new Set(config.rules.map((r) => r.department))];
  const departments = [...new Set(selectRules(config.rules, options.departments, options.ruleIds).map((r) => r.department))];
  const result = reminderResult(run.result, run.outstanding, span, { departmentOrder, departments, lang, calendar });
  return { result, timeLeft: (r) => timeLeftText(r, asOf, calendar, lang) };
}
