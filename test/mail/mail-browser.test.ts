// A department head's mail as a mail pane (760 px) and a phone (390 px) show it:
// rendered by headless Chromium from the message as written by --mail-out and read
// back with mailparser. Screenshots are kept under test-output/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, writeExport } from '../helpers.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM && !process.env.CI)('the mail pages in a browser', () => {
  it('fit 760 px and 390 px without a horizontal scroll, and no code, date, name or status splits', async () => {
    const work = tempDir('isla-mail-page-');
    const config = writeExport(work, 'isla.config.yaml', `mail:
  from: 财务部 <finance@dealer.example>
  finance: [finance-manager@dealer.example]
  departments:
    客服部: [cs-head@dealer.example]
    消贷部: [loans-head@dealer.example]
`);
    const eml = path.join(work, 'eml');
    const out = await runCli(['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00', '--fail-on', 'none', '-f', 'json', '-c', config, '--mail-out', eml]);
    expect(out.code).toBe(0);
    const english = path.join(work, 'eml-en');
    expect((await runCli(['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00', '--fail-on', 'none', '-f', 'json', '-c', config, '--mail-out', english, '--lang', 'en'])).code).toBe(0);
    const pages = {
      'finance-en': (await simpleParser(readFileSync(path.join(english, '2026-10-finance.eml')))).html as string,
      客服部: (await simpleParser(readFileSync(path.join(eml, '2026-10-department-客服部.eml')))).html as string,
      finance: (await simpleParser(readFileSync(path.join(eml, '2026-10-finance.eml')))).html as string,
    };
    const shots = path.join(ROOT, 'test-output');
    mkdirSync(shots, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      for (const [name, html] of Object.entries(pages)) {
        for (const width of [760, 390]) {
          const page = await browser.newPage({ viewport: { width, height: 800 } });
          const requests: string[] = [];
          page.on('request', (r) => requests.push(r.url()));
          await page.setContent(html);
          const m = await page.evaluate(() => {
            const oneLine = (e: Element): boolean => new Set([...e.getClientRects()].map((r) => Math.round(r.top))).size <= 1;
            const nowrap = (e: Element | null): Element | null => {
              for (let at = e; at; at = at.parentElement) if (getComputedStyle(at).whiteSpace === 'nowrap') return at;
              return null;
            };
            // Every rule code, date, time and status on the page, each where it stands.
            const pattern = /^(?:[A-Z]{2}-\d{2}[a-z]?|\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|迟交 \d+ 天|逾期未交 \d+ 天|late \d+ d|overdue \d+ d|不完整|不一致|违规|缺单|重复|[DKSBYX][A-Z]\d{10})$/;
            const pieces: { text: string; wrapped: boolean; guarded: boolean }[] = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const text = n.textContent!.trim();
              const words = text.split(/\s{2,}|(?<=\S) (?=\d{4}-)/);
              if (!pattern.test(text) && !words.some((w) => pattern.test(w))) continue;
              const holder = nowrap(n.parentElement);
              pieces.push({ text, guarded: holder !== null, wrapped: holder !== null && !oneLine(holder) });
            }
            const names = [...document.querySelectorAll('span')].filter((s) => /^(客户|经办人)$/.test(s.textContent!.trim())).map((s) => s.parentElement!);
            return {
              scrollWidth: document.documentElement.scrollWidth,
              clientWidth: document.documentElement.clientWidth,
              pieces,
              namesSplit: names.filter((e) => !oneLine(e)).map((e) => e.textContent),
              text: document.body.innerText,
            };
          });
          await page.screenshot({ path: path.join(shots, `mail-${name}-${width}.png`), fullPage: true });
          expect(m.scrollWidth, `${name} at ${width}px`).toBeLessThanOrEqual(m.clientWidth);
          expect(m.pieces.length).toBeGreaterThan(10);
          expect(m.pieces.filter((p) => !p.guarded).map((p) => p.text), `${name} at ${width}px: unguarded`).toEqual([]);
          expect(m.pieces.filter((p) => p.wrapped).map((p) => p.text), `${name} at ${width}px: split`).toEqual([]);
          expect(m.namesSplit).toEqual([]);
          expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
          if (name === '客服部') {
            // The item's words beside its code, the file's name rather than the server's folder.
            expect(m.text).toMatch(/KF-02a 提车次日及时提供刷卡单 (迟交|逾期未交) \d+ 天/);
            expect(m.text).not.toContain('fixtures/');
            expect(m.text).not.toMatch(/消贷部|保险部|销售部|人事部/);
          }
          await page.close();
        }
      }
    } finally {
      await browser.close();
    }
  });
});
