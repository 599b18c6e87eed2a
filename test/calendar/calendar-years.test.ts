import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueAfterEvent, dueForMonth } from '../../src/calendar/due.js';
import { type CalendarOptions, type CalendarYear, createFinanceCalendar, isoToDay } from '../../src/calendar/finance-calendar.js';
import { judge } from '../../src/calendar/judge.js';
import { loadConfig } from '../../src/config/load.js';
import { isoDate, monthIndex } from '../../src/ingest/local-time.js';
import { FORMATS } from '../../src/report/index.js';
import { checkFiles, remindFiles, tempDir, writeExport } from '../helpers.js';

const d = isoToDay;
const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let x = d(from); x <= d(to); x++) out.push(isoDate(x));
  return out;
};

/**
 * A 2027 schedule for the tests, shaped like a real notice (Spring Festival is
 * Saturday 2027-02-06): it is NOT the published one, which does not exist yet.
 */
const TEST_2027: CalendarYear = {
  holidays: ['2027-01-01', ...range('2027-02-05', '2027-02-13'), ...range('2027-10-01', '2027-10-07')],
  workdays: ['2027-01-31', '2027-02-20', '2027-10-09'],
  source: 'test schedule',
};
const withYears = (years: Record<string, CalendarYear>): CalendarOptions => ({ source: 'cn', extraHolidays: [], extraWorkdays: [], years });
const configText = [
  'calendar:',
  '  years:',
  '    2027:',
  '      source: test schedule',
  `      holidays: [${TEST_2027.holidays.join(', ')}]`,
  `      workdays: [${TEST_2027.workdays.join(', ')}]`,
  '',
].join('\n');

describe.each(['Asia/Shanghai', 'UTC', 'Europe/Berlin'])('machine TZ=%s', (machineZone) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = machineZone;
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  describe('a year in calendar.years', () => {
    it('replaces the package for that year: only its days are off or worked', () => {
      const own2026 = createFinanceCalendar(withYears({ 2026: { holidays: range('2026-10-01', '2026-10-07'), workdays: ['2026-10-10'], source: 'x' } }));
      expect(own2026.yearSource(2026)).toBe('config');
      expect(range('2026-09-30', '2026-10-12').map((x) => [x, own2026.info(d(x)).kind])).toEqual([
        ['2026-09-30', 'workday'],
        ...range('2026-10-01', '2026-10-07').map((x) => [x, 'holiday']),
        ['2026-10-08', 'workday'],
        ['2026-10-09', 'workday'],
        ['2026-10-10', 'makeup'], // Saturday worked after National Day
        ['2026-10-11', 'weekend'],
        ['2026-10-12', 'workday'],
      ]);
      // The package's Spring Festival 2026 is gone: that year is the config's now.
      expect(own2026.isWorkday(d('2026-02-16'))).toBe(true);
      expect(own2026.isWorkday(d('2026-02-14'))).toBe(false);
      expect(createFinanceCalendar().isWorkday(d('2026-02-16'))).toBe(false);
    });

    it('National Day 2026 from the package: Oct 1–7 off, Sat Oct 10 worked, lateness counted across it', () => {
      const cal = createFinanceCalendar();
      expect(isoDate(dueAfterEvent({ days: 1 }, d('2026-09-30'), cal).day)).toBe('2026-10-08');
      expect(isoDate(dueAfterEvent({ days: 1 }, d('2026-10-09'), cal).day)).toBe('2026-10-10');
      expect(isoDate(dueAfterEvent({ workdays: 2 }, d('2026-09-29'), cal).day)).toBe('2026-10-08');
      expect(judge({ day: d('2026-09-30'), seconds: null }, { day: d('2026-10-12'), seconds: null }, { day: d('2026-10-20'), seconds: null }, cal)).toEqual({ status: 'late', daysLate: 12, workdaysLate: 4 });
    });

    it('Spring Festival 2027: without the year the festival is worked and every read is counted as a guess', () => {
      const guess = createFinanceCalendar();
      expect(guess.yearSource(2027)).toBe('none');
      const before = guess.uncoveredReads();
      expect(isoDate(dueAfterEvent({ days: 1 }, d('2027-02-05'), guess).day)).toBe('2027-02-08');
      expect(guess.uncoveredReads()).toBeGreaterThan(before);
      expect(guess.uncoveredYears()).toEqual([2027]);
    });

    it('Spring Festival 2027 with calendar.years: the due rolls past the festival, and nothing is a guess', () => {
      const cal = createFinanceCalendar(withYears({ 2027: TEST_2027 }));
      expect(cal.yearSource(2027)).toBe('config');
      expect(isoDate(dueAfterEvent({ days: 1 }, d('2027-02-05'), cal).day)).toBe('2027-02-15');
      expect(isoDate(dueAfterEvent({ days: 1 }, d('2027-02-19'), cal).day)).toBe('2027-02-20'); // a worked Saturday
      expect(isoDate(dueAfterEvent({ workdays: 1 }, d('2027-01-29'), cal).day)).toBe('2027-01-31'); // a worked Sunday
      expect(cal.uncoveredReads()).toBe(0);
      expect(cal.uncoveredYears()).toEqual([]);
    });

    it('month ends: day 31 of a short month, and a monthly due into a festival', () => {
      const cal = createFinanceCalendar(withYears({ 2027: TEST_2027 }));
      // January 2027's report, due on the 31st of February → Sun Feb 28 → Mon Mar 1.
      expect(isoDate(dueForMonth({ monthly: { day: 31 } }, monthIndex(2027, 1), cal).day)).toBe('2027-03-01');
      // January's report due on Feb 5 (the eve, off) rolls past the whole festival.
      expect(isoDate(dueForMonth({ monthly: { day: 5 } }, monthIndex(2027, 1), cal).day)).toBe('2027-02-15');
      // September 2026's report due Oct 1 in the package year rolls past National Day.
      expect(isoDate(dueForMonth({ monthly: { day: 1 } }, monthIndex(2026, 9), cal).day)).toBe('2026-10-08');
      // December 2026's report, due Jan 5 2027 at 12:00, keeps its time.
      expect(dueForMonth({ monthly: { day: 5, time: '12:00' } }, monthIndex(2026, 12), cal)).toEqual({ day: d('2027-01-05'), seconds: 12 * 3600 });
    });

    it('a notice’s December days decide the year before (the 2019 notice’s 2018-12-29/30/31)', () => {
      const cal = createFinanceCalendar(withYears({ 2019: { holidays: ['2018-12-30', '2018-12-31', '2019-01-01'], workdays: ['2018-12-29'], source: 'x' } }));
      expect(cal.yearSource(2018)).toBe('package');
      expect(['2018-12-28', '2018-12-29', '2018-12-30', '2018-12-31', '2019-01-01', '2019-01-02'].map((x) => cal.isWorkday(d(x)))).toEqual([true, true, false, false, false, true]);
    });

    it('extraHolidays and extraWorkdays still apply on top of a configured year', () => {
      const cal = createFinanceCalendar({ ...withYears({ 2027: TEST_2027 }), extraHolidays: ['2027-02-15'], extraWorkdays: ['2027-02-13'] });
      expect(cal.isWorkday(d('2027-02-15'))).toBe(false);
      expect(cal.isWorkday(d('2027-02-13'))).toBe(true);
      expect(isoDate(dueAfterEvent({ days: 1 }, d('2027-02-11'), cal).day)).toBe('2027-02-13');
    });
  });
});

describe('a run that touches a year nobody covers', () => {
  const SWIPES = [
    '刷卡单号,车架号,提车日期,提交日期',
    'SK-1,V1,2026-12-10 10:00,2026-12-14 09:00', // due Fri 12-11: all in 2026
    'SK-2,V2,2026-12-30 10:00,2027-01-06 09:00', // due Thu 12-31; the workdays late are counted in 2027
    '',
  ].join('\n');

  it('marks only the findings whose lateness rests on an uncovered day, and warns first', async () => {
    const result = await checkFiles({ '刷卡单.csv': SWIPES }, { rules: ['KF-02a'], period: '2026-12', asOf: '2027-01-10', lang: 'zh' });
    expect(result.findings.map((f) => [f.key, f.status, f.dueDate, f.daysLate, f.workdaysLate, f.unconfirmed])).toEqual([
      ['SK-2', 'late', '2026-12-31', 6, 3, true],
      ['SK-1', 'late', '2026-12-11', 3, 1, undefined],
    ]);
    // JSON of a covered finding is as it always was: the key only appears when true.
    expect(JSON.stringify(result.findings[1])).not.toContain('unconfirmed');
    expect(JSON.stringify(result.findings[0])).toContain('"workdaysLate":3,"unconfirmed":true,"message"');
    expect(result.warnings).toEqual([{ code: 'calendar-coverage', message: expect.stringMatching(/^2027 年春节等假日未知，涉及的到期日可能有误：.*isla calendar import.*calendar\.years\.2027/) }]);
  });

  it('a due date inside the uncovered year is unconfirmed; with calendar.years it is confirmed and right', async () => {
    const swipes = '刷卡单号,车架号,提车日期,提交日期\nSK-3,V3,2027-02-05 10:00,2027-02-10 09:00\n';
    const guessed = await checkFiles({ '刷卡单.csv': swipes }, { rules: ['KF-02a'], period: '2027-02', asOf: '2027-03-05' });
    expect(guessed.findings.map((f) => [f.status, f.dueDate, f.unconfirmed])).toEqual([['late', '2027-02-08', true]]);
    expect(guessed.warnings.map((w) => w.code)).toEqual(['calendar-coverage']);

    const config = loadConfig({ config: writeExport(tempDir(), 'isla.config.yaml', configText), lang: 'en' });
    const known = await checkFiles({ '刷卡单.csv': swipes }, { rules: ['KF-02a'], period: '2027-02', asOf: '2027-03-05', config });
    expect(known.findings).toEqual([]);
    expect(known.summary.total).toMatchObject({ due: 1, onTime: 1 });
    expect(known.warnings).toEqual([]);
  });

  it('every format puts the warning first and marks the unconfirmed item 待核实', async () => {
    const result = await checkFiles({ '刷卡单.csv': SWIPES }, { rules: ['KF-02a'], period: '2026-12', asOf: '2027-01-10', lang: 'zh' });
    const render = (f: keyof typeof FORMATS): string => [...FORMATS[f](result, { lang: 'zh', color: false, verbose: false })].join('');
    const warning = '2027 年春节等假日未知，涉及的到期日可能有误';
    for (const [format, summaryHeading] of [['table', '部门汇总'], ['markdown', '## 部门汇总'], ['html', '>部门汇总</h2>']] as const) {
      const text = render(format);
      expect(text.indexOf(warning), format).toBeGreaterThan(0);
      expect(text.indexOf(warning), format).toBeLessThan(text.indexOf(summaryHeading));
      expect(text.split(warning).length, `${format}: the warning once`).toBe(2);
      const rows = text.split(format === 'html' ? '<tr>' : '\n');
      expect(rows.find((r) => r.includes('SK-2')), format).toContain('待核实');
      expect(rows.find((r) => r.includes('SK-1')), format).not.toContain('待核实');
    }
    expect(render('table').split('\n').find((r) => r.includes('SK-2'))).toMatch(/12-31 待核实/);
    expect(render('markdown')).toContain('| 2026-12-31 待核实 |');
    const csv = render('csv').split('\r\n');
    expect(csv.find((r) => r.includes('SK-2'))).toMatch(/,【待核实】提车次日提供刷卡单/);
    expect(csv.find((r) => r.includes('SK-1'))).not.toContain('待核实');
    expect(JSON.parse(render('json')).findings.map((f: { key: string; unconfirmed?: boolean }) => [f.key, f.unconfirmed])).toEqual([
      ['SK-2', true],
      ['SK-1', undefined],
    ]);
  });

  it('remind marks an item due in the uncovered year too', async () => {
    const swipes = '刷卡单号,车架号,提车日期,提交日期\nSK-4,V4,2026-12-31 10:00,\nSK-5,V5,2026-12-28 10:00,\n';
    const { result } = await remindFiles({ '刷卡单.csv': swipes }, { asOf: '2026-12-31T18:00', within: 5, rules: ['KF-02a'] });
    // SK-4: Dec 31 + 1 = Jan 1 (a fixed holiday) → Mon Jan 4, a guess; SK-5 was due Tue Dec 29, all 2026.
    expect(result.findings.map((r) => [r.key, r.status, r.dueDate, r.unconfirmed])).toEqual([
      ['SK-5', 'overdue', '2026-12-29', undefined],
      ['SK-4', 'dueSoon', '2027-01-04', true],
    ]);
  });
});
