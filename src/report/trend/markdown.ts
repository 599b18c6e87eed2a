// `isla trend -f markdown`: each department's months as a table, then the repeat
// late handlers — readable as plain text in a mail body.
import type { TrendMonth, TrendResult } from '../../history/trend.js';
import type { Chunks } from '../../write-atomic.js';
import { mdText } from '../markdown.js';
import type { TrendFormatContext } from './table.js';
import { barChar, bestAndWorst, changeText, countText, showsApprovals, label, markText, monthsText, percent, word } from './words.js';

const row = (cells: string[]): string => `| ${cells.map(mdText).join(' | ')} |\n`;

function monthsTable(months: TrendMonth[], lang: TrendFormatContext['lang']): string {
  const marks = bestAndWorst(months);
  const approvals = showsApprovals(months);
  const head = [word(lang, 'month'), label(lang, 'due'), label(lang, 'onTime'), label(lang, 'late'), label(lang, 'overdue'), label(lang, 'onTimeRate'), word(lang, 'change')];
  if (approvals) head.push(word(lang, 'extended'), word(lang, 'waived'));
  head.push('');
  let out = row(head) + `| --- |${' ---: |'.repeat(head.length - 2)} --- |\n`;
  for (const m of months) {
    const cells = [m.period, countText(m.due), countText(m.onTime), countText(m.late), countText(m.overdue), percent(m), changeText(m.change)];
    if (approvals) cells.push(countText(m.extended), countText(m.waived));
    cells.push(markText(m.period, marks, lang));
    out += row(cells);
  }
  return out;
}

export function* formatTrendMarkdown(trend: TrendResult, ctx: TrendFormatContext): Chunks {
  const { lang } = ctx;
  yield `# ${word(lang, 'title')} · ${mdText(monthsText(trend.months, lang))}\n\n`;
  const series = [...trend.departments.map((d) => ({ name: d.department, months: d.months })), { name: label(lang, 'total'), months: trend.total.months }];
  for (const s of series) {
    yield `## ${mdText(s.name)} \`${s.months.map((m) => barChar(m.onTimeRate)).join('')}\`\n\n`;
    yield monthsTable(s.months, lang) + '\n';
  }
  yield `## ${word(lang, 'repeatHandlers')}\n\n${word(lang, 'repeatRule')}\n\n`;
  if (trend.repeatHandlers.length === 0) yield `${word(lang, 'noRepeat')}\n\n`;
  else {
    const months = Object.keys(trend.repeatHandlers[0]!.months);
    yield row([label(lang, 'handler'), label(lang, 'department'), ...months, word(lang, 'items')]);
    yield `| --- | --- |${' ---: |'.repeat(months.length + 1)}\n`;
    for (const h of trend.repeatHandlers) {
      yield row([h.handler, h.department, ...months.map((m) => countText(h.months[m])), String(months.reduce((n, m) => n + (h.months[m] ?? 0), 0))]);
    }
    yield '\n';
  }
  for (const w of trend.warnings) yield `> ${mdText(w.message)}\n\n`;
}
