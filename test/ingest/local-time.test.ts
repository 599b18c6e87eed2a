// The run's own moments (now, --as-of, the offset it prints) are read through Date
// under TZ=zone rather than a first Intl.DateTimeFormat (src/ingest/local-time.ts):
// they must agree with the Intl reading (TZDate) that cells keep using.
import { TZDate } from '@date-fns/tz';
import { afterEach, describe, expect, it } from 'vitest';
import { dateParts, dayNumber, instantFromLocal, isoLocal, isoWithOffset, localFromInstant, momentInZone } from '../../src/ingest/local-time.js';

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
const HOUR = 3_600_000;
const machineZone = process.env.TZ;

afterEach(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
});

/** Every 5 h 7 min through 2025–2027: all hours of the day, both sides of every DST change. */
function* instants(): Generator<number> {
  for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 5 * HOUR + 7 * 60_000) yield ms;
}

describe('the run\'s own moments, read through TZ', () => {
  it.each(ZONES)('%s: the same wall clock as Intl, and the same instant and offset back', (zone) => {
    for (const ms of instants()) {
      const moment = momentInZone(ms, zone);
      expect(moment).toEqual(localFromInstant(ms, zone));
      // A reading in a DST overlap has two instants: native Date takes the earlier,
      // TZDate may take the other. Only unambiguous readings are compared.
      const overlap = [-2 * HOUR, -HOUR, -HOUR / 2, HOUR / 2, HOUR, 2 * HOUR].some((d) => {
        const other = localFromInstant(ms + d, zone);
        return other.day === moment.day && other.seconds === moment.seconds;
      });
      if (overlap) continue;
      const p = dateParts(moment.day);
      const s = moment.seconds!;
      const viaIntl = new TZDate(p.year, p.month - 1, p.day, Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60, zone);
      expect(instantFromLocal(moment, zone)).toBe(ms - (ms % 1000));
      const offset = -viaIntl.getTimezoneOffset();
      const sign = offset < 0 ? '-' : '+';
      const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
      expect(isoWithOffset(moment, zone).slice(-6)).toBe(`${sign}${hhmm}`);
    }
  });

  it('a zone written in another case (asia/shanghai) is read through Intl, not silently as UTC', () => {
    const ms = Date.UTC(2026, 10, 6, 1);
    expect(momentInZone(ms, 'asia/shanghai')).toEqual({ day: dayNumber(2026, 11, 6), seconds: 9 * 3600 });
    expect(isoWithOffset(momentInZone(ms, 'asia/shanghai'), 'asia/shanghai')).toBe('2026-11-06T09:00:00+08:00');
  });

  it.each([undefined, 'America/New_York'])('puts the machine zone back (TZ=%s)', (tz) => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
    const before = new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset();
    isoWithOffset(momentInZone(Date.UTC(2026, 6, 1), 'Asia/Shanghai'), 'Asia/Shanghai');
    expect(process.env.TZ).toBe(tz);
    expect(new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset()).toBe(before);
  });
});

describe('isoLocal', () => {
  it('reads every moment right, past the point where its memo starts afresh', () => {
    const start = dayNumber(2026, 10, 1);
    // 70,000 distinct minutes (more than the memo keeps), then the first ones again.
    const moments = Array.from({ length: 70_000 }, (_, i) => ({ day: start + Math.floor(i / 1440), seconds: (i % 1440) * 60 + (i % 7 === 0 ? 30 : 0) }));
    const asked = [...moments, ...moments.slice(0, 100)];
    const expected = asked.map((m) => {
      const iso = new Date((m.day * 86_400 + m.seconds) * 1000).toISOString().slice(0, 19);
      return m.seconds % 60 === 0 ? iso.slice(0, 16) : iso;
    });
    expect(asked.map(isoLocal)).toEqual(expected);
    expect(isoLocal({ day: start, seconds: null })).toBe('2026-10-01');
  });
});
