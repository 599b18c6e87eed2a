// `--format html`: one self-contained page for Outlook, Foxmail and web mail.
// Mail clients strip <style>, scripts, SVG and remote assets and ignore most CSS
// layout, so everything is nested tables with inline styles and bgcolor; the
// on-time bars are two table cells sized in percent. Every value is escaped.
import type { CheckResult } from '../check.js';
import type { Chunks } from '../write-atomic.js';
import { type FormatContext, datasetName } from './index.js';
import { STATUS_LABEL, dueText, label, localText, rateText } from './labels.js';
import { lateByDepartment, otherFindings, rejectedRows } from './view.js';

export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const FONT = "font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB',SimSun,Arial,sans-serif;";
const CELL = 'padding:6px 8px;border-bottom:1px solid #e5e5e5;font-size:13px;line-height:18px;';
const HEAD = 'padding:6px 8px;border-bottom:2px solid #999999;font-size:13px;font-weight:bold;text-align:left;background:#f2f2f2;';
const H2 = 'margin:24px 0 8px 0;font-size:17px;color:#222222;';
const RED = '#c0392b';
const AMBER = '#b9770e';

function td(value: string | number | null | undefined, style = '', raw = false): string {
  return `<td style="${CELL}${style}">${raw ? String(value) : escapeHtml(value)}</td>`;
}

function th(text: string, align: 'left' | 'right' = 'left'): string {
  return `<th style="${HEAD}text-align:${align};">${escapeHtml(text)}</th>`;
}

function table(head: string, rows: string[]): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${FONT}"><tr>${head}</tr>${rows.join('')}</table>`;
}

/** A bar of two cells: filled to the rate, grey for the rest (no images, no CSS widths needed). */
function bar(rate: number | null): string {
  if (rate === null) return '<span style="color:#999999;">—</span>';
  const filled = Math.round(rate * 100);
  const colour = rate >= 0.9 ? '#27ae60' : rate >= 0.7 ? '#e67e22' : RED;
  const cells = [
    filled > 0 ? `<td width="${filled}%" bgcolor="${colour}" style="background:${colour};height:10px;font-size:1px;line-height:1px;">&nbsp;</td>` : '',
    filled < 100 ? `<td width="${100 - filled}%" bgcolor="#e5e5e5" style="background:#e5e5e5;height:10px;font-size:1px;line-height:1px;">&nbsp;</td>` : '',
  ].join('');
  return `<table role="presentation" width="120" cellpadding="0" cellspacing="0" border="0" style="width:120px;border-collapse:collapse;"><tr>${cells}</tr></table>`;
}

export function* formatHtml(result: CheckResult, ctx: FormatContext): Chunks {
  const { lang } = ctx;
  const L = (id: Parameters<typeof label>[1]): string => label(lang, id);
  const sep = lang === 'zh' ? '：' : ': ';
  const title = `${L('title')} · ${result.period.label}`;
  yield `<!DOCTYPE html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>\n`;
  yield `<body style="margin:0;padding:0;background:#f4f4f4;">\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f4f4" style="background:#f4f4f4;"><tr><td align="center" style="padding:16px;">\n`;
  yield `<table role="presentation" width="760" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:760px;max-width:100%;background:#ffffff;${FONT}color:#222222;"><tr><td style="padding:20px 24px;">\n`;
  yield `<h1 style="margin:0 0 6px 0;font-size:20px;">${escapeHtml(title)}</h1>\n`;
  yield `<p style="margin:0;color:#555555;font-size:13px;">${escapeHtml(L('period'))} ${escapeHtml(result.period.start)} – ${escapeHtml(result.period.end)} &nbsp;·&nbsp; ${escapeHtml(L('asOf'))} ${escapeHtml(result.asOf)} &nbsp;·&nbsp; ${escapeHtml(L('timezone'))} ${escapeHtml(result.timezone)}</p>\n`;

  yield `<h2 style="${H2}">${escapeHtml(L('summary'))}</h2>\n`;
  // 未判定 beside 应交 whenever some row could not be judged (SPEC §3.5).
  const nj = result.summary.total.notJudged > 0;
  const summaryHead = [th(L('department')), th(L('due'), 'right'), ...(nj ? [th(L('notJudged'), 'right')] : []), th(L('onTime'), 'right'), th(L('late'), 'right'), th(L('overdue'), 'right'), th(L('pending'), 'right'), th(L('otherFindings'), 'right'), th(L('onTimeRate'), 'right'), th('')].join('');
  const summaryRow = (name: string, s: CheckResult['summary']['total'], strong: boolean): string =>
    `<tr>${[
      td(name, strong ? 'font-weight:bold;' : ''),
      td(s.due, 'text-align:right;'),
      ...(nj ? [td(s.notJudged, `text-align:right;${s.notJudged ? `color:${RED};font-weight:bold;` : ''}`)] : []),
      td(s.onTime, 'text-align:right;'),
      td(s.late, `text-align:right;${s.late ? `color:${AMBER};font-weight:bold;` : ''}`),
      td(s.overdue, `text-align:right;${s.overdue ? `color:${RED};font-weight:bold;` : ''}`),
      td(s.pending, 'text-align:right;'),
      td(s.otherFindings, 'text-align:right;'),
      td(rateText(s), 'text-align:right;font-weight:bold;'),
      td(bar(s.onTimeRate), '', true),
    ].join('')}</tr>`;
  yield table(summaryHead, [
    ...result.summary.byDepartment.map((d) => summaryRow(d.department, d, false)),
    summaryRow(L('total'), result.summary.total, true),
  ]) + '\n';

  yield `<h2 style="${H2}">${escapeHtml(L('lateItems'))}</h2>\n`;
  const groups = lateByDepartment(result);
  if (groups.length === 0) yield `<p style="margin:0;">${escapeHtml(L('noLate'))}</p>\n`;
  const lateHead = [th(L('rule')), th(L('status')), th(L('key')), th(L('customer')), th(L('eventDate')), th(L('dueDate')), th(L('submitted')), th(L('daysLate'), 'right'), th(L('handler'))].join('');
  for (const g of groups) {
    yield `<h3 style="margin:16px 0 6px 0;font-size:15px;">${escapeHtml(g.department)} (${g.findings.length})</h3>\n`;
    yield table(
      lateHead,
      g.findings.map((f) => {
        const colour = f.status === 'overdue' ? RED : AMBER;
        return `<tr>${[
          td(f.ruleId),
          td(STATUS_LABEL[f.status][lang], `color:${colour};font-weight:bold;`),
          td(f.key),
          td(f.customer),
          td(f.eventDate),
          td(dueText(f.dueDate, f.dueTime)),
          td(localText(f.submitted) || '—'),
          td(f.daysLate, `text-align:right;color:${colour};font-weight:bold;`),
          td(f.handler),
        ].join('')}</tr>`;
      }),
    ) + '\n';
  }

  const other = otherFindings(result);
  if (other.length) {
    yield `<h2 style="${H2}">${escapeHtml(L('otherItems'))} (${other.length})</h2>\n`;
    yield table(
      [th(L('department')), th(L('rule')), th(L('status')), th(L('key')), th(L('file')), th(L('message'))].join(''),
      other.map((f) => `<tr>${[td(f.department), td(f.ruleId), td(STATUS_LABEL[f.status][lang]), td(f.key), td(f.file ? `${f.file}:${f.line}` : ''), td(f.message)].join('')}</tr>`),
    ) + '\n';
  }

  yield `<h2 style="${H2}">${escapeHtml(L('notProvided'))}</h2>\n`;
  yield `<p style="margin:0;">${escapeHtml(result.notProvided.length ? result.notProvided.map((id) => datasetName(id, ctx)).join(lang === 'zh' ? '、' : ', ') : L('notProvidedNone'))}</p>\n`;
  yield `<h2 style="${H2}">${escapeHtml(L('notChecked'))}</h2>\n`;
  if (result.notChecked.length === 0) yield `<p style="margin:0;">${escapeHtml(L('notCheckedNone'))}</p>\n`;
  else yield table([th(L('rule')), th(L('message'))].join(''), result.notChecked.map((n) => `<tr>${td(n.ruleId)}${td(n.reason)}</tr>`)) + '\n';
  for (const w of result.warnings) yield `<p style="margin:12px 0 0 0;color:${AMBER};">${escapeHtml(w.message)}</p>\n`;
  const rejected = rejectedRows(result);
  if (rejected) yield `<p style="margin:12px 0 0 0;">${escapeHtml(L('problems'))}${escapeHtml(sep)}${rejected}</p>\n`;

  if (ctx.rules?.length) {
    yield `<h2 style="${H2}">${escapeHtml(L('rulesApplied'))}</h2>\n`;
    yield table(
      [th(L('rule')), th(L('department')), th(L('item')), th(L('check'))].join(''),
      ctx.rules.map((r) => `<tr>${td(r.id)}${td(r.department)}${td(r.item)}${td(r.check)}</tr>`),
    ) + '\n';
  }
  yield `<p style="margin:20px 0 0 0;color:#999999;font-size:12px;">${escapeHtml(L('generatedBy'))} ${escapeHtml(result.tool.version)}</p>\n`;
  yield '</td></tr></table>\n</td></tr></table>\n</body></html>\n';
}
