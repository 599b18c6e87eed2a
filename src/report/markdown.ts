// `--format markdown`: the summary and the late items for a mail body, readable
// as plain text and as rendered Markdown.
import type { CheckResult } from '../check.js';
import type { Chunks } from '../write-atomic.js';
import { type FormatContext, datasetName } from './index.js';
import { STATUS_LABEL, dueText, label, localText, rateText } from './labels.js';
import { lateByDepartment, otherFindings, rejectedRows } from './view.js';
import { visibleValue } from './visible.js';
import { APPROVED_STATUS_LABEL, approvalNote, approvalText, approvalWord, hasWaiverLog, waiverLogText } from './approvals.js';

/**
 * A cell or list text that cannot break the table, turn into markup or a link:
 * control characters as visible escapes (line breaks too), Markdown punctuation
 * and & (entities) backslash-escaped, and the `:` of `http://`, the `.` of `www.`
 * and `@` escaped so GitHub-style autolinking cannot make data clickable.
 */
export function mdText(value: string | number | null | undefined): string {
  return visibleValue(value)
    .replace(/([\\`*_[\]<>|#&@~!])/g, '\\$1')
    .replace(/([a-z][a-z0-9+.-]*):(?=\/\/)/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.');
}

function row(cells: (string | number | null | undefined)[]): string {
  return `| ${cells.map(mdText).join(' | ')} |`;
}

export function* formatMarkdown(result: CheckResult, ctx: FormatContext): Chunks {
  const { lang } = ctx;
  const L = (id: Parameters<typeof label>[1]): string => label(lang, id);
  const sep = lang === 'zh' ? '：' : ': ';
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  yield `# ${L('title')} · ${mdText(result.period.label)}\n\n`;
  yield `${L('period')} ${result.period.start} – ${result.period.end} · ${L('asOf')} ${result.asOf} · ${L('timezone')} ${mdText(result.timezone)}\n\n`;
  // Warnings come first: a year without holiday data makes the verdicts below guesses.
  for (const w of result.warnings) yield `> **${L('warnings')}**${sep}${mdText(w.message)}\n\n`;

  const withLog = hasWaiverLog(result);
  const W = (id: Parameters<typeof approvalWord>[1]): string => approvalWord(lang, id);
  const year = result.period.start.slice(0, 4);
  yield `## ${L('summary')}\n\n`;
  // 未判定 beside 应交 whenever some row could not be judged (SPEC §3.5).
  const nj = result.summary.total.notJudged > 0;
  yield row([L('department'), L('due'), ...(nj ? [L('notJudged')] : []), L('onTime'), L('late'), L('overdue'), L('pending'), ...(withLog ? [W('extended'), W('waived')] : []), L('otherFindings'), L('onTimeRate')]) + '\n';
  yield `| --- |${' ---: |'.repeat(7 + (nj ? 1 : 0) + (withLog ? 2 : 0))}\n`;
  const counts = (s: CheckResult['summary']['total']): number[] => [s.due, ...(nj ? [s.notJudged] : []), s.onTime, s.late, s.overdue, s.pending, ...(withLog ? [s.extended, s.waived] : []), s.otherFindings];
  for (const d of result.summary.byDepartment) yield row([d.department, ...counts(d), rateText(d)]) + '\n';
  const t = result.summary.total;
  yield row([L('total'), ...counts(t), rateText(t)]) + '\n\n';

  yield `## ${L('lateItems')}\n\n`;
  const groups = lateByDepartment(result);
  if (groups.length === 0) yield `${L('noLate')}\n\n`;
  for (const g of groups) {
    yield `### ${mdText(g.department)}${open}${g.findings.length}${close}\n\n`;
    yield row([L('rule'), L('status'), L('key'), L('customer'), L('eventDate'), L('dueDate'), L('submitted'), L('daysLate'), L('handler'), ...(withLog ? [W('approval')] : [])]) + '\n';
    yield `| --- | --- | --- | --- | --- | --- | --- | ---: | --- |${withLog ? ' --- |' : ''}\n`;
    for (const f of g.findings) {
      const note = withLog ? [f.waiver ? approvalNote(f.waiver, year, lang) : ''] : [];
      yield row([f.ruleId, STATUS_LABEL[f.status][lang], f.key, f.customer, f.eventDate, dueText(f.dueDate, f.dueTime) + (f.unconfirmed ? ` ${L('unconfirmed')}` : ''), localText(f.submitted) || '—', f.daysLate, f.handler, ...note]) + '\n';
    }
    yield '\n';
  }

  const other = otherFindings(result);
  if (other.length) {
    yield `## ${L('otherItems')}${open}${other.length}${close}\n\n`;
    for (const f of other) {
      const where = f.file ? ` · ${mdText(f.file)}:${f.line}` : '';
      yield `- ${mdText(f.department)} · ${mdText(f.ruleId ?? '')}${f.ruleId ? ' · ' : ''}${STATUS_LABEL[f.status][lang]}${where} — ${mdText(f.message)}\n`;
    }
    yield '\n';
  }
  if (withLog) {
    yield `## ${W('section')}${open}${result.approved.length}${close}\n\n`;
    if (result.approved.length === 0) yield `${W('none')}\n\n`;
    else {
      yield row([L('department'), L('rule'), L('key'), W('result'), W('approval'), W('approver'), W('approvedOn'), W('reason')]) + '\n';
      yield '| --- | --- | --- | --- | --- | --- | --- | --- |\n';
      for (const a of result.approved) {
        const what = approvalText(a.waiver, year, lang) + (a.waiver.retroactive ? ` · ${W('retroactive')}` : '');
        yield row([a.department, a.ruleId, a.key, APPROVED_STATUS_LABEL[a.status][lang], what, a.waiver.approver, localText(a.waiver.approved), a.waiver.reason]) + '\n';
      }
      yield '\n';
    }
    yield `**${W('log')}**${sep}${waiverLogText(result, lang)}\n\n`;
    if (result.waiverLog.unmatched.length) {
      yield `${W('unmatched')}${sep}\n\n`;
      for (const u of result.waiverLog.unmatched) yield `- ${mdText(u.file)}:${u.line} · ${mdText(u.ruleId)} · ${mdText(u.key)}\n`;
      yield '\n';
    }
  }
  if (result.notProvided.length) yield `**${L('notProvided')}**${sep}${result.notProvided.map((id) => mdText(datasetName(id, ctx))).join(lang === 'zh' ? '、' : ', ')}\n\n`;
  if (result.notChecked.length) {
    yield `**${L('notChecked')}**\n\n`;
    for (const n of result.notChecked) yield `- ${mdText(n.ruleId)}${sep}${mdText(n.reason)}\n`;
    yield '\n';
  }
  const rejected = rejectedRows(result);
  if (rejected) yield `${L('problems')}${sep}${rejected}\n`;
}
