import { describe, expect, it } from 'vitest';
import { Invalid, cellParser, cleanCell } from '../../src/ingest/values.js';
import { isoLocal, type LocalDateTime } from '../../src/ingest/local-time.js';

const ZONE = 'Asia/Shanghai';
const parse = (type: Parameters<typeof cellParser>[0], raw: string) => cellParser(type, ZONE)(cleanCell(raw));

describe('datetime values (SPEC §3.4)', () => {
  it.each([
    ['2026-10-09', '2026-10-09'],
    ['2026/10/9', '2026-10-09'],
    ['2026.10.9', '2026-10-09'],
    ['2026年10月9日', '2026-10-09'],
    ['20261009', '2026-10-09'],
    ['46304', '2026-10-09'],
    ['2026/9/5', '2026-09-05'],
    ['2026-10-09 18:30', '2026-10-09T18:30'],
    ['2026/10/9 18:30', '2026-10-09T18:30'],
    ['2026-10-09 18:30:15', '2026-10-09T18:30:15'],
    ['2026-10-09T08:05', '2026-10-09T08:05'],
    ['2026年10月9日 18时30分', '2026-10-09T18:30'],
    ['2026年9月5日', '2026-09-05'],
    ['46304.75', '2026-10-09T18:00'],
    ['="2026-10-09"', '2026-10-09'],
    ['  2026-10-09\u3000', '2026-10-09'],
    ['２０２６－１０－０９', '2026-10-09'],
    // An explicit offset is honoured and read in the configured zone.
    ['2026-10-09T10:30:00Z', '2026-10-09T18:30'],
    ['2026-10-09T23:30:00-04:00', '2026-10-10T11:30'],
  ])('%s → %s', (raw, expected) => {
    const v = parse('datetime', raw);
    expect(v).not.toBeInstanceOf(Invalid);
    expect(isoLocal(v as LocalDateTime)).toBe(expected);
  });

  it.each([
    ['2026-02-30', 'impossible-date'],
    ['2026-13-01', 'impossible-date'],
    ['2026年2月29日', 'impossible-date'],
    ['09/10/2026', 'ambiguous-slash-date'],
    ['10/9/2026', 'ambiguous-slash-date'],
    ['9.10.2026', 'ambiguous-slash-date'],
    ['2026-10-09 25:00', 'impossible-time'],
    ['yesterday', 'not-a-date'],
    ['12345', 'not-a-date'],
  ])('%s is invalid (%s)', (raw, reason) => {
    const v = parse('datetime', raw);
    expect(v).toBeInstanceOf(Invalid);
    expect((v as Invalid).reason).toBe(reason);
  });

  it('a date column keeps only the date of a value with a time', () => {
    expect(isoLocal(parse('date', '2026/10/9 0:00') as LocalDateTime)).toBe('2026-10-09');
  });
});

describe('months', () => {
  it.each([
    ['2026-10', 2026 * 12 + 9],
    ['2026/10', 2026 * 12 + 9],
    ['2026年10月', 2026 * 12 + 9],
    ['2026年9月', 2026 * 12 + 8],
    ['202610', 2026 * 12 + 9],
    ['2026-9', 2026 * 12 + 8],
    // Excel turns a typed month into the 1st of it.
    ['2026/10/1', 2026 * 12 + 9],
  ])('%s', (raw, index) => expect(parse('month', raw)).toBe(index));

  it.each(['2026-13', '十月', '2026'])('%s is invalid', (raw) => {
    expect(parse('month', raw)).toBeInstanceOf(Invalid);
  });
});

describe('amounts', () => {
  it.each([
    ['12345.5', 12345.5],
    ['12,345.50', 12345.5],
    ['¥12,345.50', 12345.5],
    ['￥12,345.50', 12345.5],
    ['12345.50元', 12345.5],
    ['１２３４５．５', 12345.5],
    ['-200', -200],
    ['(1,500.00)', -1500],
    ['="3200"', 3200],
    ['0', 0],
  ])('%s → %d', (raw, n) => expect(parse('amount', raw)).toBe(n));

  it.each([
    ['1,234,567', 1234567],
    ['-1,500.25', -1500.25],
    ['¥ 1,000', 1000],
  ])('%s → %d (thousands separators)', (raw, n) => expect(parse('amount', raw)).toBe(n));

  it.each(['12.3.4', 'abc', '1,2a', '--5', '12,34', '1,2345', ',100', '100,'])('%s is invalid', (raw) => {
    expect((parse('amount', raw) as Invalid).reason).toBe('not-an-amount');
  });
});

describe('yes/no', () => {
  it.each(['是', '有', 'Y', 'y', 'yes', 'YES', 'true', '1', '√', '✓'])('%s → yes', (raw) => expect(parse('boolean', raw)).toBe(true));
  it.each(['否', '无', 'N', 'no', 'False', '0', '×', '✗'])('%s → no', (raw) => expect(parse('boolean', raw)).toBe(false));
  it.each(['也许', 'maybe', '2'])('%s is invalid', (raw) => expect(parse('boolean', raw)).toBeInstanceOf(Invalid));
});

describe('text', () => {
  it('is trimmed, full-width spaces too, and unwrapped from ="…"', () => {
    expect(parse('text', '\u3000 张伟 \u3000')).toBe('张伟');
    expect(parse('text', '="LSVAU2180N2100000"')).toBe('LSVAU2180N2100000');
  });
});

describe('dates are validated field by field before any conversion (SPEC §3.5)', () => {
  it.each([
    // With an offset, an impossible date is no date, not the next month's first.
    ['2026-09-31T10:00+08:00', 'impossible-date'],
    ['2026-02-30T09:00Z', 'impossible-date'],
    ['2026-10-09T24:00+08:00', 'impossible-time'],
    ['2026-10-09T10:00+25:00', 'impossible-time'],
    // A year before 1990 or after 2100 is a typo, whatever the form.
    ['0026-10-09', 'implausible-year'],
    ['1926-10-09', 'implausible-year'],
    ['2206-10-09 10:00', 'implausible-year'],
    ['0026年10月9日', 'implausible-year'],
    ['00261009', 'implausible-year'],
    ['0026-10-09T10:00+08:00', 'implausible-year'],
    ['20000', 'implausible-year'],
  ])('%s is invalid (%s)', (raw, reason) => {
    const v = parse('datetime', raw);
    expect(v).toBeInstanceOf(Invalid);
    expect((v as Invalid).reason).toBe(reason);
  });

  it('a month with an implausible year is invalid', () => {
    expect((parse('month', '0026-10') as Invalid).reason).toBe('implausible-year');
  });

  it.each([
    // Whole seconds first, then the day: a hair before midnight is midnight of the next day.
    ['46304.9999999', '2026-10-10T00:00'],
    ['46304.99999', '2026-10-09T23:59:59'],
    ['46304.5', '2026-10-09T12:00'],
  ])('Excel serial %s → %s', (raw, expected) => {
    expect(isoLocal(parse('datetime', raw) as LocalDateTime)).toBe(expected);
  });

  it('an Excel serial in a date column takes the day after rounding', () => {
    expect(isoLocal(parse('date', '46304.9999999') as LocalDateTime)).toBe('2026-10-10');
  });

  it('--as-of with an offset is checked the same way', async () => {
    const { parseAsOf } = await import('../../src/options.js');
    expect(() => parseAsOf('2026-02-30T09:00Z', ZONE, 'en')).toThrow(/--as-of/);
    expect(() => parseAsOf('2026-09-31T10:00+08:00', ZONE, 'en')).toThrow(/--as-of/);
    expect(isoLocal(parseAsOf('2026-11-06T01:00Z', ZONE, 'en'))).toBe('2026-11-06T09:00');
  });
});

describe('"nothing here" marks (SPEC §3.5)', () => {
  it.each(['-', '--', '—', '——', '/', '无', 'N/A', 'n/a'])('%s is a null mark', async (raw) => {
    const { isNullMark } = await import('../../src/ingest/values.js');
    expect(isNullMark(cleanCell(raw))).toBe(true);
  });

  it('无 stays "no" in a yes/no column', () => {
    expect(parse('boolean', '无')).toBe(false);
  });
});
