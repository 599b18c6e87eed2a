import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DueSpec, dueAfterEvent, dueForMonth } from '../../src/calendar/due.js';
import { createFinanceCalendar, isoToDay } from '../../src/calendar/finance-calendar.js';
import { judge } from '../../src/calendar/judge.js';
import { isoDate, isoTime, localFromInstant, type LocalDateTime } from '../../src/ingest/local-time.js';

const d = isoToDay;
const at = (iso: string): LocalDateTime => {
  const [date, time] = iso.split('T') as [string, string | undefined];
  if (!time) return { day: d(date), seconds: null };
  const [h, m] = time.split(':').map(Number) as [number, number];
  return { day: d(date), seconds: h * 3600 + m * 60 };
};
const show = (due: { day: number; seconds: number | null }) => isoDate(due.day) + (due.seconds === null ? '' : ` ${isoTime(due.seconds)}`);

// Nothing may depend on the machine's zone: every case runs under three of them.
describe.each(['Asia/Shanghai', 'UTC', 'America/New_York'])('machine TZ=%s', (machineZone) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = machineZone;
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  describe('finance workdays (chinese-days data)', () => {
    const cal = createFinanceCalendar();
    it.each([
      ['2026-09-20', true, 'makeup'], // Sunday worked before Mid-Autumn/National Day
      ['2026-09-25', false, 'holiday'], // Mid-Autumn
      ['2026-09-27', false, 'holiday'],
      ['2026-09-28', true, 'workday'],
      ['2026-10-01', false, 'holiday'],
      ['2026-10-07', false, 'holiday'],
      ['2026-10-08', true, 'workday'],
      ['2026-10-10', true, 'makeup'], // Saturday worked after National Day
      ['2026-10-11', false, 'weekend'],
      ['2026-02-14', true, 'makeup'], // Spring Festival make-up Saturdays
      ['2026-02-15', false, 'holiday'],
      ['2026-02-23', false, 'holiday'],
      ['2026-02-28', true, 'makeup'],
      ['2026-05-01', false, 'holiday'],
      ['2026-05-05', false, 'holiday'],
      ['2026-05-09', true, 'makeup'],
      ['2027-01-01', false, 'holiday'], // outside the data: fixed-date holiday
      ['2027-01-04', true, 'workday'],
      ['2027-10-03', false, 'holiday'],
      ['2027-10-04', true, 'workday'], // a Monday; 2027's real arrangement is not known yet
    ])('%s workday=%s (%s)', (iso, workday, kind) => {
      expect(cal.info(d(iso))).toMatchObject({ workday, kind });
    });

    it('names holidays and make-up days', () => {
      expect(cal.info(d('2026-10-01')).name).toEqual({ zh: '国庆节', en: 'National Day' });
      expect(cal.info(d('2026-02-14')).name?.zh).toBe('春节');
    });

    it('remembers the years it had to guess, for the coverage warning', () => {
      const fresh = createFinanceCalendar();
      fresh.isWorkday(d('2026-12-31'));
      expect(fresh.uncoveredYears()).toEqual([]);
      fresh.isWorkday(d('2027-01-01'));
      expect(fresh.uncoveredYears()).toEqual([2027]);
    });

    it('company holidays and workdays override, and source: weekdays ignores the statutory calendar', () => {
      const company = createFinanceCalendar({ source: 'cn', extraHolidays: ['2026-10-13'], extraWorkdays: ['2026-10-17'] });
      expect(company.isWorkday(d('2026-10-13'))).toBe(false);
      expect(company.isWorkday(d('2026-10-17'))).toBe(true);
      const plain = createFinanceCalendar({ source: 'weekdays', extraHolidays: [], extraWorkdays: [] });
      expect(plain.isWorkday(d('2026-10-01'))).toBe(true);
      expect(plain.isWorkday(d('2026-10-10'))).toBe(false);
    });
  });

  describe('due dates', () => {
    const cal = createFinanceCalendar();
    it.each<[string, DueSpec, string]>([
      ['2026-10-09', { days: 1 }, '2026-10-10'], // a worked Saturday: not rolled
      ['2026-09-30', { days: 1 }, '2026-10-08'], // into National Day: rolled past it
      ['2026-09-30', { days: 1, roll: 'none' }, '2026-10-01'],
      ['2026-10-09', { workdays: 2 }, '2026-10-12'],
      ['2026-09-30', { workdays: 1 }, '2026-10-08'],
      ['2026-09-19', { days: 1 }, '2026-09-20'], // Sunday worked before Mid-Autumn
      ['2026-09-24', { days: 1 }, '2026-09-28'], // Mid-Autumn Sep 25–27 off
      ['2026-02-13', { days: 1 }, '2026-02-14'], // Spring Festival make-up Saturday
      ['2026-02-14', { workdays: 1 }, '2026-02-24'],
      ['2026-02-27', { days: 1 }, '2026-02-28'],
      ['2026-04-30', { days: 1 }, '2026-05-06'], // Labour Day May 1–5
      ['2026-10-03', { sameDay: true }, '2026-10-03'], // sameDay is never rolled
      ['2026-10-22', { days: 3 }, '2026-10-26'], // Sunday → Monday
      ['2026-12-31', { days: 1 }, '2027-01-04'], // year end, Jan 1 2027 outside the data
      ['2026-12-30', { workdays: 2 }, '2027-01-04'],
      ['2026-10-30', { days: 1 }, '2026-11-02'], // month end: Saturday Oct 31 → Monday
    ])('%s + %j → %s', (event, spec, expected) => {
      expect(show(dueAfterEvent(spec, d(event), cal))).toBe(expected);
    });

    it.each<[string, { day: number; time?: string }, string]>([
      ['2026-09', { day: 1, time: '12:00' }, '2026-10-08 12:00'], // rolled past National Day, keeping the time
      ['2026-10', { day: 1, time: '12:00' }, '2026-11-02 12:00'], // Nov 1 is a Sunday
      ['2026-09', { day: 5 }, '2026-10-08'],
      ['2026-11', { day: 5 }, '2026-12-07'], // Dec 5 is a Saturday
      ['2026-12', { day: 5 }, '2027-01-05'],
      ['2026-01', { day: 31 }, '2026-02-28'], // clamped to February's last day, a make-up Saturday
    ])('item of %s, monthly %j → %s', (month, monthly, expected) => {
      const [y, m] = month.split('-').map(Number) as [number, number];
      expect(show(dueForMonth({ monthly }, y * 12 + m - 1, cal))).toBe(expected);
    });
  });

  describe('judgement and lateness', () => {
    const cal = createFinanceCalendar();
    const asOf = at('2026-11-06T09:00');
    const due = (iso: string, time?: string) => ({ day: d(iso), seconds: time ? Number(time.slice(0, 2)) * 3600 + Number(time.slice(3)) * 60 : null });
    it.each<[string, string, { day: number; seconds: number | null }, string | null, object]>([
      ['on the due day', 'onTime', due('2026-10-16'), '2026-10-16T23:59', {}],
      ['a day late, one workday', 'late', due('2026-10-16'), '2026-10-17T08:00', { daysLate: 1, workdaysLate: 0 }],
      ['late over a weekend: 3 days, 1 workday', 'late', due('2026-10-16'), '2026-10-19', { daysLate: 3, workdaysLate: 1 }],
      ['late by calendar days but 0 workdays (National Day)', 'late', due('2026-09-30'), '2026-10-07', { daysLate: 7, workdaysLate: 0 }],
      ['after a noon deadline on the same day: late by 0 days', 'late', due('2026-10-08', '12:00'), '2026-10-08T15:10', { daysLate: 0, workdaysLate: 0 }],
      ['before a noon deadline', 'onTime', due('2026-10-08', '12:00'), '2026-10-08T11:59', {}],
      ['date only, on the due date of a noon deadline: benefit of the doubt', 'onTime', due('2026-10-08', '12:00'), '2026-10-08', {}],
      ['date only, the day after a noon deadline', 'late', due('2026-10-08', '12:00'), '2026-10-09', { daysLate: 1, workdaysLate: 1 }],
      ['nothing, due passed: overdue counted to as-of', 'overdue', due('2026-10-16'), null, { daysLate: 21, workdaysLate: 15 }],
      ['nothing, due later today: pending', 'pending', due('2026-11-06'), null, {}],
      ['nothing, noon deadline passed earlier today: overdue by 0 days', 'overdue', due('2026-11-06', '08:30'), null, { daysLate: 0, workdaysLate: 0 }],
      ['nothing, due next week: pending', 'pending', due('2026-11-10'), null, {}],
    ])('%s', (_name, status, dueAt, submitted, lateness) => {
      const verdict = judge(dueAt, submitted ? at(submitted) : null, asOf, cal);
      expect(verdict).toEqual({ status, ...lateness });
    });
  });

  it('an instant is read in finance’s zone, not the machine’s', () => {
    expect(localFromInstant(Date.parse('2026-10-31T17:30:00Z'), 'Asia/Shanghai')).toEqual({ day: d('2026-11-01'), seconds: 1 * 3600 + 30 * 60 });
  });
});
