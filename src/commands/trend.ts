// `isla trend DIR`: the report sets in DIR as months → the chosen format on stdout.
// Reads, never judges: every number is the one the month's summary.json holds.
import { suggest } from '../config/suggest.js';
import { IslaError } from '../errors.js';
import { readHistory } from '../history/read.js';
// Repeat late handlers always look at the last three months, whatever --months shows.
import { REPEAT_WINDOW, buildTrend, departmentsOf } from '../history/trend.js';
import type { Lang } from '../messages.js';
import { parseChoice } from '../options.js';
import { TREND_FORMATS, type TrendFormatName } from '../report/trend/index.js';
import { writeStdout } from '../write-atomic.js';
import type { Terminal } from './terminal.js';

export interface TrendCommandOptions {
  months: string;
  format: string;
  department?: string[];
  quiet?: boolean;
}

function parseMonths(value: string, lang: Lang): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 120)) {
    throw new IslaError('bad-option', { option: '--months', value, expected: lang === 'zh' ? '应为 1 到 120 之间的整数' : 'use a whole number from 1 to 120' });
  }
  return n;
}

export async function trendCommand(dir: string, o: TrendCommandOptions, lang: Lang, term: Terminal): Promise<number> {
  const format = parseChoice('--format', o.format, Object.keys(TREND_FORMATS) as TrendFormatName[], lang);
  const months = parseMonths(o.months, lang);
  // One month more than shown, so the first month shown has its change too.
  const history = await readHistory(dir, { months: Math.max(months + 1, REPEAT_WINDOW), lang });
  if (history.months.length === 0) throw new IslaError('no-history', { dir });
  const known = departmentsOf(history);
  for (const name of o.department ?? []) {
    if (known.includes(name)) continue;
    const close = suggest(name, known);
    const expected = close ? (lang === 'zh' ? `最接近的是 ${close}` : `the closest is ${close}`) : lang === 'zh' ? `报告中的部门有 ${known.join('、')}` : `the reports name ${known.join(', ')}`;
    throw new IslaError('bad-option', { option: '--department', value: name, expected });
  }
  if (!o.quiet) for (const n of [...history.notes, ...history.warnings]) term.err(n.message);
  const trend = buildTrend(history, { months, departments: o.department });
  await writeStdout(TREND_FORMATS[format](trend, { lang, color: format === 'table' && term.color }));
  return 0;
}
