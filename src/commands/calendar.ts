// `isla calendar YYYY-MM`: finance's workdays, holidays and make-up days as a grid;
// `isla calendar YYYY`: the year's days off and make-up days and where they come
// from; `isla calendar import`: the State Council's notice into calendar.years.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CalendarOptions, DayKind, YearSource } from '../calendar/finance-calendar.js';
import { createFinanceCalendar } from '../calendar/finance-calendar.js';
import { IslaError } from '../errors.js';
import { dateParts, dayNumber, isoDate, weekday } from '../ingest/local-time.js';
import { type Lang, WEEKDAY_NAMES, calendarCoverageWarning, noticeReason } from '../messages.js';
import { CONFIG_FILE_NAME, effectiveConfig } from '../config/effective.js';
import { parseChoice, parseMonth } from '../options.js';
import type { Terminal } from './terminal.js';

export interface CalendarMonth {
  month: string;
  days: { date: string; workday: boolean; kind: DayKind; name?: string }[];
  warnings: { code: 'calendar-coverage'; message: string }[];
}

export function calendarMonth(first: number, last: number, options: CalendarOptions, lang: Lang): CalendarMonth {
  const calendar = createFinanceCalendar(options);
  const days: CalendarMonth['days'] = [];
  for (let d = first; d <= last; d++) {
    const info = calendar.info(d);
    days.push({ date: isoDate(d), workday: info.workday, kind: info.kind, ...(info.name ? { name: info.name[lang] } : {}) });
  }
  return {
    month: isoDate(first).slice(0, 7),
    days,
    warnings: calendar.uncoveredYears().map((year) => ({ code: 'calendar-coverage', message: calendarCoverageWarning(lang, year) })),
  };
}

const MARK: Record<DayKind, Record<Lang, string>> = {
  workday: { zh: '  ', en: '  ' },
  weekend: { zh: '  ', en: '  ' },
  holiday: { zh: '休', en: 'H ' },
  makeup: { zh: '班', en: 'W ' },
};

export function renderCalendar(m: CalendarMonth, first: number, lang: Lang): string {
  const zh = lang === 'zh';
  const { year, month } = dateParts(first);
  // A month of a year without holiday data is a guess: say so before the grid.
  const out: string[] = [...m.warnings.flatMap((w) => [w.message, '']), zh ? `${year} 年 ${month} 月 财务工作日历` : `Finance calendar ${m.month}`, ''];
  // Every cell is 7 terminal columns: " (dd) " for a day off, "  dd  " for a workday,
  // then a two-column mark (休 / 班 are double-width).
  const head = zh ? ['一', '二', '三', '四', '五', '六', '日'] : ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
  out.push(head.map((h) => `  ${h}   `).join('').trimEnd());
  const lead = (weekday(first) + 6) % 7; // Monday first
  let line = ' '.repeat(7 * lead);
  m.days.forEach((d, i) => {
    const dom = String(i + 1).padStart(2);
    line += (d.workday ? `  ${dom} ` : ` (${dom})`) + MARK[d.kind][lang];
    if ((lead + i + 1) % 7 === 0) {
      out.push(line.trimEnd());
      line = '';
    }
  });
  if (line) out.push(line.trimEnd());
  out.push('');
  out.push(zh ? '（括号）= 财务休息日   休 = 法定节假日   班 = 调休上班' : '(brackets) = finance day off   H = holiday   W = make-up workday');
  const workdays = m.days.filter((d) => d.workday).length;
  out.push(zh ? `本月财务工作日 ${workdays} 天` : `${workdays} finance workdays this month`);
  for (const d of m.days.filter((x) => x.kind === 'holiday' || x.kind === 'makeup')) {
    const what = d.kind === 'holiday' ? (zh ? '放假' : 'holiday') : zh ? '调休上班' : 'make-up workday';
    out.push(`  ${d.date}  ${what}  ${d.name ?? ''}`.trimEnd());
  }
  return out.join('\n') + '\n';
}

export interface CalendarYearView {
  year: number;
  source: YearSource;
  /** The config's source note (国办发明电〔…〕N号) for a configured year. */
  reference: string | null;
  holidays: { date: string; weekday: number; name: string }[];
  workdays: { date: string; weekday: number; name: string }[];
  warnings: { code: 'calendar-coverage'; message: string }[];
}

export function calendarYear(year: number, options: CalendarOptions, lang: Lang): CalendarYearView {
  const calendar = createFinanceCalendar(options);
  const view: CalendarYearView = { year, source: calendar.yearSource(year), reference: options.years?.[year]?.source || null, holidays: [], workdays: [], warnings: [] };
  for (let d = dayNumber(year, 1, 1); d <= dayNumber(year, 12, 31); d++) {
    const info = calendar.info(d);
    const entry = { date: isoDate(d), weekday: weekday(d), name: info.name?.[lang] ?? '' };
    if (info.kind === 'holiday') view.holidays.push(entry);
    if (info.kind === 'makeup') view.workdays.push(entry);
  }
  view.warnings = calendar.uncoveredYears().map((y) => ({ code: 'calendar-coverage', message: calendarCoverageWarning(lang, y) }));
  return view;
}

function sourceText(v: CalendarYearView, lang: Lang): string {
  const zh = lang === 'zh';
  switch (v.source) {
    case 'package':
      return zh ? '随 isla 安装的 chinese-days 节假日数据' : 'the chinese-days holiday data installed with isla';
    case 'config':
      return (zh ? `配置文件 calendar.years.${v.year}` : `the config, calendar.years.${v.year}`) + (v.reference ? (zh ? `（${v.reference}）` : ` (${v.reference})`) : '');
    case 'weekdays':
      return zh ? '配置 calendar.source: weekdays（只按周一至周五）' : 'calendar.source: weekdays in the config (Monday–Friday only)';
    default:
      return zh ? '未覆盖：只有固定日期的假日（元旦、5 月 1–2 日、10 月 1–3 日）' : 'not covered: fixed-date holidays only (Jan 1, May 1–2, Oct 1–3)';
  }
}

export function renderCalendarYear(v: CalendarYearView, lang: Lang): string {
  const zh = lang === 'zh';
  const out: string[] = [];
  for (const w of v.warnings) out.push(w.message, '');
  out.push(zh ? `${v.year} 年节假日和调休上班日` : `Holidays and make-up workdays in ${v.year}`);
  out.push((zh ? '来源：' : 'Source: ') + sourceText(v, lang), '');
  const list = (title: string, days: CalendarYearView['holidays']): void => {
    out.push(`${title}${zh ? `（${days.length} 天）` : ` (${days.length})`}`);
    if (days.length === 0) out.push(zh ? '  无' : '  none');
    for (const d of days) out.push(`  ${d.date}  ${WEEKDAY_NAMES[lang][d.weekday]}  ${d.name}`.trimEnd());
  };
  list(zh ? '放假' : 'Days off', v.holidays);
  out.push('');
  list(zh ? '调休上班' : 'Make-up workdays', v.workdays);
  return out.join('\n') + '\n';
}

export async function calendarCommand(month: string, o: { config?: string; format: string }, lang: Lang, term: Terminal): Promise<number> {
  const format = parseChoice('--format', o.format, ['table', 'json'] as const, lang);
  if (/^\d{4}$/.test(month)) {
    const view = calendarYear(Number(month), (await effectiveConfig({ config: o.config, lang })).calendar, lang);
    term.out(format === 'json' ? JSON.stringify(view, null, 2) + '\n' : renderCalendarYear(view, lang));
    return 0;
  }
  const m = parseMonth(month, lang);
  const data = calendarMonth(m.first, m.last, (await effectiveConfig({ config: o.config, lang })).calendar, lang);
  term.out(format === 'json' ? JSON.stringify(data, null, 2) + '\n' : renderCalendar(data, m.first, lang));
  return 0;
}

/** A notice file as text: UTF-8 or GB18030 (or UTF-16), detected like an export. */
async function readNotice(file: string): Promise<string> {
  const [{ default: iconv }, { bomLength, codecName, detectEncoding }] = await Promise.all([import('iconv-lite'), import('../ingest/encoding.js')]);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new IslaError('unreadable', { file, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  }
  const encoding = detectEncoding(bytes, true);
  const body = bytes.subarray(bomLength(encoding, bytes));
  return encoding === 'utf-8' || encoding === 'utf-8-bom' ? body.toString('utf8') : iconv.decode(body, codecName(encoding));
}

/**
 * `isla calendar import NOTICE [AMENDMENT…]`: the year's notice, then any later
 * notice that changes it (调整…安排的通知), printed as the `years:` block or, with
 * --write, put into the config. Any problem stops before anything is written.
 */
export async function calendarImportCommand(files: string[], o: { config?: string; write?: boolean }, lang: Lang, term: Terminal): Promise<number> {
  const { NoticeProblem, applyAmendments, parseNotice, yearSchedule } = await import('../calendar/notice.js');
  const texts = await Promise.all(files.map(readNotice));
  const notices = files.map((file, i) => {
    try {
      const notice = parseNotice(texts[i]!);
      if (i === 0 && notice.amendment) {
        const festival = notice.festivals.map((f) => f.name).join('、');
        throw new IslaError('bad-notice', { file, line: '', text: '', detail: noticeReason(lang, { id: 'amendment', festival, year: notice.year, file: path.basename(file) }) });
      }
      return { file, notice };
    } catch (err) {
      if (!(err instanceof NoticeProblem)) throw err;
      throw new IslaError('bad-notice', { file, line: err.line || '', text: err.text, detail: noticeReason(lang, err.reason) }, { cause: err });
    }
  });
  const first = notices[0]!.notice;
  for (const n of notices.slice(1)) {
    if (n.notice.year !== first.year) {
      throw new IslaError('bad-notice', { file: n.file, line: '', text: '', detail: noticeReason(lang, { id: 'other-year', year: n.notice.year, first: first.year }) });
    }
  }
  const schedule = yearSchedule(applyAmendments(first, notices.slice(1).map((n) => n.notice)));
  const { addYear, renderYearBlock } = await import('../config/add-year.js');
  const block = { year: first.year, ...schedule };
  if (!o.write) {
    const note = lang === 'zh' ? '# 放在配置文件的 calendar: 下面（或用 --write 直接写入）' : '# goes under calendar: in the config (or use --write)';
    term.out(`${note}\nyears:\n${renderYearBlock(block, '  ')}`);
    return 0;
  }

  const file = o.config ?? path.join(process.cwd(), CONFIG_FILE_NAME);
  const { loadConfig } = await import('../config/load.js');
  // The config must load as it is: a broken file is reported, never rewritten.
  loadConfig({ config: file, lang });
  const text = readFileSync(file, 'utf8');
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const { text: edited, replaced } = addYear(text.slice(bom.length), block);
  const updated = bom + edited;
  // What is written must load: it is the config every later run reads.
  loadConfig({ config: file, lang, text: updated });
  const { writeAtomic } = await import('../write-atomic.js');
  await writeAtomic(file, [updated]);
  const zh = lang === 'zh';
  const counts = zh ? `${schedule.holidays.length} 个放假日、${schedule.workdays.length} 个调休上班日` : `${schedule.holidays.length} days off, ${schedule.workdays.length} make-up workdays`;
  term.err(
    zh
      ? `已${replaced ? '替换' : '写入'} ${file} 的 calendar.years.${first.year}（${counts}，${schedule.source}）。请用 isla calendar ${first.year}-02 等核对，再提交配置文件。`
      : `${replaced ? 'Replaced' : 'Wrote'} calendar.years.${first.year} in ${file} (${counts}, ${schedule.source}). Check it with isla calendar ${first.year}-02 and the other months, then commit the config.`,
  );
  return 0;
}
