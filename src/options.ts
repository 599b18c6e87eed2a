// Command-line values → domain values, with a plain sentence for each bad one.
import { IslaError } from './errors.js';
import { type LocalDateTime, dateParts, dayNumber, firstDayOfMonth, isoDate, momentInZone, monthIndex, monthOfDay, validDayNumber } from './ingest/local-time.js';
import { MONTH_FORMS, parseInstant, toHalfWidth } from './ingest/values.js';
import type { Lang } from './messages.js';
import type { Period } from './rules/types.js';

function bad(option: string, value: string, expected: { zh: string; en: string }, lang: Lang): IslaError {
  return new IslaError('bad-option', { option, value, expected: expected[lang] });
}

export function parseLang(value: string | undefined): Lang {
  if (value === undefined || value === 'zh' || value === 'zh-CN') return 'zh';
  if (value === 'en') return 'en';
  throw bad('--lang', value, { zh: '应为 zh 或 en', en: 'use zh or en' }, 'zh');
}

export function parseChoice<T extends string>(option: string, value: string, choices: readonly T[], lang: Lang): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw bad(option, value, { zh: `可选 ${choices.join('、')}`, en: `use one of ${choices.join(', ')}` }, lang);
}

export function checkTimezone(zone: string, lang: Lang): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw bad('--tz', zone, { zh: '应为 IANA 时区名，如 Asia/Shanghai', en: 'use an IANA zone name such as Asia/Shanghai' }, lang);
  }
}

/**
 * `--as-of`: a date (the end of that day, so everything delivered that day counts),
 * a local `YYYY-MM-DDTHH:mm[:ss]`, or an instant with an offset. Default: now.
 */
export function parseAsOf(value: string | undefined, timezone: string, lang: Lang, now: number = Date.now()): LocalDateTime {
  if (value === undefined) return momentInZone(now, timezone);
  const expected = { zh: '应为 2026-11-02、2026-11-02T09:00 或带时区偏移的时间', en: 'use 2026-11-02, 2026-11-02T09:00 or a time with an offset' };
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(value) && value.includes('T')) {
    // Field by field, as a cell is: 2026-02-30T09:00Z is no date, not March 2.
    const ms = parseInstant(value);
    if (typeof ms !== 'number') throw bad('--as-of', value, expected, lang);
    return momentInZone(ms, timezone);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  const day = m ? validDayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (!m || day === null) throw bad('--as-of', value, expected, lang);
  if (m[4] === undefined) return { day, seconds: 86399 };
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) throw bad('--as-of', value, expected, lang);
  return { day, seconds: h * 3600 + mi * 60 + s };
}

function monthPeriod(index: number): Period {
  const start = firstDayOfMonth(index);
  return { label: `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`, start, end: firstDayOfMonth(index + 1) - 1 };
}

/** A month as clerks type it (SPEC §3.4: 2026-10, 2026/10, 2026年10月, 202610). */
function monthForm(value: string): RegExpExecArray | null {
  const text = toHalfWidth(value.trim());
  for (const form of MONTH_FORMS) {
    const m = form.exec(text);
    if (m) return m;
  }
  return null;
}

/**
 * `--period`: a month in any of the forms of SPEC §3.4 or `YYYY-MM-DD..YYYY-MM-DD`;
 * default the month before as-of. A period that starts after the as-of day has
 * nothing due yet and would print all zeros with exit 0: it is refused.
 */
export function parsePeriod(value: string | undefined, asOf: LocalDateTime, lang: Lang): Period {
  const period = parsePeriodText(value, asOf, lang);
  if (period.start > asOf.day) throw new IslaError('period-after-as-of', { period: period.label, asOf: isoDate(asOf.day) });
  return period;
}

function parsePeriodText(value: string | undefined, asOf: LocalDateTime, lang: Lang): Period {
  if (value === undefined) return monthPeriod(monthOfDay(asOf.day) - 1);
  const expected = { zh: '应为 2026-10、2026年10月 或 2026-10-01..2026-10-31', en: 'use 2026-10 or 2026-10-01..2026-10-31' };
  const month = monthForm(value);
  if (month) {
    const mo = Number(month[2]);
    if (mo < 1 || mo > 12) throw bad('--period', value, expected, lang);
    return monthPeriod(monthIndex(Number(month[1]), mo));
  }
  const range = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!range) throw bad('--period', value, expected, lang);
  const start = validDayNumber(Number(range[1]), Number(range[2]), Number(range[3]));
  const end = validDayNumber(Number(range[4]), Number(range[5]), Number(range[6]));
  if (start === null || end === null || end < start) throw bad('--period', value, expected, lang);
  return { label: `${isoDate(start)}..${isoDate(end)}`, start, end };
}

/** `isla calendar YYYY-MM`. */
export function parseMonth(value: string, lang: Lang): { year: number; month: number; first: number; last: number } {
  const m = monthForm(value);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw bad('YYYY-MM', value, { zh: '应为 2026-10 这样的月份', en: 'use a month like 2026-10' }, lang);
  const first = dayNumber(Number(m[1]), month, 1);
  const last = dayNumber(Number(m[1]), month + 1, 0);
  return { year: dateParts(first).year, month, first, last };
}

/** `--within N`: how many finance workdays ahead `remind` looks (0 = the as-of day only). */
export function parseWorkdayCount(option: string, value: string, lang: Lang): number {
  const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n > 60) throw bad(option, value, { zh: '应为 0 到 60 之间的整数（工作日数）', en: 'use a whole number of workdays from 0 to 60' }, lang);
  return n;
}

/** A calendar date option such as `--since 2026-09-01`. */
export function parseDay(option: string, value: string, lang: Lang): number {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const day = m ? validDayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (day === null) throw bad(option, value, { zh: '应为 2026-09-01 这样的日期', en: 'use a date like 2026-09-01' }, lang);
  return day;
}
