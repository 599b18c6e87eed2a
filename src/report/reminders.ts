// The formats of `isla remind` (SPEC §9): the same five as `check`, over the
// reminders result, grouped by department, soonest due first. Each is a pure function
// of the result; how much time is left comes in the context, worked out by the
// command on finance's calendar, so no format counts days itself.
import { Chalk } from 'chalk';
import type { Reminder, ReminderCounts, ReminderResult, ReminderStatus } from '../remind/select.js';
import type { Chunks } from '../write-atomic.js';
import { type Align, alignColumns, clip } from './columns.js';
import { csvCell } from './csv.js';
import { AMBER, FONT, H2, NOWRAP, RED, details, escapeHtml, findingBlock, table as htmlTable, piece, td, th } from './html.js';
import { type FormatContext, datasetName } from './index.js';
import { formatJson } from './json.js';
import { dueText, label } from './labels.js';
import { mdText } from './markdown.js';
import { moreText, rejectedRows } from './view.js';
import { TERMINAL_LIST_CAP } from './table.js';
import { visible } from './visible.js';
import type { Lang } from '../messages.js';

export interface ReminderContext extends FormatContext {
  /** 今天 12:00 前, 还剩 1 个工作日, 已逾期 3 天 — said on finance's calendar. */
  timeLeft(r: Reminder): string;
  /** The service-list item a rule checks, in its short form. */
  itemOf(ruleId: string | null): string;
  /** `--within N`, for the line that says what the list covers. */
  within: number;
}

const WORDS = {
  title: { zh: '财务部单据到期提醒', en: 'Finance reminders: what falls due' },
  dueSoon: { zh: '即将到期', en: 'Due soon' },
  overdue: { zh: '逾期未交', en: 'Overdue' },
  timeLeft: { zh: '剩余时间', en: 'Time left' },
  none: { zh: '没有即将到期或逾期未交的事项。', en: 'Nothing is due soon or overdue.' },
  inputs: { zh: '读入', en: 'Read' },
} as const;

type WordId = keyof typeof WORDS;
const w = (lang: Lang, id: WordId): string => WORDS[id][lang];

export function reminderStatusLabel(status: ReminderStatus, lang: Lang): string {
  return w(lang, status);
}

/** What the list covers, in one sentence. */
export function scopeText(result: ReminderResult, within: number, lang: Lang): string {
  const { from, to } = result.window;
  return lang === 'zh'
    ? `逾期未交：应交日期自 ${from} 起 · 即将到期：至 ${to} 止（${within} 个工作日内）`
    : `Overdue: due on or after ${from} · Due soon: by the end of ${to} (${within} finance workday${within === 1 ? '' : 's'})`;
}

function inputsText(result: ReminderResult, lang: Lang): string {
  const rows = result.inputs.reduce((n, i) => n + i.rows, 0);
  const rejected = rejectedRows(result);
  return lang === 'zh'
    ? `${w(lang, 'inputs')} ${result.inputs.length} 个文件，${rows} 行，被拒绝 ${rejected} 行`
    : `${w(lang, 'inputs')} ${result.inputs.length} files, ${rows} rows, ${rejected} rejected`;
}

export interface ReminderGroup {
  department: string;
  reminders: Reminder[];
}

/** The departments with something to say, in the result's (service-list) order. */
export function remindersByDepartment(result: ReminderResult): ReminderGroup[] {
  const groups = new Map<string, Reminder[]>();
  for (const r of result.findings) groups.set(r.department, [...(groups.get(r.department) ?? []), r]);
  return [...groups].map(([department, reminders]) => ({ department, reminders }));
}

/** The due, marked 待核实 when it rests on a year without holiday data (SPEC §2). */
function dueWithMark(r: Reminder, lang: Lang): string {
  return dueText(r.dueDate, r.dueTime) + (r.unconfirmed ? ` ${label(lang, 'unconfirmed')}` : '');
}

/** The cells of one reminder line, in the order every format shows them. */
function lineCells(r: Reminder, ctx: ReminderContext): string[] {
  return [ctx.timeLeft(r), dueWithMark(r, ctx.lang), r.ruleId ?? '', ctx.itemOf(r.ruleId), r.key, r.customer ?? '', r.handler ?? '', r.eventDate ?? ''];
}

/** Widths the cells of lineCells are cut to (terminal columns), so a line stays near 100. */
const CELL_WIDTH = [16, 20, 8, 20, 24, 20, 12, 16];

function lineHead(lang: Lang): string[] {
  return [w(lang, 'timeLeft'), label(lang, 'dueDate'), label(lang, 'rule'), label(lang, 'item'), label(lang, 'key'), label(lang, 'customer'), label(lang, 'handler'), label(lang, 'eventDate')];
}

const countsOf = (c: ReminderCounts): number[] => [c.dueSoon, c.overdue];

export function* formatRemindersTable(result: ReminderResult, ctx: ReminderContext): Chunks {
  const { lang } = ctx;
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  const sep = lang === 'zh' ? '：' : ': ';
  const out: string[] = [];
  out.push(c.bold(`${[w(lang, 'title'), ctx.audience].filter(Boolean).join(' · ')}  ${label(lang, 'asOf')} ${result.asOf}  ${label(lang, 'timezone')} ${result.timezone}`));
  out.push(scopeText(result, ctx.within, lang));
  out.push(inputsText(result, lang));
  if (result.notProvided.length) out.push(`${label(lang, 'notProvided')}${sep}${result.notProvided.map((id) => datasetName(id, ctx)).join(lang === 'zh' ? '、' : ', ')}`);
  out.push('');
  // Warnings first: a year without holiday data makes the dues below guesses.
  if (result.warnings.length) out.push(...result.warnings.map((warning) => c.yellow(visible(warning.message))), '');
  out.push(c.bold(label(lang, 'summary')));
  const summaryRows = [...result.summary.byDepartment.map((d) => [d.department, ...countsOf(d)]), [label(lang, 'total'), ...countsOf(result.summary.total)]];
  out.push(
    ...alignColumns(
      [label(lang, 'department'), w(lang, 'dueSoon'), w(lang, 'overdue')].map((h) => c.bold(h)),
      summaryRows.map(([name, soon, overdue]) => [String(name), soon ? c.yellow(String(soon)) : '0', overdue ? c.red(String(overdue)) : '0']),
      ['left', 'right', 'right'],
    ),
  );
  const groups = remindersByDepartment(result);
  out.push('');
  if (groups.length === 0) out.push(`  ${w(lang, 'none')}`);
  const align: Align[] = ['left', 'left', 'left', 'left', 'left', 'left', 'left', 'left'];
  for (const g of groups) {
    out.push(c.bold(`${g.department}${open}${g.reminders.length}${close}`));
    // Dates of the as-of year lose the year, so a line fits 100 columns.
    const year = result.asOf.slice(0, 5);
    const short = (text: string): string => (text.startsWith(year) ? text.slice(5) : text);
    // The worst first, at most TERMINAL_LIST_CAP; data cells with escapes made visible and cut.
    const rows = g.reminders.slice(0, TERMINAL_LIST_CAP).map((r) => {
      const cells = lineCells(r, ctx).map((cell, i) => clip(visible(cell), CELL_WIDTH[i] ?? 160));
      cells[0] = (r.status === 'overdue' ? c.red : c.yellow)(cells[0]!);
      cells[1] = short(cells[1]!);
      cells[7] = short(cells[7]!);
      return cells;
    });
    out.push(...alignColumns(lineHead(lang).map((h) => c.bold(h)), rows, align));
    if (g.reminders.length > TERMINAL_LIST_CAP) out.push(`  ${visible(moreText(lang, g.reminders.length - TERMINAL_LIST_CAP, ctx))}`);
    out.push('');
  }
  if (result.notChecked.length) {
    out.push(c.bold(label(lang, 'notChecked')));
    for (const n of result.notChecked) out.push(visible(`  ${n.ruleId}  ${n.reason}`));
    out.push('');
  }
  if (result.problems.length) {
    out.push(`${label(lang, 'problems')}${sep}${rejectedRows(result)}${ctx.verbose ? '' : ' ' + label(lang, 'problemsHint')}`);
    if (ctx.verbose) for (const p of result.problems) out.push(visible(`  ${p.file}:${p.line}  ${p.field ? p.field + '  ' : ''}${p.message}`));
  }
  while (out[out.length - 1] === '') out.pop();
  yield out.join('\n') + '\n';
}

export function* formatRemindersCsv(result: ReminderResult, ctx: ReminderContext): Chunks {
  const { lang } = ctx;
  const head = [
    label(lang, 'department'), label(lang, 'status'), w(lang, 'timeLeft'), label(lang, 'dueDate'), label(lang, 'dueTimeColumn'),
    label(lang, 'rule'), label(lang, 'item'), label(lang, 'key'), label(lang, 'customer'), label(lang, 'handler'), label(lang, 'eventDate'),
    label(lang, 'daysLate'), label(lang, 'workdaysLate'), label(lang, 'dataset'), label(lang, 'file'), label(lang, 'line'), label(lang, 'severity'), label(lang, 'message'),
  ];
  yield '\uFEFF' + head.map(csvCell).join(',') + '\r\n';
  for (const r of result.findings) {
    const cells = [
      r.department, w(lang, r.status), ctx.timeLeft(r), r.dueDate, r.dueTime, r.ruleId, ctx.itemOf(r.ruleId), r.key, r.customer, r.handler, r.eventDate,
      r.daysLate, r.workdaysLate, r.dataset, r.file, r.line, label(lang, r.severity), r.unconfirmed ? `【${label(lang, 'unconfirmed')}】${r.message}` : r.message,
    ];
    yield cells.map(csvCell).join(',') + '\r\n';
  }
}

export function* formatRemindersMarkdown(result: ReminderResult, ctx: ReminderContext): Chunks {
  const { lang } = ctx;
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  const sep = lang === 'zh' ? '：' : ': ';
  const row = (cells: (string | number | null)[]): string => `| ${cells.map(mdText).join(' | ')} |\n`;
  yield `# ${mdText([w(lang, 'title'), ctx.audience].filter(Boolean).join(' · '))}\n\n`;
  yield `${label(lang, 'asOf')} ${result.asOf} · ${label(lang, 'timezone')} ${mdText(result.timezone)}\n\n${mdText(scopeText(result, ctx.within, lang))}\n\n`;
  for (const warning of result.warnings) yield `> ${mdText(warning.message)}\n\n`;
  yield row([label(lang, 'department'), w(lang, 'dueSoon'), w(lang, 'overdue')]);
  yield '| --- | ---: | ---: |\n';
  for (const d of result.summary.byDepartment) yield row([d.department, ...countsOf(d)]);
  yield row([label(lang, 'total'), ...countsOf(result.summary.total)]) + '\n';
  const groups = remindersByDepartment(result);
  if (groups.length === 0) yield `${w(lang, 'none')}\n\n`;
  for (const g of groups) {
    yield `## ${mdText(g.department)}${open}${g.reminders.length}${close}\n\n`;
    yield row(lineHead(lang));
    yield '| --- | --- | --- | --- | --- | --- | --- | --- |\n';
    for (const r of g.reminders) yield row(lineCells(r, ctx));
    yield '\n';
  }
  if (result.notProvided.length) yield `**${label(lang, 'notProvided')}**${sep}${result.notProvided.map((id) => mdText(datasetName(id, ctx))).join(lang === 'zh' ? '、' : ', ')}\n\n`;
  if (result.notChecked.length) {
    yield `**${label(lang, 'notChecked')}**\n\n`;
    for (const n of result.notChecked) yield `- ${mdText(n.ruleId)}${sep}${mdText(n.reason)}\n`;
    yield '\n';
  }
  if (rejectedRows(result)) yield `${label(lang, 'problems')}${sep}${rejectedRows(result)}\n`;
}

export function* formatRemindersHtml(result: ReminderResult, ctx: ReminderContext): Chunks {
  const { lang } = ctx;
  const title = [w(lang, 'title'), ctx.audience].filter(Boolean).join(' · ');
  const sep = lang === 'zh' ? '：' : ': ';
  yield `<!DOCTYPE html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>\n`;
  yield `<body style="margin:0;padding:0;background:#f4f4f4;">\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f4f4" style="width:100%;background:#f4f4f4;"><tr><td align="center" style="padding:12px 6px;">\n`;
  yield `<table role="presentation" width="760" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:760px;background:#ffffff;${FONT}color:#222222;"><tr><td style="padding:16px 12px;">\n`;
  yield `<h1 style="margin:0 0 6px 0;font-size:19px;line-height:26px;">${escapeHtml(title)}</h1>\n`;
  yield `<p style="margin:0;color:#555555;font-size:13px;line-height:20px;">${details([
    [label(lang, 'asOf'), result.asOf.slice(0, 16).replace('T', ' ')],
    [label(lang, 'timezone'), result.timezone],
  ])}</p>\n`;
  yield `<p style="margin:4px 0 0 0;color:#555555;font-size:13px;line-height:20px;">${escapeHtml(scopeText(result, ctx.within, lang))}</p>\n`;
  for (const warning of result.warnings) {
    yield `<p style="margin:12px 0 0 0;padding:8px 10px;background:#fdf2e0;border-left:4px solid ${AMBER};color:#7a4f06;font-size:13px;line-height:19px;">${escapeHtml(warning.message)}</p>\n`;
  }
  const count = (n: number, colour: string): string => td(n, `text-align:right;${NOWRAP}${n ? `color:${colour};font-weight:bold;` : ''}`);
  const summaryRow = (name: string, c: ReminderCounts, strong: boolean): string => `<tr>${td(name, `${NOWRAP}${strong ? 'font-weight:bold;' : ''}`)}${count(c.dueSoon, AMBER)}${count(c.overdue, RED)}</tr>`;
  yield `<h2 style="${H2}">${escapeHtml(label(lang, 'summary'))}</h2>\n`;
  yield htmlTable([th(label(lang, 'department')), th(w(lang, 'dueSoon'), 'right'), th(w(lang, 'overdue'), 'right')].join(''), [
    ...result.summary.byDepartment.map((d) => summaryRow(d.department, d, false)),
    summaryRow(label(lang, 'total'), result.summary.total, true),
  ]) + '\n';
  const groups = remindersByDepartment(result);
  if (groups.length === 0) yield `<p style="margin:16px 0 0 0;font-size:14px;">${escapeHtml(w(lang, 'none'))}</p>\n`;
  for (const g of groups) {
    yield `<h2 style="${H2}">${piece(`${g.department} (${g.reminders.length})`)}</h2>\n`;
    // A mail (ctx.listCap) lists the first ones and says where the rest are.
    const shown = g.reminders.slice(0, ctx.listCap ?? g.reminders.length);
    yield htmlTable(
      '',
      shown.map((r) => {
        const colour = r.status === 'overdue' ? RED : AMBER;
        const item = ctx.itemOf(r.ruleId);
        const head = [r.ruleId ? piece(r.ruleId, 'font-weight:bold;') : '', item ? `<span>${escapeHtml(item)}</span>` : '', piece(ctx.timeLeft(r), `color:${colour};font-weight:bold;`)].filter(Boolean).join(' ');
        return findingBlock(head, [
          details([[label(lang, 'key'), r.key], [label(lang, 'customer'), r.customer], [label(lang, 'handler'), r.handler]]),
          details([[label(lang, 'eventDate'), r.eventDate], [label(lang, 'dueDate'), dueWithMark(r, lang)]]),
        ]);
      }),
    ) + '\n';
    if (shown.length < g.reminders.length) yield `<p style="margin:6px 0 0 0;color:#666666;font-size:13px;line-height:19px;">${escapeHtml(moreText(lang, g.reminders.length - shown.length, ctx))}</p>\n`;
  }
  if (result.notProvided.length) {
    yield `<p style="margin:16px 0 0 0;font-size:14px;">${escapeHtml(label(lang, 'notProvided'))}${sep}${escapeHtml(result.notProvided.map((id) => datasetName(id, ctx)).join(lang === 'zh' ? '、' : ', '))}</p>\n`;
  }
  if (result.notChecked.length) {
    yield `<h2 style="${H2}">${escapeHtml(label(lang, 'notChecked'))}</h2>\n`;
    yield htmlTable([th(label(lang, 'rule')), th(label(lang, 'message'))].join(''), result.notChecked.map((n) => `<tr>${td(n.ruleId, NOWRAP)}${td(n.reason)}</tr>`)) + '\n';
  }
  const rejected = rejectedRows(result);
  if (rejected) yield `<p style="margin:12px 0 0 0;font-size:14px;">${escapeHtml(label(lang, 'problems'))}${escapeHtml(sep)}${rejected}</p>\n`;
  yield `<p style="margin:20px 0 0 0;color:#999999;font-size:12px;">${escapeHtml(label(lang, 'generatedBy'))} ${escapeHtml(result.tool.version)}</p>\n`;
  yield '</td></tr></table>\n</td></tr></table>\n</body></html>\n';
}

export type ReminderFormatter = (result: ReminderResult, ctx: ReminderContext) => Chunks;

export const REMINDER_FORMATS = {
  table: formatRemindersTable,
  json: (result) => formatJson(result),
  csv: formatRemindersCsv,
  markdown: formatRemindersMarkdown,
  html: formatRemindersHtml,
} satisfies Record<string, ReminderFormatter>;

export type ReminderFormatName = keyof typeof REMINDER_FORMATS;
