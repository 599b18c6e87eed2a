// Sending a run's mails (SPEC §8.3): each message on its own, one stderr line each;
// a rejected recipient or a failed message does not stop the others; with a report
// set, each accepted message goes into mail-log.json at once and a rerun sends only
// what is not there. `--mail-out DIR` writes the same bytes as .eml files instead.
import path from 'node:path';
import { IslaError } from '../errors.js';
import { type Lang, mailLine } from '../messages.js';
import { makeFolder, writeAtomic } from '../write-atomic.js';
import type { ComposedMail } from './compose.js';
import { alreadyReached, readMailLog, recordAccepted } from './mail-log.js';
import type { MailTransport } from './transport.js';

export interface DeliveryReport {
  /** Messages with at least one recipient that did not accept them. */
  failed: number;
}

/** `2026-10-department-消贷部.eml`, `2026-10-finance.eml`: a person can tell them apart. */
export function emlName(period: string, mail: ComposedMail): string {
  const safe = (s: string): string => s.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${safe(period)}-${mail.kind}${mail.department ? `-${safe(mail.department)}` : ''}.eml`;
}

export async function writeMailFiles(dir: string, period: string, mails: ComposedMail[], lang: Lang, say: (line: string) => void): Promise<void> {
  await makeFolder(dir).catch((cause: NodeJS.ErrnoException) => {
    throw new IslaError('write-failed', { path: dir, reason: cause.code ?? String(cause) }, { cause });
  });
  for (const mail of mails) {
    const file = path.join(dir, emlName(period, mail));
    await writeAtomic(file, mail.raw);
    say(mailLine(lang, 'written', { who: mail.department ?? '', to: mail.recipients, detail: file, bytes: mail.raw.length }));
  }
}

export interface SendOptions {
  transport: MailTransport;
  /** The report set folder whose mail-log.json records what went out; null: no log. */
  setDir: string | null;
  resend: boolean;
  lang: Lang;
  say: (line: string) => void;
  /** Failures are shown even with -q. */
  warn: (line: string) => void;
}

export async function sendMails(mails: ComposedMail[], o: SendOptions): Promise<DeliveryReport> {
  const log = o.setDir ? await readMailLog(o.setDir) : null;
  let failed = 0;
  let sessionError: string | null = null;
  try {
    for (const mail of mails) {
      const who = mail.department ?? '';
      const reached = log && !o.resend ? alreadyReached(log, mail) : new Set<string>();
      const recipients = mail.recipients.filter((r) => !reached.has(r.toLowerCase()));
      if (recipients.length === 0) {
        o.say(mailLine(o.lang, 'skipped', { who, to: mail.recipients, detail: '' }));
        continue;
      }
      if (sessionError !== null) {
        // The server is gone or refused the login: trying again per message would only multiply the wait.
        failed++;
        o.warn(mailLine(o.lang, 'failed', { who, to: recipients, detail: sessionError }));
        continue;
      }
      const outcome = await o.transport.send(mail, recipients);
      if (outcome.sessionFailed) sessionError = outcome.response;
      if (outcome.accepted.length && log && o.setDir) {
        await recordAccepted(o.setDir, log, {
          kind: mail.kind,
          department: mail.department,
          recipients: outcome.accepted,
          subject: mail.subject,
          messageId: mail.messageId,
          hash: mail.hash,
          sentAt: new Date().toISOString(),
          response: outcome.response,
        });
      }
      if (outcome.rejected.length === 0) {
        o.say(mailLine(o.lang, 'sent', { who, to: outcome.accepted, detail: outcome.response, bytes: mail.raw.length }));
      } else {
        failed++;
        const detail = outcome.rejected.map((r) => `${r.address}: ${r.reason}`).join('; ');
        o.warn(mailLine(o.lang, outcome.accepted.length ? 'partly' : 'failed', { who, to: outcome.accepted.length ? outcome.accepted : recipients, detail }));
      }
    }
  } finally {
    o.transport.close();
  }
  return { failed };
}
