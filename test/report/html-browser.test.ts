// The HTML report as a reader sees it: rendered by headless Chromium (Debian's
// package; .ci/run installs it), with a screenshot kept under test-output/.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM && !process.env.CI)('the HTML report in a browser', () => {
  it('shows the summary numbers, and every value as text', async () => {
    const html = execFileSync(process.execPath, [CLI, 'check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00', '-f', 'html', '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8' });
    const out = path.join(ROOT, 'test-output');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'summary.html'), html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 800, height: 1200 } });
      // Mail clients show no remote content; neither does this page need any.
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(html);
      const text = await page.innerText('body');
      expect(text).toContain('部门汇总');
      expect(text).toMatch(/消贷部\s+43\s+未判定 1\s+37\s+4\s+2\s+0\s+1\s+86\.0%/);
      expect(text).toMatch(/合计\s+100\s+未判定 2\s+76\s+17\s+7\s+0\s+11\s+76\.0%/);
      expect(text).toContain('DK2026100004');
      expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
      await page.screenshot({ path: path.join(out, 'summary.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
