// Finance's working calendar: which days finance receives documents. Deadlines are
// read on the receiver's calendar (SPEC §2), so statutory holidays and the 调休
// make-up working days published each year come from chinese-days, over a
// Monday–Friday week; a year written into the config (calendar.years, SPEC §11)
// replaces the package's data for that year, and the company's own extra holidays
// and working days apply on top of both.
import { createRequire } from 'node:module';
import { dateParts, dayNumber, weekday } from '../ingest/local-time.js';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

/** A year's schedule as the State Council published it (calendar.years.<YYYY>). */
export interface CalendarYear {
  /** YYYY-MM-DD days off; a New Year holiday may start in the December before. */
  holidays: string[];
  /** YYYY-MM-DD weekend days worked (调休上班). */
  workdays: string[];
  source: string;
  /** The festival each date is for (春节), where the config says so in a comment. */
  names?: Record<string, string>;
}

export interface CalendarOptions {
  source: 'cn' | 'weekdays';
  /** YYYY-MM-DD dates finance does not work (company holidays). */
  extraHolidays: string[];
  /** YYYY-MM-DD dates finance works although the calendar says otherwise. */
  extraWorkdays: string[];
  /** Years from the config, by year; each replaces the package's data for that year. */
  years?: Record<string, CalendarYear>;
}

export const DEFAULT_CALENDAR: CalendarOptions = { source: 'cn', extraHolidays: [], extraWorkdays: [] };

export interface DayInfo {
  kind: DayKind;
  workday: boolean;
  /** Holiday name in Chinese and English, for holidays and make-up days. */
  name: { zh: string; en: string } | null;
  /** False for a day of a year nobody published data for: its kind is a guess. */
  covered: boolean;
}

export type YearSource = 'package' | 'config' | 'weekdays' | 'none';

export interface FinanceCalendar {
  isWorkday(day: number): boolean;
  info(day: number): DayInfo;
  /** Years asked about that the holiday data does not cover, in order. */
  uncoveredYears(): number[];
  /**
   * How many times a day of an uncovered year has been read so far. A judgement
   * that moved this count depends on a guess and is marked unconfirmed (SPEC §2).
   */
  uncoveredReads(): number;
  /** Where a year's holidays come from. */
  yearSource(year: number): YearSource;
}

interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let holidayData: { holidays: Map<number, string>; makeup: Map<number, string>; years: Set<number>; english: Map<string, string> } | null = null;

/** chinese-days ships its table as JSON ("National Day,国庆节,3" per date). */
function loadHolidayData(): NonNullable<typeof holidayData> {
  if (holidayData) return holidayData;
  const raw = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as HolidayData;
  const toMap = (o: Record<string, string>): Map<number, string> =>
    new Map(Object.entries(o).map(([iso, name]) => [isoToDay(iso), name]));
  const holidays = toMap(raw.holidays);
  const years = new Set(Object.keys(raw.holidays).map((iso) => Number(iso.slice(0, 4))));
  // 春节 → Spring Festival, from the package's own names, for the config's years.
  const english = new Map(Object.values(raw.holidays).map((entry) => [holidayName(entry).zh, holidayName(entry).en]));
  holidayData = { holidays, makeup: toMap(raw.workdays), years, english };
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

const CONFIG_HOLIDAY = { zh: '放假（配置）', en: 'holiday (config)' };
const CONFIG_MAKEUP = { zh: '调休上班（配置）', en: 'make-up workday (config)' };

/** A festival named in the config (中秋节、国庆节) in both languages. */
function configName(zh: string | undefined, english: Map<string, string>, fallback: { zh: string; en: string }): { zh: string; en: string } {
  if (!zh) return fallback;
  return { zh, en: zh.split('、').map((part) => english.get(part) ?? english.get(part.replace(/节$/, '')) ?? part).join(' / ') };
}

export function createFinanceCalendar(options: CalendarOptions = DEFAULT_CALENDAR): FinanceCalendar {
  const extraHolidays = new Set(options.extraHolidays.map(isoToDay));
  const extraWorkdays = new Set(options.extraWorkdays.map(isoToDay));
  const data = options.source === 'cn' ? loadHolidayData() : null;
  // A configured year's dates, wherever they fall: the 2019 notice's New Year holiday
  // starts on 2018-12-30, and that notice is the authority for those days too.
  const configYears = new Set<number>();
  const configHolidays = new Map<number, { zh: string; en: string }>();
  const configMakeup = new Map<number, { zh: string; en: string }>();
  if (data) {
    for (const [year, y] of Object.entries(options.years ?? {})) {
      configYears.add(Number(year));
      for (const iso of y.holidays) configHolidays.set(isoToDay(iso), configName(y.names?.[iso], data.english, CONFIG_HOLIDAY));
      for (const iso of y.workdays) configMakeup.set(isoToDay(iso), configName(y.names?.[iso], data.english, CONFIG_MAKEUP));
    }
  }
  const uncovered = new Set<number>();
  let uncoveredReads = 0;
  const cache = new Map<number, DayInfo>();

  function yearSource(year: number): YearSource {
    if (!data) return 'weekdays';
    if (configYears.has(year)) return 'config';
    return data.years.has(year) ? 'package' : 'none';
  }

  function compute(day: number): DayInfo {
    const weekend = weekday(day) === 0 || weekday(day) === 6;
    const { year, month, day: dom } = dateParts(day);
    const source = yearSource(year);
    const covered = source !== 'none';
    if (extraHolidays.has(day)) return { kind: 'holiday', workday: false, name: { zh: '公司休息日', en: 'company holiday' }, covered };
    if (extraWorkdays.has(day)) return { kind: weekend ? 'makeup' : 'workday', workday: true, name: weekend ? { zh: '公司工作日', en: 'company workday' } : null, covered };
    const configured = configHolidays.get(day);
    if (configured) return { kind: 'holiday', workday: false, name: configured, covered };
    const makeup = configMakeup.get(day);
    if (makeup) return { kind: 'makeup', workday: true, name: makeup, covered };
    if (data && source === 'package') {
      const holiday = data.holidays.get(day);
      if (holiday) return { kind: 'holiday', workday: false, name: holidayName(holiday), covered };
      const makeup = data.makeup.get(day);
      if (makeup) return { kind: 'makeup', workday: true, name: holidayName(makeup), covered };
    } else if (source === 'none') {
      const fixed = FIXED_HOLIDAYS.find((f) => f.month === month && f.day === dom);
      if (fixed) return { kind: 'holiday', workday: false, name: { zh: fixed.zh, en: fixed.en }, covered };
    }
    return weekend ? { kind: 'weekend', workday: false, name: null, covered } : { kind: 'workday', workday: true, name: null, covered };
  }

  const calendar: FinanceCalendar = {
    info(day) {
      let info = cache.get(day);
      if (info === undefined) {
        info = compute(day);
        cache.set(day, info);
        if (!info.covered) uncovered.add(dateParts(day).year);
      }
      if (!info.covered) uncoveredReads++;
      return info;
    },
    isWorkday: (day) => calendar.info(day).workday,
    uncoveredYears: () => [...uncovered].sort((a, b) => a - b),
    uncoveredReads: () => uncoveredReads,
    yearSource,
  };
  return calendar;
}
