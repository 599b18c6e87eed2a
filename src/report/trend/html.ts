// `isla trend -f html`: one self-contained page for mail clients (SPEC §6.3):
// tables and inline styles only, the rates as table-cell bars, every value escaped.
// The page is as wide as the pane, up to 760px (a fixed width would make a phone scroll sideways).
import type { TrendResult } from '../../history/trend.js';
import type { Chunks } from '../../write-atomic.js';
import { escapeHtml } from '../html.js';
import { departmentTrendHtml } from './blocks.js';
import type { TrendFormatContext } from './table.js';
import { countText, label, monthsText, word } from './words.js';

const FONT = "font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB',SimSun,Arial,sans-serif;";
const CELL = 'padding:4px 6px;border-bottom:1px solid #e5e5e5;font-size:13px;line-height:18px;';
const HEAD = 'padding:4px 6px;border-bottom:2px solid #999999;font-size:13px;font-weight:bold;background:#f2f2f2;';

export function* formatTrendHtml(trend: TrendResult, ctx: TrendFormatContext): Chunks {
  const { lang } = ctx;
  const title = `${word(lang, 'title')} · ${monthsText(trend.months, lang)}`;
  yield `<!DOCTYPE html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>\n`;
  yield `<body style="margin:0;padding:0;background:#f4f4f4;">\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f4f4" style="background:#f4f4f4;"><tr><td align="center" style="padding:8px;">\n`;
  yield `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:760px;background:#ffffff;${FONT}color:#222222;"><tr><td style="padding:16px 12px;">\n`;
  yield `<h1 style="margin:0 0 6px 0;font-size:20px;">${escapeHtml(title)}</h1>\n`;
  for (const w of trend.warnings) yield `<p style="margin:8px 0 0 0;color:#b9770e;font-size:13px;">${escapeHtml(w.message)}</p>\n`;
  for (const d of trend.departments) yield departmentTrendHtml(d, lang);
  yield departmentTrendHtml({ department: label(lang, 'total'), months: trend.total.months }, lang);

  yield `<h2 style="margin:24px 0 4px 0;font-size:17px;">${escapeHtml(word(lang, 'repeatHandlers'))}</h2>\n`;
  yield `<p style="margin:0 0 6px 0;color:#555555;font-size:12px;">${escapeHtml(word(lang, 'repeatRule'))}</p>\n`;
  if (trend.repeatHandlers.length === 0) yield `<p style="margin:0;font-size:13px;">${escapeHtml(word(lang, 'noRepeat'))}</p>\n`;
  else {
    const months = Object.keys(trend.repeatHandlers[0]!.months);
    const th = (t: string, align = 'right'): string => `<th style="${HEAD}text-align:${align};">${escapeHtml(t)}</th>`;
    const td = (t: string, style = 'text-align:right;'): string => `<td style="${CELL}${style}">${escapeHtml(t)}</td>`;
    const head = [th(label(lang, 'handler'), 'left'), th(label(lang, 'department'), 'left'), ...months.map((m) => th(m)), th(word(lang, 'items'))].join('');
    const rows = trend.repeatHandlers.map(
      (h) => `<tr>${td(h.handler, '')}${td(h.department, '')}${months.map((m) => td(countText(h.months[m]))).join('')}${td(String(months.reduce((n, m) => n + (h.months[m] ?? 0), 0)), 'text-align:right;font-weight:bold;')}</tr>`,
    );
    yield `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${FONT}"><tr>${head}</tr>${rows.join('')}</table>\n`;
  }
  yield `<p style="margin:20px 0 0 0;color:#999999;font-size:12px;">${escapeHtml(label(lang, 'generatedBy'))}</p>\n`;
  yield '</td></tr></table>\n</td></tr></table>\n</body></html>\n';
}
