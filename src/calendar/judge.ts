// Was it on time? (SPEC §2) Compares a submission — or its absence at the as-of
// moment — with a due, and counts lateness in calendar days and finance workdays.
import type { Due } from './due.js';
import type { FinanceCalendar } from './finance-calendar.js';
import type { LocalDateTime } from '../ingest/local-time.js';

export type Timeliness = 'onTime' | 'late' | 'overdue' | 'pending';

export interface Judgement {
  status: Timeliness;
  daysLate?: number;
  workdaysLate?: number;
}

/**
 * Whether a reading is after the due moment. A date-only submission on the due
 * date of a time-of-day due gets the benefit of the doubt (it is not after).
 */
export function isAfterDue(t: LocalDateTime, due: Due): boolean {
  if (t.day !== due.day) return t.day > due.day;
  return due.seconds !== null && t.seconds !== null && t.seconds > due.seconds;
}

/** Finance workdays d with from < d ≤ to. */
export function workdaysBetween(from: number, to: number, calendar: FinanceCalendar): number {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (calendar.isWorkday(d)) n++;
  return n;
}

// Shared verdicts: judging a million rows should not allocate a million objects.
const ON_TIME: Judgement = Object.freeze({ status: 'onTime' });
const PENDING: Judgement = Object.freeze({ status: 'pending' });

export function judge(due: Due, submitted: LocalDateTime | null, asOf: LocalDateTime, calendar: FinanceCalendar): Judgement {
  if (submitted !== null) {
    if (!isAfterDue(submitted, due)) return ON_TIME;
    return {
      status: 'late',
      daysLate: submitted.day - due.day,
      workdaysLate: workdaysBetween(due.day, submitted.day, calendar),
    };
  }
  if (!isAfterDue(asOf, due)) return PENDING;
  return {
    status: 'overdue',
    daysLate: asOf.day - due.day,
    workdaysLate: workdaysBetween(due.day, asOf.day, calendar),
  };
}
