// The HTML report with finance's approvals, as a reader sees it in headless
// Chromium at a mail pane's width: the note beside the item and the section read as text.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM && !process.env.CI)('the HTML report with a waiver log in a browser', () => {
  it('shows the extension beside the item, the counts and the 已批准延期与豁免 section', async () => {
    const args = ['check', 'fixtures/2026-10', 'fixtures/waivers-example', '--as-of', '2026-11-06T09:00', '--department', '客服部', '-f', 'html', '--fail-on', 'none'];
    const html = execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      // A phone fits it without a sideways scroll; a mail pane too.
      for (const width of [390, 760]) {
        const phone = await browser.newPage({ viewport: { width, height: 900 } });
        await phone.setContent(html);
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
      const page = await browser.newPage({ viewport: { width: 760, height: 1200 } });
      await page.setContent(html);
      const text = await page.innerText('body');
      expect(text).toMatch(/客服部\s+25\s+20\s+3\s+2\s+1\s+1\s+80\.0%/);
      expect(text).toMatch(/已批准延期与豁免：客服部 延期 3 · 豁免 1\s+合计 延期 3 · 豁免 1/);
      expect(text).toMatch(/单号 BX-KF-002\s+经办人 孙浩\s+发生日期 2026-10-09\s+应交时间 2026-10-16\s+实交时间 2026-10-19\s+已批准延期至 10-17 · 王经理\s/);
      expect(text).toMatch(/单号 SK-0004\s+应交时间 2026-10-16\s+实交时间 2026-10-19 10:00\s+已批准延期至 10-20 18:00 · 王经理 · 事后批准\s+批准日期 2026-10-19\s+原因：客户在外地，签字单下周寄回/);
      expect(text).toContain('延期豁免登记：采用 5 条，未匹配 1 条');
      const out = path.join(ROOT, 'test-output');
      mkdirSync(out, { recursive: true });
      await page.screenshot({ path: path.join(out, 'waivers.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
