// One department's months as text and as mail-safe HTML: the pieces the trend
// formats are built from, and what the report page and the department mails
// (SPEC §8.2) put beside this month. Pure functions of a DepartmentTrend.
import { Chalk } from 'chalk';
import type { DepartmentTrend, TrendMonth } from '../../history/trend.js';
import type { Lang } from '../../messages.js';
import { type Align, alignColumns } from '../columns.js';
import { escapeHtml } from '../html.js';
import { barChar, bestAndWorst, changeText, countText, showsApprovals, label, markText, percent, word } from './words.js';

/** `消贷部  ▃·█  最好 2026-10 100.0% · 最差 2026-08 60.0%`: the row of bars with the best and worst month named. */
export function barsLine(name: string, months: TrendMonth[], lang: Lang, color = false): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const marks = bestAndWorst(months);
  const bars = months
    .map((m) => {
      const ch = barChar(m.onTimeRate);
      return marks.best.has(m.period) ? c.green(ch) : marks.worst.has(m.period) ? c.red(ch) : ch;
    })
    .join('');
  const named = (set: Set<string>, id: 'best' | 'worst'): string => {
    const first = months.filter((m) => set.has(m.period));
    return first.length ? `${word(lang, id)} ${first.map((m) => m.period).join(lang === 'zh' ? '、' : ', ')} ${percent(first[0]!)}` : '';
  };
  const words = [named(marks.best, 'best'), named(marks.worst, 'worst')].filter(Boolean).join(' · ');
  return `${c.bold(name)}  ${bars}${words ? '  ' + words : ''}`;
}

/** The month rows of one department (or the total), aligned for a terminal or a plain-text mail. */
export function monthRowsText(months: TrendMonth[], lang: Lang, color = false): string[] {
  const c = new Chalk({ level: color ? 1 : 0 });
  const marks = bestAndWorst(months);
  const approvals = showsApprovals(months);
  const head = [word(lang, 'month'), label(lang, 'due'), label(lang, 'onTime'), label(lang, 'late'), label(lang, 'overdue'), label(lang, 'onTimeRate'), word(lang, 'change')];
  const align: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'right'];
  if (approvals) head.push(word(lang, 'extended'), word(lang, 'waived')), align.push('right', 'right');
  head.push('');
  align.push('left');
  const rows = months.map((m) => {
    const mark = markText(m.period, marks, lang);
    const cells = [
      m.period,
      countText(m.due),
      countText(m.onTime),
      m.late ? c.yellow(String(m.late)) : countText(m.late),
      m.overdue ? c.red(String(m.overdue)) : countText(m.overdue),
      percent(m),
      changeText(m.change),
    ];
    if (approvals) cells.push(countText(m.extended), countText(m.waived));
    cells.push(marks.best.has(m.period) ? c.green(mark) : c.red(mark));
    return cells;
  });
  return alignColumns(head.map((h) => c.bold(h)), rows, align);
}

/** A department's trend as plain text, e.g. for the text part of its mail. */
export function departmentTrendText(trend: DepartmentTrend, lang: Lang, color = false): string {
  return [barsLine(trend.department, trend.months, lang, color), ...monthRowsText(trend.months, lang, color)].join('\n') + '\n';
}

const FONT = "font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB',SimSun,Arial,sans-serif;";
const CELL = 'padding:4px 6px;border-bottom:1px solid #e5e5e5;font-size:13px;line-height:18px;';
const HEAD = 'padding:4px 6px;border-bottom:2px solid #999999;font-size:13px;font-weight:bold;background:#f2f2f2;';
const GREEN = '#27ae60';
const RED = '#c0392b';
const AMBER = '#b9770e';

function barColour(rate: number): string {
  return rate >= 0.9 ? GREEN : rate >= 0.7 ? '#e67e22' : RED;
}

/**
 * A bar of two table cells, filled to the rate (SPEC §6.3: no images, no SVG);
 * `width` in pixels or the whole cell. bgcolor as well as background, for Outlook.
 */
export function rateBarHtml(rate: number | null, width: number | '100%'): string {
  if (rate === null) return '';
  const filled = Math.round(rate * 100);
  const colour = barColour(rate);
  const cell = (w: number, bg: string): string =>
    `<td width="${w}%" bgcolor="${bg}" style="background:${bg};height:8px;font-size:1px;line-height:1px;">&nbsp;</td>`;
  const css = typeof width === 'number' ? `${width}px` : width;
  return `<table role="presentation" width="${width}" cellpadding="0" cellspacing="0" border="0" style="width:${css};border-collapse:collapse;"><tr>${filled > 0 ? cell(filled, colour) : ''}${filled < 100 ? cell(100 - filled, '#e5e5e5') : ''}</tr></table>`;
}

const td = (content: string, style = ''): string => `<td style="${CELL}${style}">${content}</td>`;
const th = (text: string, align: 'left' | 'right' = 'right'): string => `<th style="${HEAD}text-align:${align};">${escapeHtml(text)}</th>`;

/** One department's (or the total's) months as a mail-safe table: months as rows, so it reads on a phone. */
export function departmentTrendHtml(trend: DepartmentTrend, lang: Lang): string {
  const { months } = trend;
  const marks = bestAndWorst(months);
  const approvals = showsApprovals(months);
  const head = [th(word(lang, 'month'), 'left'), th(label(lang, 'due')), th(label(lang, 'onTime')), th(label(lang, 'late')), th(label(lang, 'overdue')), th(label(lang, 'onTimeRate'), 'left'), th(word(lang, 'change'))];
  if (approvals) head.push(th(word(lang, 'extended')), th(word(lang, 'waived')));
  const rows = months.map((m) => {
    const mark = markText(m.period, marks, lang);
    const markHtml = mark ? ` <span style="color:${marks.best.has(m.period) ? GREEN : RED};font-weight:bold;">${escapeHtml(mark)}</span>` : '';
    const cells = [
      td(escapeHtml(m.period), 'white-space:nowrap;'),
      td(escapeHtml(countText(m.due)), 'text-align:right;'),
      td(escapeHtml(countText(m.onTime)), 'text-align:right;'),
      td(escapeHtml(countText(m.late)), `text-align:right;${m.late ? `color:${AMBER};font-weight:bold;` : ''}`),
      td(escapeHtml(countText(m.overdue)), `text-align:right;${m.overdue ? `color:${RED};font-weight:bold;` : ''}`),
      td(`<b>${escapeHtml(percent(m))}</b>${markHtml}${rateBarHtml(m.onTimeRate, 80)}`),
      td(escapeHtml(changeText(m.change)), 'text-align:right;white-space:nowrap;'),
    ];
    if (approvals) cells.push(td(escapeHtml(countText(m.extended)), 'text-align:right;'), td(escapeHtml(countText(m.waived)), 'text-align:right;'));
    return `<tr>${cells.join('')}</tr>`;
  });
  return (
    `<h3 style="margin:16px 0 6px 0;font-size:15px;${FONT}">${escapeHtml(trend.department)}</h3>\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${FONT}"><tr>${head.join('')}</tr>${rows.join('')}</table>\n`
  );
}

/**
 * The report page's history block: each department's last months beside this one,
 * one row per department, the months as columns (this month last, in bold), each
 * cell the rate over its bar. Empty when there is no earlier month to compare with.
 */
export function historyBlockHtml(trends: DepartmentTrend[], total: TrendMonth[], lang: Lang): string {
  const months = total.map((m) => m.period);
  const current = months.at(-1);
  const short = (period: string): string => (lang === 'zh' ? `${Number(period.slice(5))}月` : period.slice(2));
  const head = [th(label(lang, 'department'), 'left'), ...months.map((m) => th(short(m)))].join('');
  const cell = (m: TrendMonth): string => {
    const now = m.period === current;
    const style = `text-align:right;white-space:nowrap;font-size:12px;${now ? 'font-weight:bold;background:#f7f7f7;' : ''}`;
    return td(`${escapeHtml(percent(m))}${rateBarHtml(m.onTimeRate, '100%')}`, style);
  };
  const row = (name: string, series: TrendMonth[], strong: boolean): string =>
    `<tr>${td(escapeHtml(name), strong ? 'font-weight:bold;' : '')}${series.map(cell).join('')}</tr>`;
  const span = months.length ? `${months[0]} – ${current}` : '';
  return (
    `<h2 style="margin:24px 0 8px 0;font-size:17px;color:#222222;${FONT}">${escapeHtml(word(lang, 'history'))}</h2>\n` +
    `<p style="margin:0 0 6px 0;color:#555555;font-size:12px;${FONT}">${escapeHtml(span)}${lang === 'zh' ? '，— 表示该月没有报告或没有应交事项' : '; — means no report set, or nothing fell due'}</p>\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${FONT}"><tr>${head}</tr>` +
    trends.map((t) => row(t.department, t.months, false)).join('') +
    row(label(lang, 'total'), total, true) +
    '</table>\n'
  );
}
