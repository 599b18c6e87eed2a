// What the mails of a check say (SPEC §8.2): the whole report for finance, and for
// each department a slice of the result that holds only that department's items —
// its summary row beside the company total, its findings, its rules not checked,
// its files — rendered by the same formatters as the report set. Nothing here
// judges anything: the verdicts come from the result as it was saved.
import type { CheckResult } from '../check.js';
import type { Lang } from '../messages.js';
import { formatCsv } from '../report/csv.js';
import { formatHtml } from '../report/html.js';
import type { FormatContext } from '../report/index.js';
import { rateText } from '../report/labels.js';
import { TERMINAL_LIST_CAP, formatTable } from '../report/table.js';
import { fileName } from '../report/view.js';
import type { Chunks } from '../write-atomic.js';
import type { MailAttachment, MailContent, MailSource } from './compose.js';
import type { MailAttach } from './settings.js';

/** Who owns what: the departments of the rules and of the datasets, from the config. */
export interface Ownership {
  ruleDepartment: Record<string, string>;
  datasetDepartments: Record<string, string[]>;
}

const joined = (chunks: Chunks): string => [...chunks].join('');

/** A mail shows a file's name, never the server's folder it was read from (`/srv/exports/…`). */
function withFileNames(result: CheckResult): CheckResult {
  return {
    ...result,
    inputs: result.inputs.map((i) => ({ ...i, file: fileName(i.file) })),
    findings: result.findings.map((f) => ({ ...f, file: f.file === null ? null : fileName(f.file) })),
    approved: result.approved.map((a) => ({ ...a, file: a.file === null ? null : fileName(a.file), waiver: { ...a.waiver, file: fileName(a.waiver.file) } })),
    waiverLog: { ...result.waiverLog, unmatched: result.waiverLog.unmatched.map((u) => ({ ...u, file: fileName(u.file) })) },
    problems: result.problems.map((p) => ({ ...p, file: fileName(p.file) })),
  };
}

/** The result as one department's head may see it: nothing of any other department. */
export function departmentSlice(result: CheckResult, department: string, own: Ownership): CheckResult {
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
    findings: result.findings.filter((f) => f.department === department),
    ...approvalsOf(result, department, own),
    problems: result.problems.filter((p) => files.has(p.file)),
  };
}

/** SPEC §13: the department's approved items, and the log's approvals for its rules. */
function approvalsOf(result: CheckResult, department: string, own: Ownership): Pick<CheckResult, 'approved' | 'waiverLog'> {
  const approved = result.approved.filter((a) => a.department === department);
  return {
    approved,
    waiverLog: {
      applied: new Set(approved.map((a) => `${a.waiver.file}:${a.waiver.line}`)).size,
      unmatched: result.waiverLog.unmatched.filter((u) => own.ruleDepartment[u.ruleId] === department),
    },
  };
}

/** The subject placeholders of SPEC §8.1 for a summary row. */
export function subjectValues(result: CheckResult, department: string | null): Record<string, string | number> {
  const s = department === null ? result.summary.total : (result.summary.byDepartment.find((d) => d.department === department) ?? result.summary.total);
  return {
    period: result.period.label,
    department: department ?? '',
    due: s.due,
    onTime: s.onTime,
    late: s.late,
    overdue: s.overdue,
    pending: s.pending,
    other: s.otherFindings,
    onTimeRate: rateText(s),
    asOf: result.asOf.replace('T', ' ').slice(0, 16),
  };
}

/** SPEC §8.2: the department's last six months, after its report, when the report folder has them. */
function historyText(ctx: FormatContext, department: string): string {
  const text = ctx.departmentHistory?.[department]?.text;
  return text ? `\n${text}` : '';
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The findings as `mail.attach` asks (SPEC §12): `<name>.csv`, `<name>.xlsx` (loaded only then), or both. */
async function attachments(result: CheckResult, ctx: FormatContext, name: string, attach: MailAttach): Promise<MailAttachment[]> {
  const csv: MailAttachment = { filename: `${name}.csv`, content: Buffer.from(joined(formatCsv(result, ctx)), 'utf8'), contentType: 'text/csv; charset=utf-8' };
  if (attach === 'csv') return [csv];
  const { formatXlsx } = await import('../report/xlsx.js');
  const xlsx: MailAttachment = { filename: `${name}.xlsx`, content: await formatXlsx(result, ctx), contentType: XLSX_TYPE };
  return attach === 'both' ? [csv, xlsx] : [xlsx];
}

/** A mail lists as many items per list as the terminal; the rest are in the attachment and the report. */
export const MAIL_LIST_CAP = TERMINAL_LIST_CAP;

async function content(result: CheckResult, reportCtx: FormatContext, name: string, department: string | null, attach: MailAttach): Promise<MailContent> {
  const files = await attachments(result, reportCtx, name, attach);
  const ctx = { ...reportCtx, listCap: MAIL_LIST_CAP, attachmentName: files.map((f) => f.filename).join(reportCtx.lang === 'zh' ? '、' : ', ') };
  return {
    html: joined(formatHtml(result, ctx)),
    text: joined(formatTable(result, { ...ctx, color: false, verbose: false })) + (department === null ? '' : historyText(ctx, department)),
    attachments: files,
    values: subjectValues(result, department),
  };
}

/** The check's mails: a department has something to say when it has any finding. */
export function checkMailSource(result: CheckResult, ctx: FormatContext, own: Ownership, attach: MailAttach = 'csv'): MailSource {
  const lang: Lang = ctx.lang;
  const view = withFileNames(result);
  return {
    subjects: { department: 'department', finance: 'finance' },
    departments: [...new Set([...result.summary.byDepartment.map((d) => d.department), ...result.findings.map((f) => f.department)])],
    hasFindings: (department) => result.findings.some((f) => f.department === department),
    department: (department) =>
      content(
        departmentSlice(view, department, own),
        // The page's history block shows every department: a department's mail gets its own instead.
        { ...ctx, audience: department, rules: ctx.rules?.filter((r) => r.department === department), historyHtml: ctx.departmentHistory?.[department]?.html },
        `${result.period.label}-${department}-${lang === 'zh' ? '问题清单' : 'findings'}`,
        department,
        attach,
      ),
    finance: () => content(view, ctx, 'findings', null, attach),
  };
}
