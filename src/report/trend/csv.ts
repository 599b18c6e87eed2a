// `isla trend -f csv`: one row per department (and the total) and month, for
// Excel — BOM, CRLF, the formula guard on every text cell (names come from the
// exports). Numbers isla computed are written as numbers, so a change of -20.0
// stays a number Excel can sum, not a guarded text.
import type { TrendResult } from '../../history/trend.js';
import type { Chunks } from '../../write-atomic.js';
import { csvCell } from '../csv.js';
import type { TrendFormatContext } from './table.js';
import { showsApprovals, label, percent, word } from './words.js';

const cell = (v: string | number | null | undefined): string => (typeof v === 'number' ? String(v) : csvCell(v ?? '—'));

export function* formatTrendCsv(trend: TrendResult, ctx: TrendFormatContext): Chunks {
  const { lang } = ctx;
  const series = [...trend.departments.map((d) => ({ name: d.department, months: d.months })), { name: label(lang, 'total'), months: trend.total.months }];
  const all = series.flatMap((s) => s.months);
  const approvals = showsApprovals(all);
  const head = [label(lang, 'department'), word(lang, 'month'), label(lang, 'due'), label(lang, 'onTime'), label(lang, 'late'), label(lang, 'overdue'), label(lang, 'onTimeRate'), word(lang, 'change')];
  if (approvals) head.push(word(lang, 'extended'), word(lang, 'waived'));
  yield '\uFEFF' + head.map(csvCell).join(',') + '\r\n';
  for (const s of series) {
    for (const m of s.months) {
      // The rate as "86.1%": Excel reads it as the number 0.861 shown as a percentage.
      const cells = [csvCell(s.name), csvCell(m.period), cell(m.due), cell(m.onTime), cell(m.late), cell(m.overdue), csvCell(percent(m)), m.change === null ? csvCell('—') : m.change.toFixed(1)];
      if (approvals) cells.push(cell(m.extended), cell(m.waived));
      yield cells.join(',') + '\r\n';
    }
  }
}
