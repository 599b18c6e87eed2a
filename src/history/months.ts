// A report set as one month of history: the numbers of its summary exactly as the
// check wrote them (never re-judged), and its late and overdue items counted by
// handler. The same shape comes from a summary.json on disk and from the result
// a `check --report` run is about to write.
import { isoMonth, monthIndex } from '../ingest/local-time.js';

export interface MonthCounts {
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  onTimeRate: number | null;
  extended?: number | undefined;
  waived?: number | undefined;
}

export interface MonthSet {
  period: string;
  total: MonthCounts;
  /** In the summary's order (the service list's). */
  byDepartment: Map<string, MonthCounts>;
  /** Late or overdue items per handler and department: `${department}\u0000${handler}` → count. */
  lateByHandler: Map<string, number>;
}

/** The lined-up months of a view: `months` oldest first, a set for each month that has one. */
export interface History {
  months: string[];
  sets: Map<string, MonthSet>;
  /** Sets that could not be used (the month shows —). */
  warnings: { code: string; message: string }[];
  /** Folders skipped on purpose (date-range reports). */
  notes: { code: string; message: string }[];
}

/** What the history needs of a summary (SPEC §6.2); a CheckResult is one. */
export interface SummaryLike {
  period: { label: string };
  summary: { total: MonthCounts; byDepartment: (MonthCounts & { department: string })[] };
  findings: { department: string; status: string; handler?: string | null | undefined }[];
}

export const handlerKey = (department: string, handler: string): string => `${department}\u0000${handler}`;

function counts(row: MonthCounts): MonthCounts {
  const c: MonthCounts = { due: row.due, onTime: row.onTime, late: row.late, overdue: row.overdue, onTimeRate: row.onTimeRate };
  if (row.extended !== undefined) c.extended = row.extended;
  if (row.waived !== undefined) c.waived = row.waived;
  return c;
}

export function monthFromSummary(summary: SummaryLike): MonthSet {
  const lateByHandler = new Map<string, number>();
  for (const f of summary.findings) {
    const handler = f.handler?.trim();
    if ((f.status !== 'late' && f.status !== 'overdue') || !handler) continue;
    const key = handlerKey(f.department, handler);
    lateByHandler.set(key, (lateByHandler.get(key) ?? 0) + 1);
  }
  return {
    period: summary.period.label,
    total: counts(summary.summary.total),
    byDepartment: new Map(summary.summary.byDepartment.map((d) => [d.department, counts(d)])),
    lateByHandler,
  };
}

/** The `n` months ending with `last` (`YYYY-MM`), oldest first. */
export function monthWindow(last: string, n: number): string[] {
  const end = monthIndex(Number(last.slice(0, 4)), Number(last.slice(5, 7)));
  return Array.from({ length: n }, (_, i) => isoMonth(end - n + 1 + i));
}
