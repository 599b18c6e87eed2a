// remind's mails for real: sent over implicit TLS with login to an SMTP server started
// here (its certificate trusted through NODE_EXTRA_CA_CERTS, never by switching
// verification off), read back with mailparser; and the page at a mail pane's and a
// phone's width in headless Chromium.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ParsedMail, simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, tempDir, writeExport } from '../helpers.js';

const run = promisify(execFile);

async function isla(args: string[], env: Record<string, string>, cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('remind --mail over SMTP with TLS and login', () => {
  const dir = tempDir();
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const received: { to: string[]; mail: ParsedMail }[] = [];
  let server: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    server = new SMTPServer({
      secure: true,
      key: readFileSync(key),
      cert: readFileSync(cert),
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'finance@dealer.example' && auth.password === 's3cret/密') callback(null, { user: 'finance' });
        else callback(new Error('535 authentication failed'));
      },
      onRcptTo(address, _session, callback) {
        if (address.address === 'left@dealer.example') callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(Buffer.concat(chunks)) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends each head their department, finance the whole list; a rejected head is exit 3, the others still go', async () => {
    writeExport(dir, '刷卡单.csv', '刷卡单号,客户姓名,车架号,提车日期,提交日期,经办人\nSK-1,张伟,LSV1,2026-10-14 10:00,,郑洁\n');
    writeExport(dir, '放贷记录.csv', '合同编号,客户姓名,放贷日期,录入日期,资料交付日期,经办人\nDK-1,王芳,2026-10-14,,2026-10-14,吴磊\n');
    writeExport(
      dir,
      'isla.config.yaml',
      'mail:\n  from: 财务部 <finance@dealer.example>\n  finance: [finance-manager@dealer.example]\n  departments:\n    客服部: [cs-head@dealer.example]\n    消贷部: [left@dealer.example]\n',
    );
    const r = await isla(['remind', '刷卡单.csv', '放贷记录.csv', '--as-of', '2026-10-15T09:00', '--mail', '-f', 'json'], {
      ISLA_SMTP_URL: `smtps://finance%40dealer.example:${encodeURIComponent('s3cret/密')}@localhost:${port}`,
      NODE_EXTRA_CA_CERTS: cert,
    }, dir);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).kind).toBe('reminders');
    expect(r.stderr).toContain('left@dealer.example');
    expect(received.map((m) => [m.to, m.mail.subject])).toEqual([
      [['cs-head@dealer.example'], '2026-10-15 09:00 到期提醒 · 客服部：即将到期 1，逾期未交 0'],
      [['finance-manager@dealer.example'], '2026-10-15 09:00 到期提醒：即将到期 2，逾期未交 0'],
    ]);
    const head = received[0]!.mail;
    expect(head.text).toContain('今天内');
    expect(head.text).not.toContain('DK-1');
    expect(head.html).toContain('SK-1');
    expect(received[1]!.mail.text).toContain('DK-1');
  });
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM && !process.env.CI)('the reminder page in a browser', () => {
  it.each([600, 390])('fits %i px without scrolling sideways, and reads as the list', async (width) => {
    const html = execFileSync(process.execPath, [CLI, 'remind', 'fixtures/2026-10', '--as-of', '2026-10-15T09:00', '-f', 'html', '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.setContent(html);
      const text = await page.innerText('body');
      expect(text).toMatch(/消贷部\s+3\s+2/);
      expect(text).toContain('已逾期 38 天');
      expect(text).toContain('还剩 1 个工作日');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'test-output', `reminders-${width}.png`), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
