// The `mail:` section as isla uses it (SPEC §8.1): addresses checked and split into
// lists, subject templates with only known placeholders. Pure data and checks, no
// nodemailer, so loading a config never loads the mail stack.

export type MailAttach = 'csv' | 'xlsx' | 'both';

export type SubjectKey = 'department' | 'finance' | 'remindDepartment' | 'remindFinance';

export interface MailSettings {
  from: string;
  replyTo: string | null;
  finance: string[];
  /** Department (as the service list names it) → its head's addresses. */
  departments: Record<string, string[]>;
  cc: string[];
  sendWhen: 'findings' | 'always';
  /** The findings attached to a check's mails (SPEC §12): the workbook, or both; unset is CSV (§8.2). */
  attach?: MailAttach;
  /** Only the templates the config gives; compose falls back to the built-in wording. */
  subject: Partial<Record<SubjectKey, string>>;
  smtp: { host: string; port: number | null; secure: boolean | null; user: string | null } | null;
  transport: 'smtp' | 'sendmail' | null;
  sendmailPath: string;
}

/** SPEC §8.1's placeholders; the reminder subjects add {dueSoon} (SPEC §9). */
export const PLACEHOLDERS = ['period', 'department', 'due', 'onTime', 'late', 'overdue', 'pending', 'other', 'onTimeRate', 'asOf'] as const;
export const REMIND_PLACEHOLDERS = [...PLACEHOLDERS, 'dueSoon'] as const;

export function placeholdersFor(key: SubjectKey): readonly string[] {
  return key.startsWith('remind') ? REMIND_PLACEHOLDERS : PLACEHOLDERS;
}

/** The `{name}`s of a template, in order. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
}

// A mailbox as people write it in a config: `name@host` or `Name <name@host>`
// (the name may be quoted). Strict enough to catch a missing @, a comma typed
// instead of a list, a stray space; the server has the last word on the rest.
const MAILBOX = /^(?:(?:"[^"]*"|[^<>"@]*?)\s*<([^<>\s]+)>|([^<>\s"]+))$/;
const ADDR_SPEC = /^[^\s@<>()[\],;:"]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}]{2,}$/u;

/** The bare address of a mailbox, or null when it is not one. */
export function addressOf(mailbox: string): string | null {
  const m = MAILBOX.exec(mailbox.trim());
  const address = m ? (m[1] ?? m[2])! : null;
  return address !== null && ADDR_SPEC.test(address) ? address : null;
}
