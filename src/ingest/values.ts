// Cell parsers for every value form of SPEC §3.4. Each returns the typed value, null
// for an empty cell, or an Invalid with the reason; results are cached per distinct
// string because exports repeat the same dates and amounts thousands of times.
import {
  type LocalDateTime,
  dayNumber,
  localFromInstant,
  monthIndex,
  validDayNumber,
} from './local-time.js';
import type { ColumnType } from '../datasets/types.js';

export type InvalidReason =
  | 'not-a-date'
  | 'impossible-date'
  | 'ambiguous-slash-date'
  | 'impossible-time'
  | 'implausible-year'
  | 'not-a-month'
  | 'not-an-amount'
  | 'not-a-boolean';

export class Invalid {
  constructor(readonly reason: InvalidReason) {}
}

export type CellValue = string | number | boolean | LocalDateTime;

/** Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space to their half-width forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Trim, including full-width spaces, and unwrap Excel's `="…"` text guard. */
export function cleanCell(raw: string): string {
  let s = raw.trim();
  if (s.length === 0) return s;
  if (s.charCodeAt(0) === 0x3000 || s.charCodeAt(s.length - 1) === 0x3000) s = s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (s.startsWith('="') && s.endsWith('"') && s.length >= 3) s = s.slice(2, -1).trim();
  return s;
}

/**
 * SPEC §3.5: what people type for "nothing here" in a date or amount column. In a
 * yes/no column 无 stays "no" (有/无), so these apply only to the other types.
 */
const NULL_MARKS = new Set(['-', '--', '—', '——', '/', '无', 'N/A']);

export function isNullMark(cell: string): boolean {
  if (cell.length > 3) return false;
  // Most short cells are digits: decide on the first character before any lookup.
  const c = cell.charCodeAt(0);
  if (c !== 0x2d && c !== 0x2014 && c !== 0x2f && c !== 0x65e0 && c !== 0x4e && c !== 0x6e) return false;
  return NULL_MARKS.has(cell.toUpperCase());
}

const EXCEL_EPOCH_OFFSET = 25569; // Excel serial of 1970-01-01 (Excel's 1900 system)

/** Years an export can mean (SPEC §3.5): `0026-10-09` is a typo, not 1926 or year 26. */
const FIRST_DAY = dayNumber(1990, 1, 1);
const AFTER_LAST_DAY = dayNumber(2101, 1, 1);
const plausibleDay = (day: number): boolean => day >= FIRST_DAY && day < AFTER_LAST_DAY;

const ISO_LIKE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:\s+|T)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?$/;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s*(\d{1,2})[时:点](?:(\d{1,2})分?)?(?:(\d{1,2})秒?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const SERIAL = /^\d{5}(?:\.\d+)?$/;
const SLASH_DAY_FIRST = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s|$)/;

function fromParts(
  y: string,
  mo: string,
  d: string,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
): LocalDateTime | Invalid {
  const day = validDayNumber(Number(y), Number(mo), Number(d));
  if (day === null) return new Invalid('impossible-date');
  if (!plausibleDay(day)) return new Invalid('implausible-year');
  if (h === undefined) return { day, seconds: null };
  const hours = Number(h);
  const minutes = Number(mi ?? 0);
  const secs = Number(s ?? 0);
  if (hours > 23 || minutes > 59 || secs > 59) return new Invalid('impossible-time');
  return { day, seconds: hours * 3600 + minutes * 60 + secs };
}

function parseDateTimeUncached(s: string, timezone: string): LocalDateTime | Invalid {
  const t = toHalfWidth(s);
  const m = ISO_LIKE.exec(t) ?? CHINESE.exec(t) ?? COMPACT.exec(t);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  const instant = parseInstant(t);
  if (instant !== undefined) return instant instanceof Invalid ? instant : localFromInstant(instant, timezone);
  if (SERIAL.test(t)) {
    const serial = Number(t);
    // Serials outside 1954–2119 are more likely a number typed in the wrong column.
    if (serial < 20000 || serial > 80000) return new Invalid('not-a-date');
    // Whole seconds first, then the day: 46304.9999999 is midnight of the next day,
    // not 23:59:59.99 of this one (SPEC §3.5).
    const total = Math.round((serial - EXCEL_EPOCH_OFFSET) * 86400);
    const day = Math.floor(total / 86400);
    if (!plausibleDay(day)) return new Invalid('implausible-year');
    return { day, seconds: Number.isInteger(serial) ? null : total - day * 86400 };
  }
  if (SLASH_DAY_FIRST.test(t)) return new Invalid('ambiguous-slash-date');
  return new Invalid('not-a-date');
}

/**
 * An ISO time with an explicit offset, checked field by field before any
 * conversion (`2026-09-31T10:00+08:00` is no date, not October 1): the epoch
 * milliseconds, an Invalid, or undefined when the text is not of this form.
 */
export function parseInstant(s: string): number | Invalid | undefined {
  const m = WITH_OFFSET.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zulu, sign, oh, om] = m;
  const day = validDayNumber(Number(y), Number(mo), Number(d));
  if (day === null) return new Invalid('impossible-date');
  if (!plausibleDay(day)) return new Invalid('implausible-year');
  const [hours, minutes, seconds] = [Number(h), Number(mi), Number(sec ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return new Invalid('impossible-time');
  let offsetMinutes = 0;
  if (zulu === undefined) {
    if (Number(oh) > 14 || Number(om) > 59) return new Invalid('impossible-time');
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  return day * 86_400_000 + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + ms;
}

/** SPEC §3.4 months: 2026-10, 2026/10, 2026年10月, 202610 (after toHalfWidth). */
export const MONTH_FORMS = [/^(\d{4})[-/.](\d{1,2})$/, /^(\d{4})年(\d{1,2})月?$/, /^(\d{4})(\d{2})$/];

function parseMonthUncached(s: string, timezone: string): number | Invalid {
  const t = toHalfWidth(s);
  for (const form of MONTH_FORMS) {
    const m = form.exec(t);
    if (m) {
      const month = Number(m[2]);
      if (month < 1 || month > 12) return new Invalid('not-a-month');
      if (!plausibleDay(dayNumber(Number(m[1]), month, 1))) return new Invalid('implausible-year');
      return monthIndex(Number(m[1]), month);
    }
  }
  // Excel turns a typed "2026-10" into the date 2026/10/1; accept a full date as its month.
  const asDate = parseDateTimeUncached(t, timezone);
  if (asDate instanceof Invalid) return asDate.reason === 'implausible-year' ? asDate : new Invalid('not-a-month');
  const d = new Date(asDate.day * 86_400_000);
  return monthIndex(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

const AMOUNT = /^-?\d+(?:\.\d+)?$/;
/** Commas only as thousands separators: `12,345.50` yes, `12,34` (a decimal comma?) no. */
const THOUSANDS = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

function parseAmountUncached(s: string): number | Invalid {
  let t = toHalfWidth(s).replace(/[¥￥\s]|元$|^RMB/gi, '');
  let negative = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    t = t.slice(1, -1);
  }
  if (t.includes(',')) {
    if (!THOUSANDS.test(t)) return new Invalid('not-an-amount');
    t = t.replaceAll(',', '');
  }
  if (!AMOUNT.test(t)) return new Invalid('not-an-amount');
  const n = Number(t);
  return negative ? -n : n;
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '✔', '对']);
const NO = new Set(['否', '无', 'n', 'no', 'false', '0', '×', '✗', '✘', 'x']);

function parseBooleanUncached(s: string): boolean | Invalid {
  const t = toHalfWidth(s).toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return new Invalid('not-a-boolean');
}

export type CellParser = (cleaned: string) => CellValue | Invalid;

/** Two to four ASCII digits at `at`, or -1. */
function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const dayNumbers = new Map<number, number | null>();

/**
 * The common machine-written forms `YYYY-MM-DD`, `YYYY-MM-DD HH:mm` and
 * `YYYY-MM-DD HH:mm:ss` read without a regex or a string-keyed cache: on a
 * million-row export this one path decides the speed. Anything else: undefined.
 */
function fastIsoDateTime(s: string): LocalDateTime | Invalid | undefined {
  const n = s.length;
  if ((n !== 10 && n !== 16 && n !== 19) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  if (y < 0 || m < 0 || d < 0) return undefined;
  const ymd = y * 10000 + m * 100 + d;
  let day = dayNumbers.get(ymd);
  if (day === undefined) dayNumbers.set(ymd, (day = validDayNumber(y, m, d)));
  if (day === null) return new Invalid('impossible-date');
  if (!plausibleDay(day)) return new Invalid('implausible-year');
  if (n === 10) return { day, seconds: null };
  const sep = s.charCodeAt(10);
  if ((sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58 || (n === 19 && s.charCodeAt(16) !== 58)) return undefined;
  const h = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const sec = n === 19 ? digitsAt(s, 17, 2) : 0;
  if (h < 0 || mi < 0 || sec < 0) return undefined;
  if (h > 23 || mi > 59 || sec > 59) return new Invalid('impossible-time');
  return { day, seconds: h * 3600 + mi * 60 + sec };
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * A plain `12345`, `12345.50` or `12,345.50` read digit by digit: no regex, no
 * cache. The result is the same double as Number() gives: an exact integer divided
 * once by a power of ten is correctly rounded. Anything else: undefined.
 */
function fastAmount(s: string): number | undefined {
  let whole = 0;
  let fraction = 0;
  let decimals = -1; // -1 until the decimal point
  let groupDigits = 0; // digits since the last thousands comma, or since the start
  let commas = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (decimals >= 0) {
        fraction = fraction * 10 + (c - 48);
        decimals++;
      } else {
        whole = whole * 10 + (c - 48);
        groupDigits++;
      }
    } else if (c === 44 && decimals < 0 && groupDigits > 0 && (commas === 0 ? groupDigits <= 3 : groupDigits === 3)) {
      commas++;
      groupDigits = 0;
    } else if (c === 46 && decimals < 0 && groupDigits > 0 && (commas === 0 || groupDigits === 3)) {
      decimals = 0;
    } else return undefined;
  }
  if (decimals === 0 || groupDigits === 0 || (commas > 0 && decimals < 0 && groupDigits !== 3) || decimals >= POWERS_OF_TEN.length) return undefined;
  if (decimals <= 0) return whole;
  const scale = POWERS_OF_TEN[decimals]!;
  const scaled = whole * scale + fraction;
  return Number.isSafeInteger(scaled) ? scaled / scale : undefined;
}

const CACHE_LIMIT = 100_000;

function cached<T>(parse: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      v = parse(s);
      cache.set(s, v);
    }
    return v;
  };
}

/**
 * A parser for one column type. `date` columns keep only the date of a value that
 * carries a time too (Excel often writes "2026/10/9 0:00").
 */
export function cellParser(type: ColumnType, timezone: string): CellParser {
  switch (type) {
    case 'text':
      return (s) => s;
    case 'datetime': {
      const slow = cached((s) => parseDateTimeUncached(s, timezone));
      return (s) => fastIsoDateTime(s) ?? slow(s);
    }
    case 'date': {
      const slow = cached((s) => parseDateTimeUncached(s, timezone));
      return (s) => {
        const v = fastIsoDateTime(s) ?? slow(s);
        return v instanceof Invalid || v.seconds === null ? v : { day: v.day, seconds: null };
      };
    }
    case 'month':
      return cached((s) => parseMonthUncached(s, timezone));
    case 'amount': {
      const slow = cached(parseAmountUncached);
      return (s) => fastAmount(s) ?? slow(s);
    }
    case 'boolean':
      return cached(parseBooleanUncached);
  }
}
