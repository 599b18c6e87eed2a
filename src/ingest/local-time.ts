// Zone-free local dates and times. Every naive value in an export is a wall-clock
// reading in finance's zone, so the engine works on plain day numbers and never on
// the machine's zone; only instants (an explicit offset, "now") are converted.
import { TZDate } from '@date-fns/tz';
import { flatString } from '../strings.js';

/** A local calendar date (days since 1970-01-01) with an optional time of day. */
export interface LocalDateTime {
  day: number;
  /** Seconds since local midnight, or null when only a date was given. */
  seconds: number | null;
}

const MS_PER_DAY = 86_400_000;

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The real calendar date, or null for an impossible one such as 2026-02-30. */
export function validDayNumber(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const n = dayNumber(year, month, day);
  const d = new Date(n * MS_PER_DAY);
  return d.getUTCDate() === day && d.getUTCMonth() === month - 1 ? n : null;
}

export function dateParts(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

const isoDates = new Map<number, string>();

/** `YYYY-MM-DD`; remembered, since findings repeat the same few hundred dates. */
export function isoDate(day: number): string {
  let iso = isoDates.get(day);
  if (iso === undefined) {
    const p = dateParts(day);
    isoDates.set(day, (iso = `${p.year}-${pad2(p.month)}-${pad2(p.day)}`));
  }
  return iso;
}

export function isoTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return s === 0 ? `${pad2(h)}:${pad2(m)}` : `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

const isoMoments = new Map<number, string>();
/** Beyond this many distinct moments the memo starts afresh, so it cannot grow with the input. */
const MOMENTS_REMEMBERED = 50_000;

/**
 * Local ISO: `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm` (`:ss` only when not zero).
 * Remembered, and flat: every late finding keeps its submission moment, and a
 * month's submissions fall on a few thousand distinct minutes.
 */
export function isoLocal(value: LocalDateTime): string {
  if (value.seconds === null) return isoDate(value.day);
  const moment = value.day * 86_400 + value.seconds;
  let iso = isoMoments.get(moment);
  if (iso === undefined) {
    if (isoMoments.size >= MOMENTS_REMEMBERED) isoMoments.clear();
    isoMoments.set(moment, (iso = flatString(`${isoDate(value.day)}T${isoTime(value.seconds)}`)));
  }
  return iso;
}

/** The wall-clock reading of an instant in an IANA zone (a cell's instant, on any thread). */
export function localFromInstant(epochMs: number, timezone: string): LocalDateTime {
  const t = new TZDate(epochMs, timezone);
  return {
    day: dayNumber(t.getFullYear(), t.getMonth() + 1, t.getDate()),
    seconds: t.getHours() * 3600 + t.getMinutes() * 60 + t.getSeconds(),
  };
}

let zonesTzNames: Set<string> | undefined;

/**
 * False once worker.ts has said this is a worker thread: a worker's process.env is
 * its own copy, so setting TZ there does not change the zone Date reads. A flag
 * rather than node:worker_threads' isMainThread, which costs every start its loading.
 */
let mainThread = true;

export function onWorkerThread(): void {
  mainThread = false;
}

/**
 * Zones every ICU knows, answered without listing ICU's zones (some 4 ms): finance's
 * default zone and UTC.
 */
const WELL_KNOWN_ZONES = new Set(['Asia/Shanghai', 'UTC']);

const knownToIcu = (timezone: string): boolean =>
  WELL_KNOWN_ZONES.has(timezone) || (zonesTzNames ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])).has(timezone);

/**
 * `read` with Date's local fields in `timezone`, or null where that cannot be
 * trusted. A run's own moments (now, --as-of, the offset it prints) are read this
 * way: Date's zone rules are ICU's, as Intl's are, but the first Intl.DateTimeFormat
 * costs some 15 ms of ICU set-up, a tenth of a typical run, and Date under TZ a
 * fraction of one. TZ is set and put back within this synchronous call, on the main
 * thread only (worker threads share the process's zone). ICU reads TZ exactly and
 * falls back to UTC without a word, so only the names it lists are given to it.
 */
function inZone<T>(timezone: string, read: () => T): T | null {
  if (!mainThread || !knownToIcu(timezone)) return null;
  const saved = process.env.TZ;
  process.env.TZ = timezone;
  try {
    return read();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/** The wall-clock reading of one of the run's own instants (now, an --as-of with an offset). */
export function momentInZone(epochMs: number, timezone: string): LocalDateTime {
  return (
    inZone(timezone, () => {
      const d = new Date(epochMs);
      return { day: dayNumber(d.getFullYear(), d.getMonth() + 1, d.getDate()), seconds: d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds() };
    }) ?? localFromInstant(epochMs, timezone)
  );
}

/** The instant of a local wall-clock reading in a zone (for printing offsets). */
export function instantFromLocal(value: LocalDateTime, timezone: string): number {
  const p = dateParts(value.day);
  const s = value.seconds ?? 0;
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  return (
    inZone(timezone, () => new Date(p.year, p.month - 1, p.day, h, m, sec).getTime()) ??
    new TZDate(p.year, p.month - 1, p.day, h, m, sec, timezone).getTime()
  );
}

/** `2026-11-06T09:00:00+08:00`: a local reading with the zone's offset at that moment. */
export function isoWithOffset(value: LocalDateTime, timezone: string): string {
  const instant = instantFromLocal(value, timezone);
  // Whole minutes, the seconds of a historical offset (LMT) cut off towards zero.
  const offsetMin =
    inZone(timezone, () => {
      const d = new Date(instant);
      const localMs = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
      return Math.trunc((localMs - instant) / 60_000);
    }) ?? -new TZDate(instant, timezone).getTimezoneOffset();
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const s = value.seconds ?? 0;
  const time = `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
  return `${isoDate(value.day)}T${time}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** A month as a single number, year * 12 + (month - 1). */
export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function isoMonth(index: number): string {
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

export function monthOfDay(day: number): number {
  const p = dateParts(day);
  return monthIndex(p.year, p.month);
}

export function firstDayOfMonth(index: number): number {
  return dayNumber(Math.floor(index / 12), (index % 12) + 1, 1);
}

export function compareLocal(a: LocalDateTime, b: LocalDateTime): number {
  return a.day - b.day || (a.seconds ?? 0) - (b.seconds ?? 0);
}
