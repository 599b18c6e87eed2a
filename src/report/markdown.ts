// `--format markdown`: the summary and the late items for a mail body, readable
// as plain text and as rendered Markdown.
import type { CheckResult } from '../check.js';
import type { Chunks } from '../write-atomic.js';
import { type FormatContext, datasetName } from './index.js';
import { STATUS_LABEL, dueText, label, localText, rateText } from './labels.js';
import { lateByDepartment, otherFindings, rejectedRows } from './view.js';

/** A cell or list text that cannot break the table or turn into markup. */
export function mdText(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]<>|#])/g, '\\$1');
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

  yield `## ${L('summary')}\n\n`;
  // 未判定 beside 应交 whenever some row could not be judged (SPEC §3.5).
  const nj = result.summary.total.notJudged > 0;
  const cells = (name: string, s: CheckResult['summary']['total']) =>
    [name, s.due, ...(nj ? [s.notJudged] : []), s.onTime, s.late, s.overdue, s.pending, s.otherFindings, rateText(s)];
  yield row([L('department'), L('due'), ...(nj ? [L('notJudged')] : []), L('onTime'), L('late'), L('overdue'), L('pending'), L('otherFindings'), L('onTimeRate')]) + '\n';
  yield `| --- |${' ---: |'.repeat(nj ? 8 : 7)}\n`;
  for (const d of result.summary.byDepartment) yield row(cells(d.department, d)) + '\n';
  yield row(cells(L('total'), result.summary.total)) + '\n\n';

  yield `## ${L('lateItems')}\n\n`;
  const groups = lateByDepartment(result);
  if (groups.length === 0) yield `${L('noLate')}\n\n`;
  for (const g of groups) {
    yield `### ${mdText(g.department)}${open}${g.findings.length}${close}\n\n`;
    yield row([L('rule'), L('status'), L('key'), L('customer'), L('eventDate'), L('dueDate'), L('submitted'), L('daysLate'), L('handler')]) + '\n';
    yield '| --- | --- | --- | --- | --- | --- | --- | ---: | --- |\n';
    for (const f of g.findings) {
      yield row([f.ruleId, STATUS_LABEL[f.status][lang], f.key, f.customer, f.eventDate, dueText(f.dueDate, f.dueTime), localText(f.submitted) || '—', f.daysLate, f.handler]) + '\n';
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
  if (result.notProvided.length) yield `**${L('notProvided')}**${sep}${result.notProvided.map((id) => mdText(datasetName(id, ctx))).join(lang === 'zh' ? '、' : ', ')}\n\n`;
  if (result.notChecked.length) {
    yield `**${L('notChecked')}**\n\n`;
    for (const n of result.notChecked) yield `- ${mdText(n.ruleId)}${sep}${mdText(n.reason)}\n`;
    yield '\n';
  }
  for (const w of result.warnings) yield `> ${mdText(w.message)}\n\n`;
  const rejected = rejectedRows(result);
  if (rejected) yield `${L('problems')}${sep}${rejected}\n`;
}
