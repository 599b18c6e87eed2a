// SETDIR/mail-log.json (SPEC §8.3): every accepted message of a report set, written
// atomically the moment the server accepts it, so cron retrying after an SMTP outage
// sends only what did not go out — and a crash half-way loses no record.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IslaError } from '../errors.js';
import { writeAtomic } from '../write-atomic.js';
import type { ComposedMail, MailKind } from './compose.js';

export const MAIL_LOG_NAME = 'mail-log.json';

export interface MailLogEntry {
  kind: MailKind;
  department: string | null;
  /** The recipients this send reached (a rerun after a rejection adds only the rest). */
  recipients: string[];
  subject: string;
  messageId: string;
  /** sha256 of the content; a rerun for a later as-of has another hash and is still not sent twice. */
  hash: string;
  sentAt: string;
  response: string;
}

export interface MailLog {
  schemaVersion: 1;
  messages: MailLogEntry[];
}

/** A log that cannot be read stops the run: sending without it could mail every head twice. */
export async function readMailLog(setDir: string): Promise<MailLog> {
  const file = path.join(setDir, MAIL_LOG_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, messages: [] };
    throw new IslaError('unreadable', { file, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  }
  try {
    const parsed = JSON.parse(text) as MailLog;
    if (!Array.isArray(parsed.messages)) throw new Error('no messages array');
    return parsed;
  } catch (cause) {
    throw new IslaError('unreadable', { file, reason: (cause as Error).message }, { cause });
  }
}

export async function recordAccepted(setDir: string, log: MailLog, entry: MailLogEntry): Promise<void> {
  log.messages.push(entry);
  await writeAtomic(path.join(setDir, MAIL_LOG_NAME), [JSON.stringify(log, null, 2) + '\n']);
}

/** The recipients of a mail that earlier runs of this set already reached. */
export function alreadyReached(log: MailLog, mail: ComposedMail): Set<string> {
  const reached = new Set<string>();
  for (const m of log.messages) {
    if (m.kind === mail.kind && m.department === mail.department) for (const r of m.recipients) reached.add(r.toLowerCase());
  }
  return reached;
}
