// `--format html`: one self-contained page for Outlook, Foxmail, web mail and a
// phone — the report set's summary.html and the body of every mail. Mail clients
// strip <style>, scripts, SVG and remote assets and ignore most CSS layout, so the
// page is nested tables with inline styles and bgcolor; the on-time bars are two
// table cells sized in percent. Every value is escaped.
//
// Widths: the page is 760 px at most and shrinks to a phone's 390 px without a
// horizontal scroll. Codes, dates, names, statuses and numbers never break
// (white-space:nowrap on each); a finding is a small block of such pieces that
// wrap between each other, not a nine-column table that cannot fit a phone.
import type { CheckResult } from '../check.js';
import type { Lang } from '../messages.js';
import type { Finding } from '../rules/types.js';
import type { Chunks } from '../write-atomic.js';
import { type FormatContext, datasetName } from './index.js';
import { STATUS_LABEL, dueText, label, localText, rateText } from './labels.js';
import { fileName, lateByDepartment, moreText, otherFindings, rejectedRows } from './view.js';
import { APPROVED_STATUS_LABEL, approvalNote, approvalWord, hasWaiverLog, waiverLogText } from './approvals.js';

export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const FONT = "font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB',SimSun,Arial,sans-serif;";
export const NOWRAP = 'white-space:nowrap;';
export const CELL = 'padding:6px 3px;border-bottom:1px solid #e5e5e5;font-size:13px;line-height:18px;vertical-align:top;';
export const HEAD = 'padding:6px 3px;border-bottom:2px solid #999999;font-size:11px;font-weight:bold;text-align:left;background:#f2f2f2;word-break:keep-all;';
export const H2 = 'margin:22px 0 8px 0;font-size:16px;line-height:22px;color:#222222;';
export const GREY = '#666666';
export const RED = '#c0392b';
export const AMBER = '#b9770e';
export const BLUE = '#2471a3';

/** A piece of text that must stay on one line: a code, a date, a name, a status, a number. */
export function piece(value: string | number | null | undefined, style = ''): string {
  return `<span style="${NOWRAP}${style}">${escapeHtml(value)}</span>`;
}

export function td(value: string | number | null | undefined, style = '', raw = false): string {
  return `<td style="${CELL}${style}">${raw ? String(value) : escapeHtml(value)}</td>`;
}

export function th(text: string, align: 'left' | 'right' = 'left'): string {
  return `<th style="${HEAD}text-align:${align};">${escapeHtml(text)}</th>`;
}

export function table(head: string, rows: string[]): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;${FONT}">${head ? `<tr>${head}</tr>` : ''}${rows.join('')}</table>`;
}

/**
 * `table` for long lists, a row at a time: 200,000 findings never become one string.
 * A mail (ctx.listCap) shows the first rows and then where the rest are.
 */
function* tableRows<T>(head: string, items: T[], row: (item: T) => string, ctx: FormatContext): Generator<string> {
  const [open, close] = table(head, ['\u0000']).split('\u0000');
  const shown = Math.min(items.length, ctx.listCap ?? Infinity);
  yield open!;
  for (let i = 0; i < shown; i++) yield row(items[i]!);
  yield close! + '\n';
  if (shown < items.length) yield `<p style="margin:6px 0 0 0;color:${GREY};font-size:13px;line-height:19px;">${escapeHtml(moreText(ctx.lang, items.length - shown, ctx))}</p>\n`;
}

/** A bar of two cells: filled to the rate, grey for the rest (no images, no CSS widths needed). */
function bar(rate: number | null): string {
  if (rate === null) return '';
  const filled = Math.round(rate * 100);
  const colour = rate >= 0.9 ? '#27ae60' : rate >= 0.7 ? '#e67e22' : RED;
  const cells = [
    filled > 0 ? `<td width="${filled}%" bgcolor="${colour}" style="background:${colour};height:6px;font-size:1px;line-height:1px;">&nbsp;</td>` : '',
    filled < 100 ? `<td width="${100 - filled}%" bgcolor="#e5e5e5" style="background:#e5e5e5;height:6px;font-size:1px;line-height:1px;">&nbsp;</td>` : '',
  ].join('');
  return `<table role="presentation" width="48" cellpadding="0" cellspacing="0" border="0" style="width:48px;border-collapse:collapse;margin:3px 0 0 auto;"><tr>${cells}</tr></table>`;
}

type Summary = CheckResult['summary']['total'];

/** The summary's columns, in order: a new count is one more entry here. */
function summaryColumns(lang: Lang, notJudged: boolean): { head: string; cell: (s: Summary) => string }[] {
  const L = (id: Parameters<typeof label>[1]): string => label(lang, id);
  const right = `text-align:right;${NOWRAP}`;
  const count = (n: number, colour: string | null): string => td(n, `${right}${n && colour ? `color:${colour};font-weight:bold;` : ''}`);
  return [
    {
      head: th(L('due'), 'right'),
      // 未判定 under 应交, in its cell: one more column would not fit a phone's 390 px.
      cell: (s) =>
        notJudged && s.notJudged > 0
          ? td(`${s.due}<div style="color:${RED};font-weight:bold;font-size:11px;line-height:14px;">${escapeHtml(L('notJudged'))} ${s.notJudged}</div>`, 'text-align:right;', true)
          : count(s.due, null),
    },
    { head: th(L('onTime'), 'right'), cell: (s) => count(s.onTime, null) },
    { head: th(L('late'), 'right'), cell: (s) => count(s.late, AMBER) },
    { head: th(L('overdue'), 'right'), cell: (s) => count(s.overdue, RED) },
    { head: th(L('pending'), 'right'), cell: (s) => count(s.pending, null) },
    { head: th(L('otherFindings'), 'right'), cell: (s) => count(s.otherFindings, null) },
    { head: th(L('onTimeRate'), 'right'), cell: (s) => td(`<b>${escapeHtml(rateText(s))}</b>${bar(s.onTimeRate)}`, right, true) },
  ];
}

/** The message without the item text it starts with, since the item stands beside the code. */
function messageAfterItem(message: string, item: string | undefined): string {
  if (!item) return message;
  for (const sep of ['：', ': ']) if (message.startsWith(item + sep)) return message.slice(item.length + sep.length);
  return message;
}

/** The first line of a finding: its rule code, the item in words, and its status. */
function findingHead(f: Finding, item: string | undefined, lang: Lang): string {
  const colour = f.status === 'overdue' ? RED : f.status === 'late' ? AMBER : GREY;
  const days = f.daysLate === undefined ? '' : lang === 'zh' ? ` ${f.daysLate} 天` : ` ${f.daysLate} d`;
  return [
    f.ruleId ? piece(f.ruleId, 'font-weight:bold;') : '',
    item ? `<span>${escapeHtml(item)}</span>` : '',
    piece(STATUS_LABEL[f.status][lang] + days, `color:${colour};font-weight:bold;`),
    // The verdict rests on a year without holiday data (SPEC §2).
    f.unconfirmed ? piece(label(lang, 'unconfirmed'), `color:${AMBER};font-weight:bold;border:1px solid ${AMBER};padding:0 3px;`) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** `label value` pieces that wrap between each other, never inside. */
export function details(pairs: [string, string | number | null | undefined][]): string {
  return pairs
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `<span style="${NOWRAP}"><span style="color:${GREY};">${escapeHtml(k)}</span> ${escapeHtml(v)}</span>`)
    .join(' &nbsp; ');
}

export function findingBlock(head: string, lines: string[]): string {
  const body = lines.filter(Boolean).map((l) => `<div style="margin-top:2px;">${l}</div>`).join('');
  return `<tr><td style="${CELL}padding:8px 4px;">${head}${body}</td></tr>`;
}

export function* formatHtml(result: CheckResult, ctx: FormatContext): Chunks {
  const { lang } = ctx;
  const L = (id: Parameters<typeof label>[1]): string => label(lang, id);
  const sep = lang === 'zh' ? '：' : ': ';
  const items = new Map((ctx.rules ?? []).map((r) => [r.id, r.item]));
  const title = [L('title'), result.period.label, ctx.audience].filter(Boolean).join(' · ');
  yield `<!DOCTYPE html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>\n`;
  yield `<body style="margin:0;padding:0;background:#f4f4f4;">\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f4f4" style="width:100%;background:#f4f4f4;"><tr><td align="center" style="padding:12px 4px;">\n`;
  yield `<table role="presentation" width="760" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:760px;background:#ffffff;${FONT}color:#222222;"><tr><td style="padding:16px 10px;">\n`;
  yield `<h1 style="margin:0 0 6px 0;font-size:19px;line-height:26px;">${escapeHtml(title)}</h1>\n`;
  yield `<p style="margin:0;color:#555555;font-size:13px;line-height:20px;">${details([
    [L('period'), `${result.period.start} – ${result.period.end}`],
    [L('asOf'), localText(result.asOf.slice(0, 16))],
    [L('timezone'), result.timezone],
  ])}</p>\n`;
  // Warnings (a year the holiday data does not cover) change how to read everything below: first.
  for (const w of result.warnings) {
    yield `<p style="margin:12px 0 0 0;padding:8px 10px;background:#fdf2e0;border-left:4px solid ${AMBER};color:#7a4f06;font-size:13px;line-height:19px;">${escapeHtml(w.message)}</p>\n`;
  }

  yield `<h2 style="${H2}">${escapeHtml(L('summary'))}</h2>\n`;
  const withLog = hasWaiverLog(result);
  const year = result.period.start.slice(0, 4);
  // 未判定 under 应交 whenever some row could not be judged (SPEC §3.5).
  const columns = summaryColumns(lang, result.summary.total.notJudged > 0);
  const summaryRow = (name: string, s: Summary, strong: boolean): string =>
    `<tr>${td(name, `${NOWRAP}${strong ? 'font-weight:bold;' : ''}`)}${columns.map((c) => c.cell(s)).join('')}</tr>`;
  yield table(th(L('department')) + columns.map((c) => c.head).join(''), [
    ...result.summary.byDepartment.map((d) => summaryRow(d.department, d, false)),
    summaryRow(L('total'), result.summary.total, true),
  ]) + '\n';
  if (withLog) yield approvalCounts(result, lang);
  if (ctx.historyHtml) yield ctx.historyHtml;

  yield `<h2 style="${H2}">${escapeHtml(L('lateItems'))}</h2>\n`;
  const groups = lateByDepartment(result);
  if (groups.length === 0) yield `<p style="margin:0;font-size:14px;">${escapeHtml(L('noLate'))}</p>\n`;
  for (const g of groups) {
    yield `<h3 style="margin:14px 0 4px 0;font-size:15px;">${piece(`${g.department} (${g.findings.length})`)}</h3>\n`;
    yield* tableRows('', g.findings, (f) =>
        findingBlock(findingHead(f, items.get(f.ruleId ?? ''), lang), [
          details([[L('key'), f.key], [L('customer'), f.customer], [L('handler'), f.handler]]),
          details([[L('eventDate'), f.eventDate], [L('dueDate'), dueText(f.dueDate, f.dueTime)], [L('submitted'), localText(f.submitted) || '—']]),
          f.waiver ? approvalLine(approvalNote(f.waiver, year, lang)) : '',
        ]),
      ctx,
    );
  }

  const other = otherFindings(result);
  if (other.length) {
    yield `<h2 style="${H2}">${escapeHtml(L('otherItems'))} (${other.length})</h2>\n`;
    yield* tableRows('', other, (f) => {
        const item = items.get(f.ruleId ?? '');
        return findingBlock(findingHead(f, item, lang), [
          details([[L('department'), ctx.audience ? null : f.department], [L('key'), f.key], [L('file'), f.file ? `${fileName(f.file)}:${f.line}` : null]]),
          `<span style="font-size:13px;">${escapeHtml(messageAfterItem(f.message, item))}</span>`,
        ]);
      }, ctx);
  }

  if (withLog) yield* approvedSection(result, ctx, items);

  yield `<h2 style="${H2}">${escapeHtml(L('notProvided'))}</h2>\n`;
  yield `<p style="margin:0;font-size:14px;">${escapeHtml(result.notProvided.length ? result.notProvided.map((id) => datasetName(id, ctx)).join(lang === 'zh' ? '、' : ', ') : L('notProvidedNone'))}</p>\n`;
  yield `<h2 style="${H2}">${escapeHtml(L('notChecked'))}</h2>\n`;
  if (result.notChecked.length === 0) yield `<p style="margin:0;font-size:14px;">${escapeHtml(L('notCheckedNone'))}</p>\n`;
  else yield table([th(L('rule')), th(L('message'))].join(''), result.notChecked.map((n) => `<tr>${td(n.ruleId, NOWRAP)}${td(n.reason)}</tr>`)) + '\n';
  const rejected = rejectedRows(result);
  if (rejected) yield `<p style="margin:12px 0 0 0;font-size:14px;">${escapeHtml(L('problems'))}${escapeHtml(sep)}${rejected}</p>\n`;

  if (ctx.rules?.length) {
    yield `<h2 style="${H2}">${escapeHtml(L('rulesApplied'))}</h2>\n`;
    const showDepartment = !ctx.audience;
    yield table(
      [th(L('rule')), showDepartment ? th(L('department')) : '', th(L('item')), th(L('check'))].join(''),
      ctx.rules.map((r) => `<tr>${td(r.id, NOWRAP)}${showDepartment ? td(r.department, NOWRAP) : ''}${td(r.item)}${td(r.check)}</tr>`),
    ) + '\n';
  }
  yield `<p style="margin:20px 0 0 0;color:#999999;font-size:12px;">${escapeHtml(L('generatedBy'))} ${escapeHtml(result.tool.version)}</p>\n`;
  yield '</td></tr></table>\n</td></tr></table>\n</body></html>\n';
}

/** `已批准延期至 10-17 · 王经理 · 事后批准`, each part unbroken, wrapping between them. */
function approvalLine(note: string): string {
  return `<span style="color:${BLUE};font-size:13px;">${note.split(' · ').map((part) => piece(part)).join(' · ')}</span>`;
}

/** SPEC §13: every item an approval touched, with its result, approver, date and reason, then the log. */
function* approvedSection(result: CheckResult, ctx: FormatContext, items: Map<string, string>): Chunks {
  const { lang } = ctx;
  const W = (id: Parameters<typeof approvalWord>[1]): string => approvalWord(lang, id);
  const sep = lang === 'zh' ? '：' : ': ';
  const year = result.period.start.slice(0, 4);
  yield `<h2 style="${H2}">${escapeHtml(W('section'))} (${result.approved.length})</h2>\n`;
  if (result.approved.length === 0) yield `<p style="margin:0;font-size:14px;">${escapeHtml(W('none'))}</p>\n`;
  else {
    yield* tableRows(
      '',
      result.approved,
      (a) => {
        const colour = a.status === 'overdue' ? RED : a.status === 'late' ? AMBER : GREY;
        const head = [
          a.ruleId ? piece(a.ruleId, 'font-weight:bold;') : '',
          items.get(a.ruleId ?? '') ? `<span>${escapeHtml(items.get(a.ruleId ?? ''))}</span>` : '',
          piece(APPROVED_STATUS_LABEL[a.status][lang], `color:${colour};font-weight:bold;`),
        ]
          .filter(Boolean)
          .join(' ');
        return findingBlock(head, [
          details([[label(lang, 'department'), ctx.audience ? null : a.department], [label(lang, 'key'), a.key], [label(lang, 'dueDate'), dueText(a.dueDate, a.dueTime)], [label(lang, 'submitted'), localText(a.submitted)]]),
          approvalLine(approvalNote(a.waiver, year, lang)) + ` &nbsp; ${details([[W('approvedOn'), localText(a.waiver.approved)]])}`,
          a.waiver.reason ? `<span style="font-size:13px;">${escapeHtml(W('reason'))}${escapeHtml(sep)}${escapeHtml(a.waiver.reason)}</span>` : '',
        ]);
      },
      ctx,
    );
  }
  yield `<p style="margin:12px 0 0 0;font-size:14px;">${escapeHtml(W('log'))}${escapeHtml(sep)}${escapeHtml(waiverLogText(result, lang))}</p>\n`;
  if (result.waiverLog.unmatched.length) {
    const list = result.waiverLog.unmatched.map((u) => [piece(`${fileName(u.file)}:${u.line}`), piece(u.ruleId), piece(u.key)].join(' ')).join('<br>');
    yield `<p style="margin:6px 0 0 0;color:${AMBER};font-size:13px;line-height:19px;">${escapeHtml(W('unmatched'))}${escapeHtml(sep)}<br>${list}</p>\n`;
  }
}

/**
 * The extended/waived counts under the summary, not as two more columns: the
 * summary table must still fit a phone's 390 px.
 */
function approvalCounts(result: CheckResult, lang: Lang): string {
  const W = (id: Parameters<typeof approvalWord>[1]): string => approvalWord(lang, id);
  const counts = (name: string, s: Summary): string => piece(`${name} ${W('extended')} ${s.extended} · ${W('waived')} ${s.waived}`);
  const rows = [...result.summary.byDepartment.filter((d) => d.extended || d.waived).map((d) => counts(d.department, d)), counts(label(lang, 'total'), result.summary.total)];
  return `<p style="margin:8px 0 0 0;color:${BLUE};font-size:13px;line-height:20px;">${escapeHtml(W('section'))}${lang === 'zh' ? '：' : ': '}${rows.join(' &nbsp; ')}</p>\n`;
}
