// `isla calendar YYYY-MM`: finance's workdays, holidays and make-up days as a grid.
import type { CalendarOptions, DayKind } from '../calendar/finance-calendar.js';
import { createFinanceCalendar } from '../calendar/finance-calendar.js';
import { dateParts, isoDate, weekday } from '../ingest/local-time.js';
import { type Lang, calendarCoverageWarning } from '../messages.js';
import { loadConfig } from '../config/load.js';
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
  const out: string[] = [zh ? `${year} 年 ${month} 月 财务工作日历` : `Finance calendar ${m.month}`, ''];
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
  for (const w of m.warnings) out.push('', w.message);
  return out.join('\n') + '\n';
}

export async function calendarCommand(month: string, o: { config?: string; format: string }, lang: Lang, term: Terminal): Promise<number> {
  const format = parseChoice('--format', o.format, ['table', 'json'] as const, lang);
  const m = parseMonth(month, lang);
  const data = calendarMonth(m.first, m.last, loadConfig({ config: o.config, lang }).calendar, lang);
  term.out(format === 'json' ? JSON.stringify(data, null, 2) + '\n' : renderCalendar(data, m.first, lang));
  return 0;
}
