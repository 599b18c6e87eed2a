// SPEC §10: the history as a trend — each department's and the total's months
// side by side with the change in percentage points, and the handlers who are
// late month after month. Pure functions of the lined-up history.
import type { History, MonthCounts, MonthSet } from './months.js';

export interface TrendMonth {
  period: string;
  /** null: no report set for the month (shown as —). */
  due: number | null;
  onTime: number | null;
  late: number | null;
  overdue: number | null;
  onTimeRate: number | null;
  /** Percentage points from the month before; null when that month has no set (the first month in DIR, or a gap) or either rate is null. */
  change: number | null;
  /** Only when the month's summary carries them (SPEC §13). */
  extended?: number;
  waived?: number;
}

export interface DepartmentTrend {
  department: string;
  months: TrendMonth[];
}

export interface RepeatHandler {
  handler: string;
  department: string;
  /** Late and overdue items per month of the last three; null: no report set that month. */
  months: Record<string, number | null>;
}

/** `isla trend --format json` (SPEC §10). */
export interface TrendResult {
  schemaVersion: 1;
  kind: 'trend';
  months: string[];
  departments: DepartmentTrend[];
  total: { months: TrendMonth[] };
  repeatHandlers: RepeatHandler[];
  warnings: { code: string; message: string }[];
}

/** A handler is a repeat when late in at least this many of the last three months. */
export const REPEAT_WINDOW = 3;
const REPEAT_MONTHS = 2;

function monthRow(period: string, c: MonthCounts | undefined, previous: TrendMonth | undefined): TrendMonth {
  if (c === undefined) return { period, due: null, onTime: null, late: null, overdue: null, onTimeRate: null, change: null };
  const prevRate = previous?.onTimeRate ?? null;
  // The rates are the summaries' own (4 decimals), so the change is exact to 2 decimals.
  const change = c.onTimeRate === null || prevRate === null ? null : Math.round((c.onTimeRate - prevRate) * 10000) / 100;
  const row: TrendMonth = { period, due: c.due, onTime: c.onTime, late: c.late, overdue: c.overdue, onTimeRate: c.onTimeRate, change };
  if (c.extended !== undefined) row.extended = c.extended;
  if (c.waived !== undefined) row.waived = c.waived;
  return row;
}

/**
 * The last `n` months of a series. The change is computed over every month read,
 * so the first month shown still compares with the one before it when DIR has
 * it: a month shows the same change whatever --months is.
 */
function series(history: History, n: number, pick: (set: MonthSet) => MonthCounts | undefined): TrendMonth[] {
  const rows: TrendMonth[] = [];
  for (const period of history.months) {
    const set = history.sets.get(period);
    rows.push(monthRow(period, set && pick(set), rows.at(-1)));
  }
  return rows.slice(-n);
}

/** Departments as the newest set lists them (the service list's order), then any only older sets name. */
export function departmentsOf(history: History): string[] {
  const order: string[] = [];
  for (const period of [...history.months].reverse()) {
    for (const d of history.sets.get(period)?.byDepartment.keys() ?? []) if (!order.includes(d)) order.push(d);
  }
  return order;
}

/** One department's last `n` months — what the report page and the department mail show. */
export function departmentTrend(history: History, department: string, n = 6): DepartmentTrend {
  return { department, months: series(history, n, (s) => s.byDepartment.get(department)) };
}

export function totalTrend(history: History, n = history.months.length): TrendMonth[] {
  return series(history, n, (s) => s.total);
}

/** SPEC §10: late or overdue in at least 2 of the last 3 months, worst first; handler and department kept apart. */
export function repeatHandlers(history: History, departments?: string[]): RepeatHandler[] {
  const last = history.months.slice(-REPEAT_WINDOW);
  const keys = new Set(last.flatMap((m) => [...(history.sets.get(m)?.lateByHandler.keys() ?? [])]));
  const order = departmentsOf(history);
  const found = [...keys].map((key) => {
    const [department, handler] = key.split('\u0000') as [string, string];
    const months = Object.fromEntries(last.map((m) => {
      const set = history.sets.get(m);
      return [m, set ? (set.lateByHandler.get(key) ?? 0) : null];
    })) as Record<string, number | null>;
    const counts = last.map((m) => months[m] ?? 0);
    return { handler, department, months, monthsLate: counts.filter((n) => n > 0).length, items: counts.reduce((a, b) => a + b, 0), latest: counts.at(-1) ?? 0 };
  });
  const rank = (d: string): number => (order.includes(d) ? order.indexOf(d) : order.length);
  return found
    .filter((h) => h.monthsLate >= REPEAT_MONTHS && (!departments?.length || departments.includes(h.department)))
    .sort(
      (a, b) =>
        b.monthsLate - a.monthsLate || b.items - a.items || b.latest - a.latest ||
        rank(a.department) - rank(b.department) || (a.handler < b.handler ? -1 : a.handler > b.handler ? 1 : 0),
    )
    .map(({ handler, department, months }) => ({ handler, department, months }));
}

export function buildTrend(history: History, options: { months: number; departments?: string[] | undefined }): TrendResult {
  const shown = history.months.slice(-options.months);
  const departments = departmentsOf(history).filter((d) => !options.departments?.length || options.departments.includes(d));
  return {
    schemaVersion: 1,
    kind: 'trend',
    months: shown,
    departments: departments.map((d) => departmentTrend(history, d, options.months)),
    total: { months: totalTrend(history, options.months) },
    repeatHandlers: repeatHandlers(history, options.departments),
    warnings: history.warnings,
  };
}
