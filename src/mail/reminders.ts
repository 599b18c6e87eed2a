// What the reminder mails say (SPEC §9): each department head gets only their own
// department's reminders, finance the whole list — rendered by remind's formats, as
// check's mails are by check's. A department with nothing due soon or overdue says
// nothing, so it gets no mail.
import type { ReminderResult } from '../remind/select.js';
import { type ReminderContext, formatRemindersCsv, formatRemindersHtml, formatRemindersTable } from '../report/reminders.js';
import { fileName } from '../report/view.js';
import type { Chunks } from '../write-atomic.js';
import type { MailContent, MailSource } from './compose.js';
import { MAIL_LIST_CAP, type Ownership } from './content.js';

const joined = (chunks: Chunks): string => [...chunks].join('');

/** A mail shows a file's name, never the server's folder it was read from. */
function withFileNames(result: ReminderResult): ReminderResult {
  return {
    ...result,
    inputs: result.inputs.map((i) => ({ ...i, file: fileName(i.file) })),
    findings: result.findings.map((r) => ({ ...r, file: r.file === null ? null : fileName(r.file) })),
    problems: result.problems.map((p) => ({ ...p, file: fileName(p.file) })),
  };
}

/** The reminders one head may see: their department's, beside the company total. */
export function reminderSlice(result: ReminderResult, department: string, own: Ownership): ReminderResult {
  const ownsDataset = (id: string): boolean => (own.datasetDepartments[id] ?? []).includes(department);
  const inputs = result.inputs.filter((i) => ownsDataset(i.dataset));
  const files = new Set(inputs.map((i) => i.file));
  const row = result.summary.byDepartment.find((d) => d.department === department);
  return {
    ...result,
    inputs,
    notProvided: result.notProvided.filter(ownsDataset),
    notChecked: result.notChecked.filter((n) => own.ruleDepartment[n.ruleId] === department),
    summary: { total: result.summary.total, byDepartment: row ? [row] : [] },
    findings: result.findings.filter((r) => r.department === department),
    problems: result.problems.filter((p) => files.has(p.file)),
  };
}

/**
 * Subject placeholders (SPEC §8.1 plus {dueSoon}). A reminder has no period's
 * verdicts: {period} is the span listed, {due} counts the reminders, and the
 * counts that belong to a month's check (on time, late, pending, other, rate) read —.
 */
export function reminderSubjectValues(result: ReminderResult, department: string | null): Record<string, string | number> {
  const c = department === null ? result.summary.total : (result.summary.byDepartment.find((d) => d.department === department) ?? { dueSoon: 0, overdue: 0 });
  return {
    period: `${result.window.from}..${result.window.to}`,
    department: department ?? '',
    dueSoon: c.dueSoon,
    overdue: c.overdue,
    due: c.dueSoon + c.overdue,
    onTime: '—',
    late: '—',
    pending: '—',
    other: '—',
    onTimeRate: '—',
    asOf: result.asOf.replace('T', ' ').slice(0, 16),
  };
}

function content(result: ReminderResult, reportCtx: ReminderContext, attachmentName: string, department: string | null): MailContent {
  // As in the check's mails: the first MAIL_LIST_CAP of each list, the rest in the attachment.
  const ctx = { ...reportCtx, listCap: MAIL_LIST_CAP, attachmentName };
  return {
    html: joined(formatRemindersHtml(result, ctx)),
    text: joined(formatRemindersTable(result, { ...ctx, color: false, verbose: false })),
    attachments: [{ filename: attachmentName, content: Buffer.from(joined(formatRemindersCsv(result, ctx)), 'utf8'), contentType: 'text/csv; charset=utf-8' }],
    values: reminderSubjectValues(result, department),
  };
}

export function remindMailSource(result: ReminderResult, ctx: ReminderContext, own: Ownership): MailSource {
  const view = withFileNames(result);
  const day = result.asOf.slice(0, 10);
  const name = ctx.lang === 'zh' ? '到期提醒' : 'reminders';
  return {
    subjects: { department: 'remindDepartment', finance: 'remindFinance' },
    departments: result.summary.byDepartment.map((d) => d.department),
    hasFindings: (department) => result.findings.some((r) => r.department === department),
    department: (department) => content(reminderSlice(view, department, own), { ...ctx, audience: department }, `${day}-${department}-${name}.csv`, department),
    finance: () => content(view, ctx, `${day}-${name}.csv`, null),
  };
}
