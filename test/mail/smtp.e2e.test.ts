// The mails as a department head and finance receive them: the built CLI in a child
// process (like cron), a real SMTP server in this process with login and TLS (its
// certificate from a private CA made here, trusted through NODE_EXTRA_CA_CERTS),
// every message read back with mailparser.
import { chmodSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArrivedMail, makeTestCa, runCli, tempDir, writeExport } from '../helpers.js';

const CHECK = ['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00', '--fail-on', 'none', '-f', 'json'];
const PASSWORD = '授权码-secret';

function mailConfig(dir: string, smtp: string, extra = ''): string {
  return writeExport(
    dir,
    'isla.config.yaml',
    `mail:
  from: 财务部 <finance@dealer.example>
  replyTo: 王会计 <wang@dealer.example>
  finance: [finance-manager@dealer.example]
  departments:
    消贷部: [loans-head@dealer.example]
    客服部: [cs-head@dealer.example, 李娜 <li.na@dealer.example>]
    保险部: [ins-head@dealer.example]
  ${smtp}
${extra}`,
  );
}

const longestLine = (raw: Buffer): number => Math.max(...raw.toString('latin1').split('\r\n').map((l) => Buffer.byteLength(l, 'latin1')));
const byRecipients = (mails: ArrivedMail[]): string[][] => mails.map((m) => [...m.to].sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));

describe('mail over SMTP with login and implicit TLS', async () => {
  const work = tempDir('isla-mail-');
  const ca = makeTestCa(work);
  const { startSmtpPeer } = await import('../helpers.js');
  const peer = await startSmtpPeer({ key: ca.key, cert: ca.cert, secure: true });
  const config = mailConfig(work, `smtp: {host: localhost, port: ${peer.port}, secure: true, user: finance@dealer.example}`);
  const reports = path.join(work, 'reports');
  const setDir = path.join(reports, '2026-10');
  const env = { NODE_EXTRA_CA_CERTS: ca.caFile, ISLA_SMTP_PASSWORD: PASSWORD };
  const args = [...CHECK, '-c', config, '--report', reports, '--mail'];
  let first: Awaited<ReturnType<typeof runCli>>;
  let parsed: { arrived: ArrivedMail; mail: ParsedMail }[];
  let summary: { findings: { department: string; key: string; ruleId: string | null }[] };

  beforeAll(async () => {
    first = await runCli(args, env);
    parsed = await Promise.all(peer.arrived.map(async (arrived) => ({ arrived, mail: await simpleParser(arrived.raw) })));
    summary = JSON.parse(readFileSync(path.join(setDir, 'summary.json'), 'utf8'));
  });
  afterAll(() => peer.close());

  it('sends one mail per department with findings and a recipient, and one to finance; exit 0', () => {
    expect(first.stderr).not.toContain('发送失败');
    expect(first.code).toBe(0);
    expect(byRecipients(peer.arrived)).toEqual([
      ['cs-head@dealer.example', 'li.na@dealer.example'],
      ['finance-manager@dealer.example'],
      ['ins-head@dealer.example'],
      ['loans-head@dealer.example'],
    ]);
    expect(peer.arrived.every((m) => m.secure && m.user === 'finance@dealer.example' && m.from === 'finance@dealer.example')).toBe(true);
  });

  it('says on stderr, one line per message, who got what; and warns of departments with findings but nobody to tell', () => {
    const lines = first.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('邮件已发送：'))).toHaveLength(4);
    expect(lines).toContainEqual(expect.stringMatching(/^邮件已发送：客服部 → cs-head@dealer\.example, li\.na@dealer\.example（\d+ 字节）：250 /));
    expect(lines).toContainEqual(expect.stringMatching(/^邮件已发送：财务部（全部） → finance-manager@dealer\.example/));
    expect(lines.filter((l) => l.includes('没有它的收件人')).map((l) => l.split(' ')[0])).toEqual(['销售部', '人事部']);
  });

  it('writes the report set before mailing, and a mail log of every accepted message', () => {
    const log = JSON.parse(readFileSync(path.join(setDir, 'mail-log.json'), 'utf8'));
    expect(log.schemaVersion).toBe(1);
    expect(log.messages.map((m: Record<string, unknown>) => [m.kind, m.department, m.recipients])).toEqual([
      ['department', '消贷部', ['loans-head@dealer.example']],
      ['department', '客服部', ['cs-head@dealer.example', 'li.na@dealer.example']],
      ['department', '保险部', ['ins-head@dealer.example']],
      ['finance', null, ['finance-manager@dealer.example']],
    ]);
    for (const m of log.messages) {
      expect(m.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(m.messageId).toMatch(/^<[^@>]+@dealer\.example>$/);
      expect(parsed.some((p) => p.mail.messageId === m.messageId && p.mail.subject === m.subject)).toBe(true);
      expect(m.response).toMatch(/^250 /);
    }
    expect(readdirSync(setDir).sort()).toEqual(['findings.csv', 'findings.xlsx', 'mail-log.json', 'summary.html', 'summary.json', 'summary.md']);
  });

  it('every message is proper MIME: mixed ⊃ alternative (text + html, UTF-8) + CSV; RFC 2047 subject; no line over 998 octets', () => {
    for (const { arrived, mail } of parsed) {
      const raw = arrived.raw.toString('latin1');
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
      expect(head).toMatch(/^Content-Type: multipart\/mixed;/m);
      expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
      expect(head).toMatch(/^Auto-Submitted: auto-generated$/m);
      expect(head).toMatch(/^MIME-Version: 1\.0$/m);
      expect(head).toMatch(/^Reply-To: =\?UTF-8\?[BQ]\?.*\?= <wang@dealer\.example>$/m);
      expect(raw).toMatch(/Content-Type: multipart\/alternative;/);
      expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8/);
      expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8/);
      expect(raw).not.toMatch(/(?<!\r)\n/);
      expect(longestLine(arrived.raw)).toBeLessThanOrEqual(998);
      expect(mail.date).toBeInstanceOf(Date);
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]!.contentType).toBe('text/csv');
      expect(mail.text).toBeTruthy();
      expect(mail.html).toBeTruthy();
    }
  });

  it('the subjects come from the templates, decoded', () => {
    expect(parsed.map((p) => p.mail.subject).sort()).toEqual([
      '2026-10 内部服务检查 · 保险部：迟交 2，逾期未交 1',
      '2026-10 内部服务检查 · 客服部：迟交 5，逾期未交 3',
      '2026-10 内部服务检查 · 消贷部：迟交 4，逾期未交 2',
      '2026-10 内部服务检查：按时率 76.0%，迟交 17，逾期未交 7',
    ]);
  });

  it("a head's mail holds every item of the department and nothing of another: HTML, text and attachment", () => {
    const departments = ['消贷部', '客服部', '保险部', '销售部', '人事部'];
    for (const department of ['消贷部', '客服部', '保险部']) {
      const { mail, arrived } = parsed.find((p) => p.mail.subject!.includes(`· ${department}：`))!;
      const own = summary.findings.filter((f) => f.department === department);
      const ownKeys = new Set(own.map((f) => f.key));
      const others = summary.findings.filter((f) => f.department !== department && !ownKeys.has(f.key));
      expect(own.length).toBeGreaterThan(0);
      const csv = mail.attachments[0]!.content.toString('utf8');
      expect(mail.attachments[0]!.filename).toBe(`2026-10-${department}-问题清单.csv`);
      // RFC 2231: the non-ASCII file name as a parameter continuation, not a raw UTF-8 header.
      expect(arrived.raw.toString('latin1')).toMatch(/filename\*0?\*=utf-8''2026-10-/i);
      expect(csv.startsWith('\uFEFF部门,规则,状态')).toBe(true);
      const rows = csv.trimEnd().split('\r\n').slice(1);
      expect(rows).toHaveLength(own.length);
      for (const row of rows) expect(row.startsWith(`${department},`)).toBe(true);
      for (const part of [mail.html as string, mail.text!, csv]) {
        for (const f of own) expect(part).toContain(f.key);
        for (const f of others) expect(part).not.toContain(f.key);
        for (const d of departments.filter((d) => d !== department)) expect(part).not.toContain(d);
      }
      // Server folders stay on the server.
      expect(mail.html).not.toContain('fixtures/');
      expect(mail.text).not.toContain('fixtures/');
    }
  });

  it("finance gets the whole report and findings.csv", () => {
    const { mail } = parsed.find((p) => p.arrived.to.includes('finance-manager@dealer.example'))!;
    expect(mail.attachments[0]!.filename).toBe('findings.csv');
    const csv = mail.attachments[0]!.content.toString('utf8');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(summary.findings.length + 1);
    for (const f of summary.findings) expect(mail.html).toContain(f.key.replace(/&/g, '&amp;'));
    expect(mail.text).toMatch(/合计\s+100\s+2\s+76\s+17\s+7\s+0\s+11\s+76\.0%/);
  });

  it('a rerun sends nothing new; --resend sends everything again', async () => {
    const before = peer.arrived.length;
    const rerun = await runCli(args, env);
    expect(rerun.code).toBe(0);
    expect(peer.arrived.length).toBe(before);
    expect(rerun.stderr.split('\n').filter((l) => l.startsWith('邮件已发过，跳过：'))).toHaveLength(4);
    const resend = await runCli([...args, '--resend'], env);
    expect(resend.code).toBe(0);
    expect(byRecipients(peer.arrived.slice(before))).toEqual(byRecipients(peer.arrived.slice(0, before)));
    const log = JSON.parse(readFileSync(path.join(setDir, 'mail-log.json'), 'utf8'));
    expect(log.messages).toHaveLength(8);
  });

  it('isla mail SETDIR builds the same mails from the saved summary.json', async () => {
    const fromCheck = path.join(work, 'eml-check');
    const fromSet = path.join(work, 'eml-set');
    expect((await runCli([...CHECK, '-c', config, '--mail-out', fromCheck])).code).toBe(0);
    const out = await runCli(['mail', setDir, '-c', config, '--mail-out', fromSet]);
    expect(out.code).toBe(0);
    const names = readdirSync(fromSet).sort();
    expect(names).toEqual(['2026-10-department-保险部.eml', '2026-10-department-客服部.eml', '2026-10-department-消贷部.eml', '2026-10-finance.eml']);
    expect(readdirSync(fromCheck).sort()).toEqual(names);
    for (const name of names) {
      const [a, b] = await Promise.all([simpleParser(readFileSync(path.join(fromCheck, name))), simpleParser(readFileSync(path.join(fromSet, name)))]);
      expect(b.subject).toBe(a.subject);
      // The saved set names its files by path; the pages read the same once paths are file names.
      expect(b.text).toBe(a.text);
      expect(b.html).toBe(a.html);
      expect(b.attachments[0]!.content.equals(a.attachments[0]!.content)).toBe(true);
      expect(readFileSync(path.join(fromSet, name), 'latin1')).not.toMatch(/(?<!\r)\n/);
    }
    // --mail-out never touched the network.
    expect(out.stderr.split('\n').filter((l) => l.startsWith('邮件已写出：'))).toHaveLength(4);
  });

  it('isla mail SETDIR sends what the log lacks', async () => {
    const before = peer.arrived.length;
    const out = await runCli(['mail', setDir, '-c', config], env);
    expect(out.code).toBe(0);
    expect(peer.arrived.length).toBe(before);
  });

  it('without the private CA the certificate is not trusted: nothing is sent, exit 3', async () => {
    const before = peer.arrived.length;
    const out = await runCli([...CHECK, '-c', config, '--mail'], { ISLA_SMTP_PASSWORD: PASSWORD });
    expect(out.code).toBe(3);
    expect(peer.arrived.length).toBe(before);
    expect(out.stderr.split('\n').filter((l) => l.startsWith('邮件发送失败：'))).toHaveLength(4);
    expect(out.stderr).toMatch(/certificate/i);
  });

  it('a wrong password is a failed delivery (exit 3), and ISLA_SMTP_URL wins over mail.smtp', async () => {
    const before = peer.arrived.length;
    const wrong = await runCli([...CHECK, '-c', config, '--mail'], { ...env, ISLA_SMTP_PASSWORD: 'wrong' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('535');
    const url = `smtps://${encodeURIComponent('finance@dealer.example')}:${encodeURIComponent(PASSWORD)}@localhost:${peer.port}`;
    const byUrl = await runCli([...CHECK, '-c', config, '--mail'], { NODE_EXTRA_CA_CERTS: ca.caFile, ISLA_SMTP_PASSWORD: 'wrong', ISLA_SMTP_URL: url });
    expect(byUrl.code).toBe(0);
    expect(peer.arrived.length).toBe(before + 4);
  });
});

describe('a recipient the server refuses', async () => {
  const work = tempDir('isla-mail-');
  const ca = makeTestCa(work);
  const { startSmtpPeer } = await import('../helpers.js');
  const peer = await startSmtpPeer({ key: ca.key, cert: ca.cert, secure: true, refuse: new Set(['li.na@dealer.example', 'ins-head@dealer.example']) });
  afterAll(() => peer.close());
  const config = mailConfig(work, `smtp: {host: localhost, port: ${peer.port}, secure: true, user: finance@dealer.example}`);
  const reports = path.join(work, 'reports');
  const env = { NODE_EXTRA_CA_CERTS: ca.caFile, ISLA_SMTP_PASSWORD: PASSWORD };
  const args = [...CHECK, '-c', config, '--report', reports, '--mail'];

  it('does not stop the others; exit 3; the log holds only what was accepted; a rerun sends only the rest', async () => {
    const out = await runCli(args, env);
    expect(out.code).toBe(3);
    expect(byRecipients(peer.arrived)).toEqual([['cs-head@dealer.example'], ['finance-manager@dealer.example'], ['loans-head@dealer.example']]);
    const lines = out.stderr.trim().split('\n').filter((l) => l.startsWith('邮件'));
    expect(lines).toHaveLength(4);
    expect(lines).toContainEqual(expect.stringMatching(/^邮件部分未送达：客服部 → cs-head@dealer\.example 已接收；被拒绝：li\.na@dealer\.example: 550 5\.1\.1 /));
    expect(lines).toContainEqual(expect.stringMatching(/^邮件发送失败：保险部 → ins-head@dealer\.example：ins-head@dealer\.example: 550 /));
    const log = JSON.parse(readFileSync(path.join(reports, '2026-10', 'mail-log.json'), 'utf8'));
    expect(log.messages.map((m: Record<string, unknown>) => [m.department, m.recipients])).toEqual([
      ['消贷部', ['loans-head@dealer.example']],
      ['客服部', ['cs-head@dealer.example']],
      [null, ['finance-manager@dealer.example']],
    ]);
    expect(existsSync(path.join(reports, '2026-10', 'summary.json'))).toBe(true);

    // The mailbox is fixed; cron runs again: only the two that were refused get their mail.
    peer.refuse.clear();
    const before = peer.arrived.length;
    const again = await runCli(args, env);
    expect(again.code).toBe(0);
    expect(byRecipients(peer.arrived.slice(before))).toEqual([['ins-head@dealer.example'], ['li.na@dealer.example']]);
    const cs = await simpleParser(peer.arrived.slice(before).find((m) => m.to.includes('li.na@dealer.example'))!.raw);
    // Still addressed as the head's mail: both heads of 客服部 in To.
    const to = cs.to as { value: { name: string; address: string }[] };
    expect(to.value).toEqual([{ name: '', address: 'cs-head@dealer.example' }, { name: '李娜', address: 'li.na@dealer.example' }]);
  });
});

describe('STARTTLS on a submission port', async () => {
  const work = tempDir('isla-mail-');
  const ca = makeTestCa(work);
  const { startSmtpPeer } = await import('../helpers.js');
  const peer = await startSmtpPeer({ key: ca.key, cert: ca.cert, secure: false });
  afterAll(() => peer.close());

  it('upgrades before the login and delivers', async () => {
    const config = mailConfig(work, `smtp: {host: localhost, port: ${peer.port}, secure: false, user: finance@dealer.example}`);
    const out = await runCli([...CHECK, '-c', config, '--mail'], { NODE_EXTRA_CA_CERTS: ca.caFile, ISLA_SMTP_PASSWORD: PASSWORD });
    expect(out.code).toBe(0);
    expect(peer.arrived).toHaveLength(4);
    expect(peer.arrived.every((m) => m.secure)).toBe(true);
  });
});

describe('a server that is not there', () => {
  it('a closed port: every message fails, exit 3, the report is still written', async () => {
    const work = tempDir('isla-mail-');
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const config = mailConfig(work, `smtp: {host: 127.0.0.1, port: ${port}, secure: true, user: finance@dealer.example}`);
    const reports = path.join(work, 'reports');
    const out = await runCli([...CHECK, '-c', config, '--report', reports, '--mail'], { ISLA_SMTP_PASSWORD: PASSWORD });
    expect(out.code).toBe(3);
    expect(out.stderr.split('\n').filter((l) => l.startsWith('邮件发送失败：'))).toHaveLength(4);
    expect(out.stderr).toContain('ECONNREFUSED');
    expect(JSON.parse(out.stdout).schemaVersion).toBe(1);
    expect(existsSync(path.join(reports, '2026-10', 'summary.json'))).toBe(true);
    expect(existsSync(path.join(reports, '2026-10', 'mail-log.json'))).toBe(false);
  });

  it('a server that accepts the connection and never answers: a failure after the time-out, not a hang', async () => {
    const work = tempDir('isla-mail-');
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const config = mailConfig(work, `smtp: {host: 127.0.0.1, port: ${port}, secure: false}`);
      // ISLA_SMTP_TIMEOUT shortens the 30 s default so the test stays fast.
      const out = await runCli([...CHECK, '-c', config, '--mail'], { ISLA_SMTP_TIMEOUT: '1' });
      expect(out.code).toBe(3);
      expect(out.ms).toBeLessThan(8000);
      expect(out.stderr.split('\n').filter((l) => l.startsWith('邮件发送失败：'))).toHaveLength(4);
      expect(out.stderr).toMatch(/Greeting never received/);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe('transport: sendmail', () => {
  it('pipes each message to `sendmail -t -i`', async () => {
    const work = tempDir('isla-mail-');
    const fake = writeExport(work, 'sendmail', `#!/bin/sh\nn=$(ls "${work}"/got-* 2>/dev/null | wc -l)\necho "$@" > "${work}/args-$n"\ncat > "${work}/got-$n"\n`);
    execChmod(fake);
    const config = mailConfig(work, `transport: sendmail\n  sendmail: ${fake}`);
    const out = await runCli([...CHECK, '-c', config, '--mail']);
    expect(out.code).toBe(0);
    const got = readdirSync(work).filter((f) => f.startsWith('got-'));
    expect(got).toHaveLength(4);
    expect(readFileSync(path.join(work, 'args-0'), 'utf8').trim()).toBe('-t -i');
    const first = await simpleParser(readFileSync(path.join(work, 'got-0')));
    expect((first.to as { text: string }).text).toBe('loans-head@dealer.example');
  });
});

function execChmod(file: string): void {
  chmodSync(file, 0o755);
}
