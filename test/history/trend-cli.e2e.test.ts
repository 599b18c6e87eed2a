// `isla trend` as a person and a cron job run it: the built CLI (npm test builds dist/).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { CLI, ROOT, tempDir, writeExport, writeShiftedSample } from '../helpers.js';
import { checkMonth, MONTHS, writeMonths } from './months.js';

const run = promisify(execFile);

async function isla(args: string[], env: Record<string, string> = {}) {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...base } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('isla trend DIR', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeMonths(['2026-06', '2026-08']);
    await checkMonth(dir, '2026-07', MONTHS['2026-07']!, '2026-07-01..2026-07-15');
    mkdirSync(path.join(dir, '2026-05'));
    writeFileSync(path.join(dir, '2026-05', 'summary.json'), '{"schemaVersion": 1, "period": ');
  });

  it('prints the chosen format on stdout, the skipped and broken sets on stderr, exit 0', async () => {
    const r = await isla(['trend', dir, '-f', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.months).toEqual(['2026-05', '2026-06', '2026-07', '2026-08']);
    expect(json.total.months.map((m: { due: number | null }) => m.due)).toEqual([null, 7, null, 6]);
    const [skipped, broken, end] = r.stderr.split('\n');
    expect(skipped).toBe(`跳过 ${path.join(dir, '2026-07-01..2026-07-15')}：这是按日期区间生成的报告，趋势只比较整月。`);
    expect(broken).toMatch(/^报告 \S+2026-05 的 summary\.json 不是有效的 JSON（.+），该月显示为 —：请用 isla check --report 重新生成该月的报告。$/);
    expect(broken).toContain(path.join(dir, '2026-05'));
    expect(end).toBe('');
    expect((await isla(['trend', dir, '-q'])).stderr).toBe('');
  });

  it('colour only when asked for, and never with --no-color or NO_COLOR', async () => {
    expect((await isla(['trend', dir])).stdout).not.toContain('\x1b[');
    expect((await isla(['trend', dir], { FORCE_COLOR: '1' })).stdout).toContain('\x1b[32m');
    expect((await isla(['trend', dir, '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toContain('\x1b[');
    expect((await isla(['trend', dir], { NO_COLOR: '1' })).stdout).not.toContain('\x1b[');
  });

  it('bad usage is exit 2 with one sentence', async () => {
    const missing = path.join(dir, 'nope');
    expect(await isla(['trend', missing])).toMatchObject({ code: 2, stderr: `无法读取文件 ${missing}（ENOENT）：请检查路径是否正确、文件是否有读取权限。\n` });
    const empty = tempDir();
    expect(await isla(['trend', empty])).toMatchObject({ code: 2, stderr: `${empty} 里没有月度报告（YYYY-MM/summary.json）：请检查文件夹路径，或先用 isla check --report ${empty} 生成每月的报告。\n` });
    expect(await isla(['trend', dir, '--months', '0'])).toMatchObject({ code: 2, stderr: '选项 --months 的值“0”无效：应为 1 到 120 之间的整数。\n' });
    expect(await isla(['trend', dir, '--department', '客服'])).toMatchObject({ code: 2, stderr: '选项 --department 的值“客服”无效：最接近的是 客服部。\n' });
    expect(await isla(['trend', dir, '-f', 'xlsx', '--lang', 'en'])).toMatchObject({ code: 2, stderr: 'Option --format has an invalid value "xlsx": use one of table, html, markdown, csv, json.\n' });
  });
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe.skipIf(!CHROMIUM && !process.env.CI)('the trend page and the report page in a browser', () => {
  it('read at a phone\'s width and a mail pane\'s, with no remote request and no sideways scrolling of the trend', async () => {
    const dir = await writeMonths(['2026-06', '2026-07', '2026-08']);
    const trendHtml = (await isla(['trend', dir, '-f', 'html'])).stdout;
    const reportHtml = readFileSync(path.join(dir, '2026-08', 'summary.html'), 'utf8');
    const out = path.join(ROOT, 'test-output');
    mkdirSync(out, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      for (const width of [375, 800]) {
        const page = await browser.newPage({ viewport: { width, height: 1000 } });
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.setContent(trendHtml);
        const text = await page.innerText('body');
        expect(text).toMatch(/客服部\s+月份\s+应交\s+按时\s+迟交\s+逾期未交\s+按时率\s+变化\(百分点\)\s+2026-06\s+4\s+3\s+1\s+0\s+75\.0%\s+—/);
        expect(text).toMatch(/2026-07\s+5\s+2\s+2\s+1\s+40\.0%\s+最差\s+-35\.0/);
        expect(text).toMatch(/李娜\s+客服部\s+1\s+2\s+0\s+3/);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: path.join(out, `trend-${width}.png`), fullPage: true });
        await page.setContent(reportHtml);
        expect(await page.innerText('body')).toMatch(/近六个月按时率[\s\S]*部门\s+6月\s+7月\s+8月\s+客服部\s+75\.0%\s+40\.0%\s+100\.0%/);
        await page.screenshot({ path: path.join(out, `summary-history-${width}.png`), fullPage: true });
        expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

/** The sample month and two copies of it moved one and two months earlier, checked with --report. */
async function sampleHistory(extra: string[] = []): Promise<string> {
  const reports = tempDir('isla-readme-');
  const months: [string, string][] = [['2026-08', '2026-09-06T09:00'], ['2026-09', '2026-10-06T09:00'], ['2026-10', '2026-11-06T09:00']];
  for (const [i, [, asOf]] of months.entries()) {
    const back = months.length - 1 - i;
    const inputs = back === 0 ? path.join(ROOT, 'fixtures', '2026-10') : writeShiftedSample(tempDir(), back);
    await isla(['check', inputs, '--as-of', asOf, '--report', reports, '-q', '-f', 'json', ...(back === 0 ? extra : [])]);
  }
  return reports;
}

describe('the department mails', () => {
  it('each shows its own last months beside the total, nothing of another department; isla mail SETDIR the same', async () => {
    const work = tempDir('isla-trend-mail-');
    const config = writeExport(
      work,
      'isla.config.yaml',
      'mail:\n  from: 财务部 <finance@dealer.example>\n  finance: [finance-manager@dealer.example]\n  departments:\n    客服部: [cs-head@dealer.example]\n    销售部: [sales-head@dealer.example]\n  smtp: {host: localhost, port: 465, secure: true}\n',
    );
    const fromCheck = path.join(work, 'eml-check');
    const reports = await sampleHistory(['-c', config, '--mail-out', fromCheck]);
    const fromSet = path.join(work, 'eml-set');
    expect((await isla(['mail', path.join(reports, '2026-10'), '-c', config, '--mail-out', fromSet])).code).toBe(0);
    for (const dir of [fromCheck, fromSet]) {
      const cs = await simpleParser(readFileSync(path.join(dir, '2026-10-department-客服部.eml')));
      const html = String(cs.html);
      const block = html.slice(html.indexOf('近六个月按时率'), html.indexOf('迟交和逾期未交')).replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
      expect(block).toContain('部门 8月 9月 10月 客服部 57.7% 60.0% 69.2% 合计 59.8% 61.6% 76.0%');
      expect(block).not.toMatch(/消贷部|销售部|保险部|人事部/);
      expect(cs.text).toContain('客服部  ▅▅▆  最好 2026-10 69.2% · 最差 2026-08 57.7%\n');
      expect(cs.text).not.toContain('销售部  ▂▂▅');
      const finance = await simpleParser(readFileSync(path.join(dir, '2026-10-finance.eml')));
      expect(String(finance.html).replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ')).toMatch(/近六个月按时率.*消贷部 65\.1% 68\.2% 86\.0%/);
    }
  });
});

describe('the README example', () => {
  it('is what isla trend prints for the sample month and two shifted copies of it', async () => {
    const reports = await sampleHistory();
    const { stdout } = await isla(['trend', reports, '--department', '客服部,销售部']);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const example = readme.match(/<!-- trend-example -->\n```text\n\$ isla trend reports --department 客服部,销售部\n([\s\S]*?)```/);
    expect(example?.[1]).toBe(stdout);
  });
});
