// The messages (SPEC §8.2): one per department that has something to say (or every
// configured department with sendWhen: always), plus finance's. MIME is built by
// nodemailer's MailComposer: multipart/mixed ⊃ multipart/alternative (text/plain,
// text/html, UTF-8, quoted-printable or base64 so no line passes 998 octets) and the
// attachments (RFC 2231 file names), RFC 2047 Subject, Date, Message-ID and
// Auto-Submitted. Commands hand in a MailSource — `check` its result, `remind` its
// reminders — and get the same messages, recipients and subjects either way.
import { createHash, randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Lang } from '../messages.js';
import { type MailSettings, type SubjectKey, addressOf } from './settings.js';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** What one mail says: its two bodies, its attachments and the numbers its subject may quote. */
export interface MailContent {
  html: string;
  text: string;
  attachments: MailAttachment[];
  values: Record<string, string | number>;
}

/** A command's mails before they have recipients: per department, and the whole for finance. */
export interface MailSource {
  subjects: { department: SubjectKey; finance: SubjectKey };
  /** Every department the result speaks of, in the service list's order. */
  departments: string[];
  /** Whether a department's head would get a mail under sendWhen: findings. */
  hasFindings(department: string): boolean;
  /** A promise when building an attachment takes one (a workbook). */
  department(department: string): MailContent | Promise<MailContent>;
  finance(): MailContent | Promise<MailContent>;
}

export type MailKind = 'department' | 'finance';

export interface ComposedMail {
  /** Stable across runs: what the mail log knows a message by. */
  id: string;
  kind: MailKind;
  department: string | null;
  /** Bare addresses of every recipient (To and Cc): the SMTP envelope. */
  recipients: string[];
  envelopeFrom: string;
  subject: string;
  messageId: string;
  /** sha256 of what the message says (not of its Date or Message-ID). */
  hash: string;
  /** The RFC 5322 message, CRLF line ends. */
  raw: Buffer;
}

const DEFAULT_SUBJECTS: Record<SubjectKey, Record<Lang, string>> = {
  department: { zh: '{period} 内部服务检查 · {department}：迟交 {late}，逾期未交 {overdue}', en: '{period} internal service check · {department}: {late} late, {overdue} overdue' },
  finance: { zh: '{period} 内部服务检查：按时率 {onTimeRate}，迟交 {late}，逾期未交 {overdue}', en: '{period} internal service check: on-time rate {onTimeRate}, {late} late, {overdue} overdue' },
  remindDepartment: { zh: '{asOf} 到期提醒 · {department}：即将到期 {dueSoon}，逾期未交 {overdue}', en: '{asOf} reminder · {department}: {dueSoon} due soon, {overdue} overdue' },
  remindFinance: { zh: '{asOf} 到期提醒：即将到期 {dueSoon}，逾期未交 {overdue}', en: '{asOf} reminder: {dueSoon} due soon, {overdue} overdue' },
};

/** A subject from its template; the config loader has already refused unknown placeholders. */
export function subjectFor(settings: MailSettings, key: SubjectKey, lang: Lang, values: Record<string, string | number>): string {
  const template = settings.subject[key] ?? DEFAULT_SUBJECTS[key][lang];
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

function contentHash(subject: string, recipients: string[], c: MailContent): string {
  const h = createHash('sha256');
  for (const part of [subject, recipients.join(','), c.text, c.html]) h.update(part).update('\0');
  for (const a of c.attachments) h.update(a.filename).update('\0').update(a.content).update('\0');
  return h.digest('hex');
}

async function build(
  settings: MailSettings,
  id: string,
  kind: MailKind,
  department: string | null,
  to: string[],
  subject: string,
  c: MailContent,
  date: Date,
): Promise<ComposedMail> {
  const envelopeFrom = addressOf(settings.from)!;
  const messageId = `<${randomUUID()}@${envelopeFrom.split('@')[1]}>`;
  const cc = settings.cc.filter((a) => !to.includes(a));
  const composer = new MailComposer({
    from: settings.from,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    to,
    ...(cc.length ? { cc } : {}),
    subject,
    date,
    messageId,
    text: c.text,
    html: c.html,
    attachments: c.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    // So out-of-office replies and auto-forwarders leave the mail alone (RFC 3834).
    headers: { 'Auto-Submitted': 'auto-generated' },
    newline: 'windows',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await composer.compile().build();
  const recipients = [...new Set([...to, ...cc].map((a) => addressOf(a)!))];
  return { id, kind, department, recipients, envelopeFrom, subject, messageId, hash: contentHash(subject, recipients, c), raw };
}

export interface ComposeOutcome {
  mails: ComposedMail[];
  /** Departments with findings and nobody to tell: their items still reach finance. */
  unaddressed: string[];
}

export async function composeMails(source: MailSource, settings: MailSettings, lang: Lang, date = new Date()): Promise<ComposeOutcome> {
  const mails: ComposedMail[] = [];
  const unaddressed: string[] = [];
  const configured = Object.keys(settings.departments);
  const order = [...source.departments, ...configured.filter((d) => !source.departments.includes(d))];
  for (const department of order) {
    const to = settings.departments[department] ?? [];
    const speaks = source.hasFindings(department);
    if (to.length === 0) {
      if (speaks) unaddressed.push(department);
      continue;
    }
    if (!speaks && settings.sendWhen !== 'always') continue;
    const c = await source.department(department);
    const subject = subjectFor(settings, source.subjects.department, lang, c.values);
    mails.push(await build(settings, `department:${department}`, 'department', department, to, subject, c, date));
  }
  if (settings.finance.length) {
    const c = await source.finance();
    const subject = subjectFor(settings, source.subjects.finance, lang, c.values);
    mails.push(await build(settings, 'finance', 'finance', null, settings.finance, subject, c, date));
  }
  return { mails, unaddressed };
}
