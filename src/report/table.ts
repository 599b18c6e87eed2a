// `--format table`: the terminal report (SPEC §6.1), department summary first,
// kept within 100 columns so it reads in a terminal and in a plain-text mail.
import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckResult } from '../check.js';
import type { Lang } from '../messages.js';
import type { Finding } from '../rules/types.js';
import { STATUS_LABEL, dueText, label, localText, rateText } from './labels.js';
import { type FormatContext, datasetName } from './index.js';
import { type Align, alignColumns, clip } from './columns.js';
import type { Chunks } from '../write-atomic.js';
import { visible, visibleValue as v } from './visible.js';
import { moreText } from './view.js';
import { APPROVED_STATUS_LABEL, approvalNote, approvalText, approvalWord, hasWaiverLog, waiverLogText } from './approvals.js';

function table(head: string[], rows: (string | number)[][], c: ChalkInstance, align: Align[], notes?: (string | null)[]): string {
  const lines = alignColumns(head.map((h) => c.bold(h)), rows.map((r) => r.map(String)), align);
  // A note (an approval, a reason) goes on its own line under its row, so the columns stay within 100.
  return lines.flatMap((line, i) => (i > 0 && notes?.[i - 1] ? [line, `      ${notes[i - 1]}`] : [line])).join('\n');
}

/** Dates within the period's year lose the year, so the late-items table fits 100 columns. */
function shortDate(text: string, year: string): string {
  return text.startsWith(year + '-') ? text.slice(5) : text;
}

/** The terminal shows the worst items; the full list is in the report set and the other formats. */
export const TERMINAL_LIST_CAP = 200;

/** Widths (terminal columns) data cells are cut to, so the late table stays near 100 columns. */
const CELL_WIDTH = { key: 24, customer: 20, handler: 12, file: 60, message: 160 };

function moreLine(lang: Lang, count: number, ctx: FormatContext): string {
  return `  ${visible(moreText(lang, count, ctx))}`;
}

function lateRows(findings: Finding[], year: string, lang: Lang, c: ChalkInstance): string[][] {
  return findings.map((f) => {
    const overdue = f.status === 'overdue';
    const paint = overdue ? c.red : c.yellow;
    return [
      v(f.ruleId),
      clip(v(f.key), CELL_WIDTH.key),
      clip(v(f.customer), CELL_WIDTH.customer),
      shortDate(v(f.eventDate), year),
      shortDate(dueText(f.dueDate, f.dueTime), year) + (f.unconfirmed ? ` ${c.yellow(label(lang, 'unconfirmed'))}` : ''),
      overdue ? paint(STATUS_LABEL.overdue[lang]) : shortDate(localText(f.submitted), year),
      paint(String(f.daysLate ?? '')),
      clip(v(f.handler), CELL_WIDTH.handler),
    ];
  });
}

export function* formatTable(result: CheckResult, ctx: FormatContext): Chunks {
  const { lang } = ctx;
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const L = (id: Parameters<typeof label>[1]): string => label(lang, id);
  const out: string[] = [];
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  out.push(c.bold(`${L('title')}  ${L('period')} ${result.period.label}${open}${result.period.start} – ${result.period.end}${close}`));
  out.push(`${L('asOf')} ${result.asOf}  ${L('timezone')} ${result.timezone}`);
  out.push('');
  // Warnings come first: a year without holiday data makes the verdicts below guesses.
  if (result.warnings.length) {
    out.push(c.bold(L('warnings')));
    for (const w of result.warnings) out.push(`  ${c.yellow(visible(w.message))}`);
    out.push('');
  }
  out.push(c.bold(L('inputs')));
  out.push(
    table(
      [L('dataset'), L('file'), L('rows'), L('rejected'), L('encoding')],
      result.inputs.map((i) => [v(datasetName(i.dataset, ctx)), clip(v(i.file), CELL_WIDTH.file), i.rows, i.rejected ? c.yellow(String(i.rejected)) : '0', v(i.encoding)]),
      c,
      ['left', 'left', 'right', 'right', 'left'],
    ),
  );
  if (result.notProvided.length) out.push(`  ${L('notProvided')}${lang === 'zh' ? '：' : ': '}${result.notProvided.map((id) => v(datasetName(id, ctx))).join(lang === 'zh' ? '、' : ', ')}`);
  out.push('');
  out.push(c.bold(L('summary')));
  // 未判定 beside 应交 whenever some row could not be judged (SPEC §3.5).
  const showNotJudged = result.summary.total.notJudged > 0;
  const withLog = hasWaiverLog(result);
  const summaryCells = (name: string, s: CheckResult['summary']['total']): (string | number)[] => [
    name,
    s.due,
    ...(showNotJudged ? [s.notJudged ? c.red(String(s.notJudged)) : 0] : []),
    s.onTime,
    s.late ? c.yellow(String(s.late)) : 0,
    s.overdue ? c.red(String(s.overdue)) : 0,
    s.pending,
    ...(withLog ? [s.extended, s.waived] : []),
    s.otherFindings,
    rateText(s),
  ];
  const approvalHeads = withLog ? [approvalWord(lang, 'extended'), approvalWord(lang, 'waived')] : [];
  out.push(
    table(
      [L('department'), L('due'), ...(showNotJudged ? [L('notJudged')] : []), L('onTime'), L('late'), L('overdue'), L('pending'), ...approvalHeads, L('otherFindings'), L('onTimeRate')],
      [...result.summary.byDepartment.map((d) => summaryCells(v(d.department), d)), summaryCells(L('total'), result.summary.total)],
      c,
      ['left', 'right', ...(showNotJudged ? ['right' as const] : []), 'right', 'right', 'right', 'right', ...approvalHeads.map((): Align => 'right'), 'right', 'right'],
    ),
  );
  out.push('');
  const late = result.findings.filter((f) => f.status === 'late' || f.status === 'overdue');
  out.push(c.bold(L('lateItems')));
  if (late.length === 0) out.push(`  ${L('noLate')}`);
  for (const dept of [...new Set(late.map((f) => f.department))]) {
    const items = late.filter((f) => f.department === dept);
    out.push(`  ${c.bold(v(dept))}${open}${items.length}${close}`);
    out.push(
      table(
        [L('rule'), L('key'), L('customer'), L('eventDate'), L('dueDate'), L('submitted'), L('daysLate'), L('handler')],
        lateRows(items.slice(0, TERMINAL_LIST_CAP), result.period.start.slice(0, 4), lang, c),
        c,
        ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'left'],
        items.map((f) => (f.waiver ? c.cyan(visible(approvalNote(f.waiver, result.period.start.slice(0, 4), lang))) : null)),
      ),
    );
    if (items.length > TERMINAL_LIST_CAP) out.push(moreLine(lang, items.length - TERMINAL_LIST_CAP, ctx));
  }
  const other = result.findings.filter((f) => f.status !== 'late' && f.status !== 'overdue');
  if (other.length) {
    out.push('');
    out.push(c.bold(`${L('otherItems')}${open}${other.length}${close}`));
    for (const f of other.slice(0, TERMINAL_LIST_CAP)) {
      out.push(`  ${visible([f.department, f.ruleId, STATUS_LABEL[f.status][lang], clip(f.key, CELL_WIDTH.key), `${f.file}:${f.line}`].filter(Boolean).join('  '))}`);
      out.push(`      ${clip(visible(f.message), CELL_WIDTH.message)}`);
    }
    if (other.length > TERMINAL_LIST_CAP) out.push(moreLine(lang, other.length - TERMINAL_LIST_CAP, ctx));
  }
  if (withLog) out.push('', ...approvedSection(result, ctx, c));
  if (result.notChecked.length) {
    out.push('');
    out.push(c.bold(L('notChecked')));
    for (const n of result.notChecked) out.push(visible(`  ${n.ruleId}  ${n.reason}`));
  }
  const rejected = result.inputs.reduce((n, i) => n + i.rejected, 0);
  if (result.problems.length) {
    out.push('');
    out.push(c.bold(`${L('problems')}${lang === 'zh' ? '：' : ': '}${rejected}${ctx.verbose ? '' : ' ' + L('problemsHint')}`));
    if (ctx.verbose) for (const p of result.problems) out.push(visible(`  ${p.file}:${p.line}  ${p.field ? p.field + '  ' : ''}${p.message}`));
  }
  yield out.join('\n') + '\n';
}

/** SPEC §13: every item an approval touched, with approver and reason, then the log's count. */
function approvedSection(result: CheckResult, ctx: FormatContext, c: ChalkInstance): string[] {
  const { lang } = ctx;
  const W = (id: Parameters<typeof approvalWord>[1]): string => approvalWord(lang, id);
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  const sep = lang === 'zh' ? '：' : ': ';
  const year = result.period.start.slice(0, 4);
  const out = [c.bold(`${W('section')}${open}${result.approved.length}${close}`)];
  if (result.approved.length === 0) out.push(`  ${W('none')}`);
  else {
    out.push(
      table(
        [label(lang, 'department'), label(lang, 'rule'), label(lang, 'key'), W('result'), W('approval'), W('approver'), W('approvedOn')],
        result.approved.map((a) => [
          v(a.department),
          v(a.ruleId),
          clip(v(a.key), CELL_WIDTH.key),
          APPROVED_STATUS_LABEL[a.status][lang],
          approvalText(a.waiver, year, lang) + (a.waiver.retroactive ? ` · ${W('retroactive')}` : ''),
          clip(v(a.waiver.approver), CELL_WIDTH.handler),
          shortDate(a.waiver.approved.replace('T', ' '), year),
        ]),
        c,
        ['left', 'left', 'left', 'left', 'left', 'left', 'left'],
        result.approved.map((a) => (a.waiver.reason ? `${W('reason')}${sep}${clip(visible(a.waiver.reason), CELL_WIDTH.message)}` : null)),
      ),
    );
  }
  const { unmatched } = result.waiverLog;
  out.push(`  ${W('log')}${sep}${unmatched.length ? c.yellow(waiverLogText(result, lang)) : waiverLogText(result, lang)}${unmatched.length && !ctx.verbose ? ' ' + W('listHint') : ''}`);
  if (ctx.verbose) for (const u of unmatched) out.push(visible(`    ${u.file}:${u.line}  ${u.ruleId}  ${u.key}`));
  return out;
}
