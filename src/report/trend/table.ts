// `isla trend` on a terminal: per department (and the total) the row of bars,
// best and worst month named, then the month rows; the repeat late handlers;
// the warnings. Colour only when asked (--no-color, NO_COLOR honoured upstream).
import { Chalk } from 'chalk';
import type { TrendResult } from '../../history/trend.js';
import type { Lang } from '../../messages.js';
import { alignColumns } from '../columns.js';
import type { Chunks } from '../../write-atomic.js';
import { barsLine, monthRowsText } from './blocks.js';
import { countText, label, monthsText, word } from './words.js';

export interface TrendFormatContext {
  lang: Lang;
  color: boolean;
}

export function* formatTrendTable(trend: TrendResult, ctx: TrendFormatContext): Chunks {
  const { lang, color } = ctx;
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [c.bold(`${word(lang, 'title')} · ${monthsText(trend.months, lang)}`), ''];
  const series = [...trend.departments.map((d) => ({ name: d.department, months: d.months })), { name: label(lang, 'total'), months: trend.total.months }];
  for (const s of series) {
    out.push(barsLine(s.name, s.months, lang, color), ...monthRowsText(s.months, lang, color), '');
  }
  out.push(c.bold(word(lang, 'repeatHandlers')) + (lang === 'zh' ? '：' : ': ') + word(lang, 'repeatRule'));
  if (trend.repeatHandlers.length === 0) out.push(`  ${word(lang, 'noRepeat')}`);
  else {
    const months = Object.keys(trend.repeatHandlers[0]!.months);
    out.push(
      ...alignColumns(
        [label(lang, 'handler'), label(lang, 'department'), ...months, word(lang, 'items')].map((h) => c.bold(h)),
        trend.repeatHandlers.map((h) => [
          h.handler,
          h.department,
          ...months.map((m) => countText(h.months[m])),
          String(months.reduce((n, m) => n + (h.months[m] ?? 0), 0)),
        ]),
        ['left', 'left', ...months.map(() => 'right' as const), 'right'],
      ),
    );
  }
  if (trend.warnings.length) {
    out.push('', c.bold(label(lang, 'warnings')));
    for (const w of trend.warnings) out.push(`  ${c.yellow(w.message)}`);
  }
  yield out.join('\n') + '\n';
}
