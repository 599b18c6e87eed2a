// Delivery (SPEC §8.3): nodemailer's SMTP client over one session for the run —
// implicit TLS (465) or STARTTLS (587), login from mail.smtp + ISLA_SMTP_PASSWORD or
// all of ISLA_SMTP_URL, certificates always verified (a private CA comes in through
// Node's NODE_EXTRA_CA_CERTS) — or `sendmail -t -i`. Each message is sent on its
// own and reports which recipients the server took; nothing here ever throws for a
// delivery, a failure is an outcome.
import { spawn } from 'node:child_process';
import { IslaError } from '../errors.js';
import type { ComposedMail } from './compose.js';
import type { MailSettings } from './settings.js';

export interface SendOutcome {
  accepted: string[];
  rejected: { address: string; reason: string }[];
  /** The server's final reply, or why there was none. */
  response: string;
  /** The session itself failed (no connection, no greeting, login refused): the rest cannot go either. */
  sessionFailed: boolean;
}

export interface MailTransport {
  send(mail: ComposedMail, recipients: string[]): Promise<SendOutcome>;
  close(): void;
}

interface SmtpTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  pass: string | null;
}

/** ISLA_SMTP_URL: `smtps://user:password@host:465` or `smtp://host:587`, percent-encoded. */
function parseSmtpUrl(value: string): SmtpTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IslaError('bad-smtp-url', {});
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new IslaError('bad-smtp-url', {});
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    user: url.username ? decodeURIComponent(url.username) : null,
    pass: url.password ? decodeURIComponent(url.password) : null,
  };
}

export function smtpTarget(settings: MailSettings, env: NodeJS.ProcessEnv): SmtpTarget | null {
  if (env.ISLA_SMTP_URL) return parseSmtpUrl(env.ISLA_SMTP_URL);
  if (!settings.smtp || settings.transport === 'sendmail') return null;
  const port = settings.smtp.port ?? (settings.smtp.secure === false ? 587 : 465);
  return { host: settings.smtp.host, port, secure: settings.smtp.secure ?? port === 465, user: settings.smtp.user, pass: env.ISLA_SMTP_PASSWORD ?? null };
}

/** Whether `--mail` has a way to send at all (checked before the check runs). */
export function hasTransport(settings: MailSettings, env: NodeJS.ProcessEnv): boolean {
  return settings.transport === 'sendmail' || smtpTarget(settings, env) !== null;
}

/** 30 s unless ISLA_SMTP_TIMEOUT (seconds) says otherwise: a silent server is a failure, not a hang. */
function timeoutMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.ISLA_SMTP_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000;
}

interface SmtpError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
  rejectedErrors?: SmtpError[];
  recipient?: string;
}

const SESSION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EAUTH', 'ETLS', 'EPROTOCOL', 'ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET']);

function reasonOf(err: SmtpError): string {
  return (err.response ?? err.message).replace(/\s+/g, ' ').trim();
}

async function openSmtp(target: SmtpTarget, env: NodeJS.ProcessEnv): Promise<MailTransport> {
  const { createTransport } = await import('nodemailer');
  const timeout = timeoutMs(env);
  const transporter = createTransport({
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
    host: target.host,
    port: target.port,
    secure: target.secure,
    // A login never crosses the wire in clear: without implicit TLS, STARTTLS is a must.
    requireTLS: !target.secure && target.user !== null,
    ...(target.user ? { auth: { user: target.user, pass: target.pass ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    tls: { minVersion: 'TLSv1.2' },
  });
  return {
    async send(mail, recipients) {
      try {
        const info = await transporter.sendMail({ envelope: { from: mail.envelopeFrom, to: recipients }, raw: mail.raw });
        const rejectedErrors = ((info as { rejectedErrors?: SmtpError[] }).rejectedErrors ?? []);
        return {
          accepted: info.accepted.map(String),
          rejected: info.rejected.map((address) => {
            const err = rejectedErrors.find((e) => e.recipient === String(address));
            return { address: String(address), reason: err ? reasonOf(err) : info.response };
          }),
          response: info.response,
          sessionFailed: false,
        };
      } catch (e) {
        const err = e as SmtpError;
        const rejected = err.rejectedErrors?.length
          ? recipients.map((address) => ({ address, reason: reasonOf(err.rejectedErrors!.find((r) => r.recipient === address) ?? err) }))
          : recipients.map((address) => ({ address, reason: reasonOf(err) }));
        return { accepted: [], rejected, response: reasonOf(err), sessionFailed: SESSION_ERRORS.has(err.code ?? '') };
      }
    },
    close: () => transporter.close(),
  };
}

/** `sendmail -t -i`: the MTA reads the recipients from the headers; exit status 0 means it took the message. */
function openSendmail(binary: string, env: NodeJS.ProcessEnv): MailTransport {
  const timeout = timeoutMs(env);
  return {
    send(mail, recipients) {
      return new Promise((resolve) => {
        const failed = (reason: string): void => resolve({ accepted: [], rejected: recipients.map((address) => ({ address, reason })), response: reason, sessionFailed: false });
        let stderr = '';
        const child = spawn(binary, ['-t', '-i'], { stdio: ['pipe', 'ignore', 'pipe'], timeout });
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        child.on('error', (err) => failed(err.message));
        child.on('close', (code, signal) => {
          if (code === 0) resolve({ accepted: recipients, rejected: [], response: `${binary}: exit 0`, sessionFailed: false });
          else failed(`${binary}: ${signal ?? `exit ${code}`}${stderr.trim() ? ` ${stderr.trim().replace(/\s+/g, ' ')}` : ''}`);
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(mail.raw);
      });
    },
    close: () => undefined,
  };
}

export async function openTransport(settings: MailSettings, env: NodeJS.ProcessEnv): Promise<MailTransport> {
  const target = smtpTarget(settings, env);
  if (target) return openSmtp(target, env);
  if (settings.transport === 'sendmail') return openSendmail(settings.sendmailPath, env);
  throw new IslaError('mail-no-transport', {});
}
