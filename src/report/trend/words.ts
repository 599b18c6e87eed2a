// Words and small pieces every trend format shares: labels, the change in
// percentage points, the best and worst month, the terminal's row of bars.
import type { Lang } from '../../messages.js';
import type { TrendMonth } from '../../history/trend.js';
import { label, rateText } from '../labels.js';

/** A month's on-time rate as its own report shows it: rounded once, from its counts. */
export function percent(m: Pick<TrendMonth, 'due' | 'onTime'>): string {
  return m.due === null || m.onTime === null ? '—' : rateText({ due: m.due, onTime: m.onTime });
}

const WORDS = {
  title: { zh: '按时率趋势', en: 'On-time trend' },
  month: { zh: '月份', en: 'Month' },
  change: { zh: '变化(百分点)', en: 'Change (pp)' },
  extended: { zh: '延期', en: 'Extended' },
  waived: { zh: '豁免', en: 'Waived' },
  best: { zh: '最好', en: 'best' },
  worst: { zh: '最差', en: 'worst' },
  repeatHandlers: { zh: '多次迟交的经办人', en: 'Repeat late handlers' },
  repeatRule: {
    zh: '最近 3 个月中至少 2 个月有迟交或逾期未交的事项（每月件数）',
    en: 'late or overdue items in at least 2 of the last 3 months (items per month)',
  },
  noRepeat: { zh: '最近 3 个月没有经办人在 2 个以上月份迟交或逾期未交。', en: 'No handler was late or overdue in 2 or more of the last 3 months.' },
  items: { zh: '合计', en: 'Total' },
  history: { zh: '近六个月按时率', en: 'On-time rate, last six months' },
} as const;

export type TrendWord = keyof typeof WORDS;

export function word(lang: Lang, id: TrendWord): string {
  return WORDS[id][lang];
}

export function monthsText(months: string[], lang: Lang): string {
  if (months.length === 0) return '';
  const span = months.length === 1 ? months[0]! : `${months[0]} – ${months.at(-1)}`;
  return lang === 'zh' ? `${span}（${months.length} 个月）` : `${span} (${months.length} month${months.length === 1 ? '' : 's'})`;
}

/** `+15.0`, `-20.0`, `0.0`, or — (first month shown, after a gap, or a rate missing). */
export function changeText(change: number | null): string {
  if (change === null) return '—';
  return `${change > 0 ? '+' : ''}${change.toFixed(1)}`;
}

export function countText(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : String(n);
}

export { label };

/**
 * The months that are the best and the worst of a series: every month at the
 * highest (lowest) rate. Nothing is marked when fewer than two different rates exist.
 */
export function bestAndWorst(months: TrendMonth[]): { best: Set<string>; worst: Set<string> } {
  const rates = months.filter((m) => m.onTimeRate !== null).map((m) => m.onTimeRate!);
  const hi = Math.max(...rates);
  const lo = Math.min(...rates);
  if (rates.length < 2 || hi === lo) return { best: new Set(), worst: new Set() };
  return {
    best: new Set(months.filter((m) => m.onTimeRate === hi).map((m) => m.period)),
    worst: new Set(months.filter((m) => m.onTimeRate === lo).map((m) => m.period)),
  };
}

export function markText(period: string, marks: ReturnType<typeof bestAndWorst>, lang: Lang): string {
  return marks.best.has(period) ? word(lang, 'best') : marks.worst.has(period) ? word(lang, 'worst') : '';
}

const LEVELS = '▁▂▃▄▅▆▇█';

/** One block character per month, its height the rate; · where there is no rate. */
export function barChar(rate: number | null): string {
  return rate === null ? '·' : LEVELS[Math.round(rate * (LEVELS.length - 1))]!;
}

/**
 * Whether the 延期/豁免 columns are shown: when approvals counted in some month
 * of the view (SPEC §13). Every summary carries the counts, 0 without a waivers
 * log; columns of zeros would only crowd the month rows. JSON gives them always.
 */
export function showsApprovals(months: TrendMonth[]): boolean {
  return months.some((m) => (m.extended ?? 0) + (m.waived ?? 0) > 0);
}
