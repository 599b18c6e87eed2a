// Finance's working calendar: which days finance receives documents. Deadlines are
// read on the receiver's calendar (SPEC §2), so statutory holidays and the 调休
// make-up working days published each year come from chinese-days, over a
// Monday–Friday week, with the company's own extra holidays and working days on top.
import { createRequire } from 'node:module';
import { dateParts, dayNumber, weekday } from '../ingest/local-time.js';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

export interface CalendarOptions {
  source: 'cn' | 'weekdays';
  /** YYYY-MM-DD dates finance does not work (company holidays). */
  extraHolidays: string[];
  /** YYYY-MM-DD dates finance works although the calendar says otherwise. */
  extraWorkdays: string[];
}

export const DEFAULT_CALENDAR: CalendarOptions = { source: 'cn', extraHolidays: [], extraWorkdays: [] };

export interface DayInfo {
  kind: DayKind;
  workday: boolean;
  /** Holiday name in Chinese and English, for holidays and make-up days. */
  name: { zh: string; en: string } | null;
}

export interface FinanceCalendar {
  isWorkday(day: number): boolean;
  info(day: number): DayInfo;
  /** Years asked about that the holiday data does not cover, in order. */
  uncoveredYears(): number[];
}

interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let holidayData: { holidays: Map<number, string>; makeup: Map<number, string>; years: Set<number> } | null = null;

/** chinese-days ships its table as JSON ("National Day,国庆节,3" per date). */
function loadHolidayData(): NonNullable<typeof holidayData> {
  if (holidayData) return holidayData;
  const raw = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as HolidayData;
  const toMap = (o: Record<string, string>): Map<number, string> =>
    new Map(Object.entries(o).map(([iso, name]) => [isoToDay(iso), name]));
  const holidays = toMap(raw.holidays);
  const years = new Set(Object.keys(raw.holidays).map((iso) => Number(iso.slice(0, 4))));
  holidayData = { holidays, makeup: toMap(raw.workdays), years };
  return holidayData;
}

export function isoToDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return dayNumber(y, m, d);
}

/** Holidays fixed by date in the national rules, used for years without published data. */
const FIXED_HOLIDAYS: { month: number; day: number; zh: string; en: string }[] = [
  { month: 1, day: 1, zh: '元旦', en: "New Year's Day" },
  { month: 5, day: 1, zh: '劳动节', en: 'Labour Day' },
  { month: 5, day: 2, zh: '劳动节', en: 'Labour Day' },
  { month: 10, day: 1, zh: '国庆节', en: 'National Day' },
  { month: 10, day: 2, zh: '国庆节', en: 'National Day' },
  { month: 10, day: 3, zh: '国庆节', en: 'National Day' },
];

function holidayName(entry: string): { zh: string; en: string } {
  const [en, zh] = entry.split(',');
  return { zh: zh ?? en ?? '', en: en ?? '' };
}

export function createFinanceCalendar(options: CalendarOptions = DEFAULT_CALENDAR): FinanceCalendar {
  const extraHolidays = new Set(options.extraHolidays.map(isoToDay));
  const extraWorkdays = new Set(options.extraWorkdays.map(isoToDay));
  const data = options.source === 'cn' ? loadHolidayData() : null;
  const uncovered = new Set<number>();
  const cache = new Map<number, DayInfo>();

  function compute(day: number): DayInfo {
    const weekend = weekday(day) === 0 || weekday(day) === 6;
    if (extraHolidays.has(day)) return { kind: 'holiday', workday: false, name: { zh: '公司休息日', en: 'company holiday' } };
    if (extraWorkdays.has(day)) return { kind: weekend ? 'makeup' : 'workday', workday: true, name: weekend ? { zh: '公司工作日', en: 'company workday' } : null };
    if (data) {
      const { year, month, day: dom } = dateParts(day);
      if (data.years.has(year)) {
        const holiday = data.holidays.get(day);
        if (holiday) return { kind: 'holiday', workday: false, name: holidayName(holiday) };
        const makeup = data.makeup.get(day);
        if (makeup) return { kind: 'makeup', workday: true, name: holidayName(makeup) };
      } else {
        uncovered.add(year);
        const fixed = FIXED_HOLIDAYS.find((f) => f.month === month && f.day === dom);
        if (fixed) return { kind: 'holiday', workday: false, name: { zh: fixed.zh, en: fixed.en } };
      }
    }
    return weekend ? { kind: 'weekend', workday: false, name: null } : { kind: 'workday', workday: true, name: null };
  }

  const calendar: FinanceCalendar = {
    info(day) {
      let info = cache.get(day);
      if (info === undefined) {
        info = compute(day);
        cache.set(day, info);
      }
      return info;
    },
    isWorkday: (day) => calendar.info(day).workday,
    uncoveredYears: () => [...uncovered].sort((a, b) => a - b),
  };
  return calendar;
}
