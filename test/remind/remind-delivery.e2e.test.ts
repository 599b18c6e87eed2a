// remind's mails for real: sent over implicit TLS with login to an SMTP server started
// here (its private CA trusted through NODE_EXTRA_CA_CERTS, never by switching
// verification off), read back with mailparser; and the page at a mail pane's and a
// phone's width in headless Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, makeTestCa, runCli, startSmtpPeer, tempDir, writeExport } from '../helpers.js';

describe('remind --mail over SMTP with TLS and login', () => {
  const dir = tempDir();
  const ca = makeTestCa(dir);
  let peer: Awaited<ReturnType<typeof startSmtpPeer>>;
  beforeAll(async () => {
    peer = await startSmtpPeer({ key: ca.key, cert: ca.cert, secure: true, refuse: new Set(['left@dealer.example']) });
  });
  afterAll(() => peer.close());

  it('sends each head their department, finance the whole list; a rejected head is exit 3, the others still go', async () => {
    writeExport(dir, '刷卡单.csv', '刷卡单号,客户姓名,车架号,提车日期,提交日期,经办人\nSK-1,张伟,LSV1,2026-10-14 10:00,,郑洁\n');
    writeExport(dir, '放贷记录.csv', '合同编号,客户姓名,放贷日期,录入日期,资料交付日期,经办人\nDK-1,王芳,2026-10-14,,2026-10-14,吴磊\n');
    writeExport(
      dir,
      'isla.config.yaml',
      'mail:\n  from: 财务部 <finance@dealer.example>\n  finance: [finance-manager@dealer.example]\n  departments:\n    客服部: [cs-head@dealer.example]\n    消贷部: [left@dealer.example]\n',
    );
    const r = await runCli(['remind', '刷卡单.csv', '放贷记录.csv', '--as-of', '2026-10-15T09:00', '--mail', '-f', 'json'], {
      ISLA_SMTP_URL: `smtps://${encodeURIComponent('finance@dealer.example')}:${encodeURIComponent('授权码-secret')}@localhost:${peer.port}`,
      NODE_EXTRA_CA_CERTS: ca.caFile,
    }, dir);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).kind).toBe('reminders');
    expect(r.stderr).toContain('left@dealer.example');
    const mails = await Promise.all(peer.arrived.map(async (m) => ({ to: m.to, secure: m.secure, user: m.user, mail: await simpleParser(m.raw) })));
    expect(mails.map((m) => [m.to, m.secure, m.user, m.mail.subject])).toEqual([
      [['cs-head@dealer.example'], true, 'finance@dealer.example', '2026-10-15 09:00 到期提醒 · 客服部：即将到期 1，逾期未交 0'],
      [['finance-manager@dealer.example'], true, 'finance@dealer.example', '2026-10-15 09:00 到期提醒：即将到期 2，逾期未交 0'],
    ]);
    const head = mails[0]!.mail;
    expect(head.text).toContain('今天内');
    expect(head.text).not.toContain('DK-1');
    expect(head.html).toContain('SK-1');
    expect(mails[1]!.mail.text).toContain('DK-1');
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
