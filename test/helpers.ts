// Test helpers: real bytes on disk in a fresh temporary folder per test file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';

export function tempDir(prefix = 'isla-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Write a file as given bytes, or text in an encoding (with an optional BOM). */
export function writeExport(dir: string, name: string, content: string | Buffer, encoding = 'utf-8', bom = false): string {
  const file = path.join(dir, name);
  let bytes = typeof content === 'string' ? (encoding === 'utf-8' ? Buffer.from(content, 'utf8') : iconv.encode(content, encoding)) : content;
  if (bom) {
    const mark = encoding === 'utf-8' ? [0xef, 0xbb, 0xbf] : encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
    bytes = Buffer.concat([Buffer.from(mark), bytes]);
  }
  writeFileSync(file, bytes);
  return file;
}

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI = path.join(ROOT, 'bin', 'isla.js');
export const SAMPLE = path.join(ROOT, 'fixtures', '2026-10');

import { runCheck, type CheckResult } from '../src/check.js';
import { builtinConfig, type EffectiveConfig } from '../src/config/load.js';
import { parseAsOf, parseDay, parsePeriod } from '../src/options.js';

/** Run the engine on CSV files written to a fresh folder, as `isla check` would. */
export async function checkFiles(
  files: Record<string, string | Buffer>,
  options: { asOf?: string; period?: string; rules?: string[]; config?: EffectiveConfig; lang?: 'zh' | 'en' } = {},
): Promise<CheckResult & { dir: string }> {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeExport(dir, name, content);
  const config = options.config ?? builtinConfig();
  const asOf = parseAsOf(options.asOf ?? '2026-11-06T09:00', config.timezone, 'en');
  const result = await runCheck({
    inputs: Object.keys(files).map((name) => ({ file: path.join(dir, name) })),
    config,
    asOf,
    period: parsePeriod(options.period, asOf, 'en'),
    lang: options.lang ?? 'en',
    ruleIds: options.rules,
  });
  return { ...result, dir };
}

/** The parts of a finding a rule table asserts. */
export function brief(f: CheckResult['findings'][number]) {
  return {
    ruleId: f.ruleId,
    status: f.status,
    key: f.key,
    line: f.line,
    dueDate: f.dueDate,
    dueTime: f.dueTime,
    submitted: f.submitted,
    ...(f.daysLate !== undefined ? { daysLate: f.daysLate, workdaysLate: f.workdaysLate } : {}),
  };
}

/** `2026-11-06T09:00` moved `monthsBack` months earlier (the day kept). */
export function shiftMonth(text: string, monthsBack: number): string {
  const shift = (y: number, m: number): [number, number] => {
    const i = y * 12 + (m - 1) - monthsBack;
    return [Math.floor(i / 12), (i % 12) + 1];
  };
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return text
    .replace(/(?<!\d)(\d{4})-(\d{2})(?!\d)/g, (_, y: string, m: string) => {
      const [ny, nm] = shift(Number(y), Number(m));
      return `${ny}-${p2(nm)}`;
    })
    .replace(/(?<!\d)(\d{4})年(\d{1,2})月/g, (_, y: string, m: string) => {
      const [ny, nm] = shift(Number(y), Number(m));
      return `${ny}年${nm}月`;
    });
}

/**
 * The sample month (fixtures/2026-10) moved `monthsBack` months earlier, every
 * file in its own encoding: a second and a third month of real-looking exports.
 */
export function writeShiftedSample(dir: string, monthsBack: number): string {
  for (const name of readdirSync(SAMPLE)) {
    const bytes = readFileSync(path.join(SAMPLE, name));
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
    const utf8 = !utf16 && (() => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return true;
      } catch {
        return false;
      }
    })();
    const encoding = utf16 ? 'utf-16le' : utf8 ? 'utf-8' : 'gb18030';
    writeFileSync(path.join(dir, name), iconv.encode(shiftMonth(iconv.decode(bytes, encoding, { stripBOM: false }), monthsBack), encoding));
  }
  return dir;
}

import { type Reminder, runReminders } from '../src/remind/select.js';

/** Run `remind`'s selection on CSV files written to a fresh folder, as `isla remind` would. */
export async function remindFiles(
  files: Record<string, string | Buffer>,
  options: { asOf: string; within?: number; since?: string; rules?: string[]; departments?: string[]; lang?: 'zh' | 'en' },
) {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeExport(dir, name, content);
  const config = builtinConfig();
  const lang = options.lang ?? 'zh';
  const { result, timeLeft } = await runReminders({
    inputs: Object.keys(files).map((name) => ({ file: path.join(dir, name) })),
    config,
    asOf: parseAsOf(options.asOf, config.timezone, lang),
    lang,
    within: options.within ?? 2,
    since: options.since === undefined ? undefined : parseDay('--since', options.since, lang),
    ruleIds: options.rules,
    departments: options.departments,
  });
  return { result, timeLeft, dir };
}

/** The parts of a reminder a table asserts, with the time left as finance reads it. */
export function reminderBrief(r: Reminder, timeLeft: (r: Reminder) => string) {
  return {
    ruleId: r.ruleId,
    status: r.status,
    key: r.key,
    dueDate: r.dueDate,
    dueTime: r.dueTime,
    left: timeLeft(r),
    ...(r.daysLate !== undefined ? { daysLate: r.daysLate, workdaysLate: r.workdaysLate } : {}),
  };
}

/** The built CLI in a child process, as cron runs it; never throws, gives the exit code. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const { execFile } = await import('node:child_process');
  // The runner's own settings must not leak into the CLI under test.
  const { NO_COLOR: _n, FORCE_COLOR: _f, ISLA_SMTP_URL: _u, ISLA_SMTP_PASSWORD: _p, NODE_EXTRA_CA_CERTS: _c, ...base } = process.env;
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...base, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * A private CA and a server certificate for localhost/127.0.0.1 signed by it, made with
 * the openssl CLI at test time — the way an IT person sets up an internal relay.
 */
export function makeTestCa(dir: string): { caFile: string; key: Buffer; cert: Buffer } {
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=isla test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  return { caFile: path.join(dir, 'ca.pem'), key: readFileSync(path.join(dir, 'server.key')), cert: readFileSync(path.join(dir, 'server.pem')) };
}

export interface ArrivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  secure: boolean;
  user: string | undefined;
}

/**
 * A real SMTP server (smtp-server) in this process: login required, TLS from the
 * start (`secure`) or by STARTTLS, and recipients it refuses with 550.
 */
export async function startSmtpPeer(o: { key: Buffer; cert: Buffer; secure: boolean; user?: string; pass?: string; refuse?: Set<string> }) {
  const { SMTPServer } = await import('smtp-server');
  const arrived: ArrivedMail[] = [];
  const refuse = o.refuse ?? new Set<string>();
  const server = new SMTPServer({
    secure: o.secure,
    key: o.key,
    cert: o.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === (o.user ?? 'finance@dealer.example') && auth.password === (o.pass ?? '授权码-secret')) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('535 Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (refuse.has(address.address)) cb(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        arrived.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: session.user as string | undefined,
        });
        cb(null);
      });
    },
  });
  // A client that gives up on the certificate closes mid-handshake: that is the test, not a crash.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, arrived, refuse, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

import { expect } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { IslaError } from '../src/errors.js';
import { errorMessage } from '../src/messages.js';

/** A config file with this text, in a fresh folder. */
export function configFile(text: string, name = 'isla.config.yaml'): string {
  return writeExport(tempDir(), name, text);
}

/** The one sentence loading this config gives, with its path shown as CONFIG. */
export function configError(text: string, lang: 'zh' | 'en' = 'en', name?: string): string {
  const file = configFile(text, name);
  try {
    loadConfig({ config: file, lang });
  } catch (err) {
    expect(err).toBeInstanceOf(IslaError);
    return errorMessage(lang, err as IslaError).replace(file, 'CONFIG');
  }
  throw new Error('no error');
}
