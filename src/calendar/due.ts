// When an obligation falls due (SPEC §2). A due is a local date plus an optional
// time of day; no time means the end of that day.
import type { FinanceCalendar } from './finance-calendar.js';
import { dateParts, dayNumber, isoDate, isoTime } from '../ingest/local-time.js';

export type Roll = 'next-workday' | 'none';

export type DueSpec =
  | { sameDay: true }
  | { days: number; roll?: Roll }
  | { workdays: number }
  | { monthly: { day: number; time?: string }; roll?: Roll };

export interface Due {
  day: number;
  /** Seconds after local midnight, or null for the end of the day. */
  seconds: number | null;
}

/** `2026-10-16`, or `2026-10-08 12:00` for a due with a time of day. */
export function dueText(due: Due): string {
  return due.seconds === null ? isoDate(due.day) : `${isoDate(due.day)} ${isoTime(due.seconds)}`;
}

export function nextWorkdayOnOrAfter(day: number, calendar: FinanceCalendar): number {
  let d = day;
  // A year has no run of 60 days off; the bound only guards a misconfigured calendar.
  for (let i = 0; i < 60 && !calendar.isWorkday(d); i++) d++;
  return d;
}

/** The N-th finance workday strictly after `day`. */
export function addWorkdays(day: number, n: number, calendar: FinanceCalendar): number {
  let d = day;
  for (let left = n; left > 0; ) {
    d++;
    if (calendar.isWorkday(d)) left--;
  }
  return d;
}

export function parseTimeOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 3600 + m * 60;
}

/** Due for an event on `eventDay` (sameDay, days, workdays). */
export function dueAfterEvent(spec: DueSpec, eventDay: number, calendar: FinanceCalendar, defaultRoll: Roll = 'next-workday'): Due {
  if ('sameDay' in spec) return { day: eventDay, seconds: null };
  if ('workdays' in spec) return { day: addWorkdays(eventDay, spec.workdays, calendar), seconds: null };
  if ('days' in spec) {
    const day = eventDay + spec.days;
    return { day: (spec.roll ?? defaultRoll) === 'none' ? day : nextWorkdayOnOrAfter(day, calendar), seconds: null };
  }
  // A monthly due belongs to the event's month.
  const { year, month } = dateParts(eventDay);
  return dueForMonth(spec, year * 12 + month - 1, calendar, defaultRoll);
}

/**
 * Due for the item of month index `month` under a monthly spec: day D of the next
 * month (the month's last day when it is shorter), at the time or end of day,
 * rolled to the next workday keeping the time.
 */
export function dueForMonth(
  spec: Extract<DueSpec, { monthly: unknown }>,
  month: number,
  calendar: FinanceCalendar,
  defaultRoll: Roll = 'next-workday',
): Due {
  const next = month + 1;
  const year = Math.floor(next / 12);
  const m = (next % 12) + 1;
  const lastDay = dateParts(dayNumber(year, m + 1, 0)).day;
  const day = dayNumber(year, m, Math.min(spec.monthly.day, lastDay));
  const rolled = (spec.roll ?? defaultRoll) === 'none' ? day : nextWorkdayOnOrAfter(day, calendar);
  return { day: rolled, seconds: spec.monthly.time === undefined ? null : parseTimeOfDay(spec.monthly.time) };
}
