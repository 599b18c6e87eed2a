// The State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) read
// into a year's days off and make-up workdays (SPEC §11). The notice is read as
// published — text copied from the web page or the page saved as HTML, full-width
// or ASCII punctuation — and everything it says is checked against itself: a
// bracketed weekday against its date, 共N天 against the days read, every 上班 day a
// weekend day. Anything it cannot read is an error naming the line, never a guess.
import { dayNumber, isoDate, validDayNumber, weekday } from '../ingest/local-time.js';
import { isoToDay } from './finance-calendar.js';

export interface NoticeFestival {
  /** 春节, 中秋节、国庆节 … as the line names it (or the amendment's title). */
  name: string;
  /** 1-based line in the file. */
  line: number;
  holidays: string[];
  workdays: string[];
  /** 延长…假期至2月2日: the festival's days off now run to this date (an amendment). */
  extendedTo?: string;
}

export interface Notice {
  year: number;
  /** 国办发明电〔2025〕N号, else the title and the date it was signed. */
  source: string;
  /** 调整…安排的通知: changes some festivals of a year already published. */
  amendment: boolean;
  festivals: NoticeFestival[];
}

/** Why a notice could not be read; `line` is 1-based, 0 for the notice as a whole. */
export class NoticeProblem extends Error {
  constructor(
    readonly line: number,
    readonly text: string,
    readonly reason: NoticeReason,
  ) {
    super(`${line}: ${reason.id}`);
    this.name = 'NoticeProblem';
  }
}

export type NoticeReason =
  | { id: 'no-year' }
  | { id: 'no-holidays' }
  | { id: 'unreadable' }
  | { id: 'bad-date'; date: string }
  | { id: 'reversed'; from: string; to: string }
  /** `actual`: 0 = Sunday … 6 = Saturday. */
  | { id: 'weekday'; date: string; written: string; actual: number }
  | { id: 'count'; written: number; read: number }
  | { id: 'makeup-weekday'; date: string; actual: number }
  | { id: 'both'; date: string }
  | { id: 'wrong-year'; date: string };

const WEEKDAY_CHAR: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

/** A saved web page as lines of text, each remembering the file line it starts on. */
function htmlLines(html: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let line = 1;
  let current = '';
  let currentLine = 1;
  const flush = (): void => {
    out.push({ text: decodeEntities(current), line: currentLine });
    current = '';
  };
  // Tokens: comments, script/style blocks, tags, text. Block-level tags end a line.
  const token = /<!--[\s\S]*?-->|<(script|style)\b[\s\S]*?<\/\1\s*>|<\/?([a-zA-Z0-9]+)[^>]*>|[^<]+|</g;
  for (const m of html.matchAll(token)) {
    const piece = m[0];
    const tag = m[2]?.toLowerCase();
    if (m[1] === undefined && tag === undefined && !piece.startsWith('<!--')) {
      // Text: a newline inside the text is only layout in HTML, but counts for lines.
      if (current === '') currentLine = line;
      current += piece.replace(/\s+/g, ' ');
    } else if (tag && /^(p|div|br|li|tr|h[1-6]|table|td|section|article|ul|ol)$/.test(tag)) {
      flush();
    }
    line += (piece.match(/\n/g) ?? []).length;
  }
  flush();
  return out;
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ensp: ' ', emsp: ' ' };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return named[e.toLowerCase()] ?? all;
  });
}

/** Full-width punctuation and digits as ASCII (NFKC), no spaces: one form to match. */
function normalise(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000\u00a0]+/g, '');
}

const ORDINAL = /^[一二三四五六七八九十]+、/;
// A date as the notices write it: 2018年12月30日, 2月4日, 7日; then an optional
// bracket (星期六), (周日), (农历腊月二十八、周日), or a bare 星期日 some copies keep.
const DATE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\)|(星期[一二三四五六日天]|周[一二三四五六日]))?/g;

interface DateToken {
  start: number;
  end: number;
  year: number | null;
  month: number | null;
  dom: number;
  bracket: string | null;
}

function dateTokens(sentence: string): DateToken[] {
  return [...sentence.matchAll(DATE)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    year: m[1] ? Number(m[1]) : null,
    month: m[2] ? Number(m[2]) : null,
    dom: Number(m[3]),
    bracket: m[4] ?? m[5] ?? null,
  }));
}

/** The weekday a bracket names (星期六, 周日, 农历…、周日), or null when it names none. */
function writtenWeekday(bracket: string | null): { text: string; day: number } | null {
  if (bracket === null) return null;
  const m = /(星期|周)([一二三四五六日天])/.exec(bracket);
  return m ? { text: m[0], day: WEEKDAY_CHAR[m[2]!]! } : null;
}

// What a sentence may say besides its dates (D). Anything else is not guessed at.
const HOLIDAY_SENTENCE = /^D(至D)?放假(调休)?(\d+天)?((,|、)(共\d+天|与周末连休|与周[六日]连休|不调休|D补休))*$/;
const WORKDAY_SENTENCE = /^D((、|,|和)D)*上班$/;

interface LineContext {
  year: number;
  line: number;
  text: string;
}

function fail(ctx: LineContext, reason: NoticeReason): never {
  throw new NoticeProblem(ctx.line, ctx.text, reason);
}

/** Resolve tokens to day numbers: a missing year or month is the one before it. */
function resolveDates(tokens: DateToken[], ctx: LineContext): number[] {
  let year = ctx.year;
  let month: number | null = null;
  return tokens.map((t) => {
    year = t.year ?? year;
    month = t.month ?? month;
    const shown = `${t.year ? `${t.year}年` : ''}${month ?? '?'}月${t.dom}日`;
    const day = month === null ? null : validDayNumber(year, month, t.dom);
    if (day === null) fail(ctx, { id: 'bad-date', date: shown });
    const written = writtenWeekday(t.bracket);
    if (written && written.day !== weekday(day)) {
      fail(ctx, { id: 'weekday', date: isoDate(day), written: written.text, actual: weekday(day) });
    }
    return day;
  });
}

/** One sentence of a holiday line: its days off and make-up days. */
// 延长2020年春节假期至2月2日(星期日),2月3日(星期一)起正常上班 (国办发明电〔2020〕1号).
const EXTEND_SENTENCE = /^延长\d{4}年.+?假期至D,D起正常上班$/;

function readSentence(sentence: string, ctx: LineContext, into: { holidays: number[]; workdays: number[]; counted: number | null; extendedTo: number | null }): void {
  // 鼓励…安排职工在除夕(2月9日)休息 encourages; it makes no day a holiday.
  if (sentence.startsWith('鼓励')) return;
  const tokens = dateTokens(sentence);
  if (tokens.length === 0) return;
  let shape = '';
  let at = 0;
  for (const t of tokens) {
    shape += sentence.slice(at, t.start) + 'D';
    at = t.end;
  }
  shape += sentence.slice(at);
  shape = shape.replace(/\(不调休\)/g, '').replace(/[。;]$/, '');
  const days = resolveDates(tokens, ctx);
  if (EXTEND_SENTENCE.test(shape)) {
    if (days[1] !== days[0]! + 1) fail(ctx, { id: 'unreadable' });
    into.extendedTo = days[0]!;
    return;
  }
  if (WORKDAY_SENTENCE.test(shape)) {
    for (const day of days) {
      if (weekday(day) !== 0 && weekday(day) !== 6) fail(ctx, { id: 'makeup-weekday', date: isoDate(day), actual: weekday(day) });
      into.workdays.push(day);
    }
    return;
  }
  if (!HOLIDAY_SENTENCE.test(shape)) fail(ctx, { id: 'unreadable' });
  const ranged = shape.startsWith('D至D');
  const [from, to] = ranged ? [days[0]!, days[1]!] : [days[0]!, days[0]!];
  if (to < from) fail(ctx, { id: 'reversed', from: isoDate(from), to: isoDate(to) });
  for (let d = from; d <= to; d++) into.holidays.push(d);
  // Further dates are 补休 days: days off given back for a holiday on a weekend.
  for (const day of days.slice(ranged ? 2 : 1)) into.holidays.push(day);
  const count = /共(\d+)天/.exec(shape) ?? /放假(?:调休)?(\d+)天/.exec(shape);
  if (count) into.counted = Number(count[1]);
}

function findYear(lines: string[]): { year: number; amendment: boolean; title: string; amended: string } | null {
  for (const text of lines) {
    const m =
      /关于(调整|延长)?(\d{4})年(.*?)(?:部分节假日|假期|放假)(?:安排)?的通知/.exec(text) ?? /现将(调整|延长)?(\d{4})年(.*?)(?:放假|假期)/.exec(text);
    if (m) return { year: Number(m[2]), amendment: m[1] !== undefined, title: m[0].startsWith('关于') ? `国务院办公厅${m[0]}` : '', amended: m[3] ?? '' };
  }
  return null;
}

/** Read a notice's text (already decoded). Throws NoticeProblem. */
export function parseNotice(content: string): Notice {
  const isHtml = /<(html|body|p|div|br)\b/i.test(content);
  const raw = isHtml ? htmlLines(content) : content.split(/\r\n|\r|\n/).map((text, i) => ({ text, line: i + 1 }));
  const lines = raw.map((l) => ({ text: normalise(l.text), line: l.line, shown: l.text.trim() })).filter((l) => l.text !== '');
  const found = findYear(lines.map((l) => l.text));
  if (!found) throw new NoticeProblem(0, '', { id: 'no-year' });
  const docNumber = lines.map((l) => /国办发明电[〔\[(【]\d{4}[〕\])】]\d+号/.exec(l.text)?.[0]).find(Boolean);
  const signed = [...lines].reverse().find((l) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(l.text))?.text;
  const title = found.title || `国务院办公厅关于${found.year}年部分节假日安排的通知`;
  const source = docNumber?.replace(/[\[(【]/, '〔').replace(/[\])】]/, '〕') ?? (signed ? `${title}（${signed}）` : title);

  // A numbered item, with the lines a wrapped copy or a <br> split off it: a line
  // with a date and 放假/上班 that does not start a new item continues the last one.
  const items: { text: string; line: number; shown: string }[] = [];
  for (const l of lines) {
    const last = items.at(-1);
    if (ORDINAL.test(l.text)) items.push({ ...l });
    else if (last && /\d+日/.test(l.text) && /放假|上班|补休/.test(l.text)) {
      last.text += l.text;
      last.shown += l.shown;
    }
  }
  const festivals: NoticeFestival[] = [];
  for (const l of items) {
    const body = l.text.replace(ORDINAL, '');
    const named = /^([^:\d]{1,30}?):(.*)$/.exec(body);
    const name = named ? named[1]! : found.amendment ? found.amended.replace(/(假期|放假)$/, '') : '';
    const rest = named ? named[2]! : body;
    // A numbered line without a date or 放假 is one of the closing instructions.
    if (!/\d+日/.test(rest) || !/放假|上班|补休/.test(rest)) continue;
    const ctx: LineContext = { year: found.year, line: l.line, text: l.shown };
    const into = { holidays: [] as number[], workdays: [] as number[], counted: null as number | null, extendedTo: null as number | null };
    for (const sentence of rest.split('。').filter(Boolean)) readSentence(sentence, ctx, into);
    if (into.extendedTo !== null && found.amendment) {
      festivals.push({ name, line: l.line, holidays: [], workdays: [], extendedTo: isoDate(into.extendedTo) });
      continue;
    }
    if (into.holidays.length === 0) fail(ctx, { id: 'unreadable' });
    const holidays = [...new Set(into.holidays)].sort((a, b) => a - b);
    if (into.counted !== null && into.counted !== holidays.length) fail(ctx, { id: 'count', written: into.counted, read: holidays.length });
    for (const day of [...holidays, ...into.workdays]) {
      const y = Number(isoDate(day).slice(0, 4));
      if (y !== found.year && !(y === found.year - 1 && day >= dayNumber(y, 12, 1))) fail(ctx, { id: 'wrong-year', date: isoDate(day) });
    }
    const both = into.workdays.find((d) => holidays.includes(d));
    if (both !== undefined) fail(ctx, { id: 'both', date: isoDate(both) });
    festivals.push({ name, line: l.line, holidays: holidays.map(isoDate), workdays: [...new Set(into.workdays)].sort((a, b) => a - b).map(isoDate) });
  }
  if (festivals.length === 0) throw new NoticeProblem(0, '', { id: 'no-holidays' });
  return { year: found.year, source, amendment: found.amendment, festivals };
}

/**
 * A year's notice with its later amendments applied in order: an amendment's
 * festival (调整2019年劳动节假期安排) replaces that festival's days.
 */
export function applyAmendments(notice: Notice, amendments: Notice[]): Notice {
  let festivals = notice.festivals;
  for (const a of amendments) {
    for (const change of a.festivals) {
      if (change.extendedTo === undefined) {
        festivals = [...festivals.filter((f) => f.name !== change.name), change];
        continue;
      }
      // An extension: the festival's days off run on to the new date, and a
      // make-up day inside them is no longer worked.
      const extendedTo = change.extendedTo;
      festivals = festivals.map((f) => {
        if (f.name !== change.name || f.holidays.length === 0) return f;
        const added: string[] = [];
        for (let d = isoToDay(f.holidays.at(-1)!) + 1; d <= isoToDay(extendedTo); d++) added.push(isoDate(d));
        return { ...f, holidays: [...f.holidays, ...added], workdays: f.workdays.filter((w) => !added.includes(w)) };
      });
    }
  }
  return { ...notice, source: [notice.source, ...amendments.map((a) => a.source)].join('、'), festivals };
}

/** The notice as calendar.years.<YYYY>: every day off and make-up day, in order, with its festival. */
export function yearSchedule(notice: Notice): { holidays: [string, string][]; workdays: [string, string][]; source: string } {
  const holidays: [string, string][] = notice.festivals.flatMap((f) => f.holidays.map((d): [string, string] => [d, f.name]));
  const workdays: [string, string][] = notice.festivals.flatMap((f) => f.workdays.map((d): [string, string] => [d, f.name]));
  const byDate = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return { holidays: holidays.sort(byDate), workdays: workdays.sort(byDate), source: notice.source };
}
