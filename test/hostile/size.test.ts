// Hostile input, part 3: size. The terminal table caps its lists and cuts long
// cells; the HTML page is written a row at a time; nothing spreads an array of
// 125,000 cells onto the stack. (The 200,000-finding memory run is
// `npm run bench:memory`.)
import { describe, expect, it } from 'vitest';
import { alignColumns, clip, displayWidth } from '../../src/report/columns.js';
import { FORMATS } from '../../src/report/index.js';
import { TERMINAL_LIST_CAP } from '../../src/report/table.js';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { checkMailSource } from '../../src/mail/content.js';
import { runCli, tempDir, writeExport } from '../helpers.js';
import { sampleResult } from '../report/sample-result.js';

function manyLate(count: number, customer = '张伟') {
  const result = sampleResult();
  const late = result.findings[0]!;
  result.findings = Array.from({ length: count }, (_, i) => ({ ...late, key: `SK-${i}`, customer, line: i + 2 }));
  return result;
}

describe('the terminal table', () => {
  it(`lists the first ${TERMINAL_LIST_CAP} late items of a department, then says where the rest are`, () => {
    const text = [...FORMATS.table(manyLate(450), { lang: 'zh', color: false, verbose: false, reportDir: 'reports/2026-10' })].join('');
    expect(text.match(/^\s+KF-02a\s+SK-\d+/gm)).toHaveLength(TERMINAL_LIST_CAP);
    expect(text).toContain('  SK-199 ');
    expect(text).not.toContain('  SK-200 ');
    expect(text).toContain('\n  其余 250 条见报告 reports/2026-10\n');
  });

  it('without --report, says how to see them all', () => {
    const text = [...FORMATS.table(manyLate(201), { lang: 'en', color: false, verbose: false })].join('');
    expect(text).toContain('\n  1 more not listed: add --report DIR or use -f csv to see them all\n');
  });

  it('cuts a 5,000-character customer name with "…", so rows stay near 100 columns', () => {
    const text = [...FORMATS.table(manyLate(3, '客'.repeat(5000)), { lang: 'zh', color: false, verbose: false })].join('');
    const rows = text.split('\n').filter((l) => l.includes('SK-'));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toContain(`${'客'.repeat(9)}…`);
      expect(displayWidth(row)).toBeLessThanOrEqual(100);
    }
  });

  it('other formats list everything', () => {
    const csv = [...FORMATS.csv(manyLate(450), { lang: 'zh', color: false, verbose: false })].join('');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(451);
  });
});

describe('cells and columns', () => {
  it.each([
    ['张伟', 20, '张伟'],
    ['客'.repeat(30), 20, `${'客'.repeat(9)}…`],
    ['a'.repeat(30), 10, `${'a'.repeat(9)}…`],
    ['ab客户', 4, 'ab…'],
  ])('clip(%s, %i)', (text, width, cut) => {
    expect(clip(text, width)).toBe(cut);
    expect(displayWidth(clip(text, width))).toBeLessThanOrEqual(width);
  });

  it('aligns 130,000 rows without overflowing the stack', () => {
    const rows = Array.from({ length: 130_000 }, (_, i) => [String(i)]);
    const lines = alignColumns(['n'], rows, ['right']);
    expect(lines).toHaveLength(130_001);
    expect(lines.at(-1)).toBe('  129999');
  });
});

describe('the HTML page', () => {
  it('is written a row at a time: no chunk holds the whole list', () => {
    const chunks = [...FORMATS.html(manyLate(5000), { lang: 'zh', color: false, verbose: false })];
    expect(chunks.length).toBeGreaterThan(5000);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(20_000);
    expect(chunks.join('').match(/SK-\d+/g)).toHaveLength(5000);
  });
});

describe('the mails', () => {
  const own = { ruleDepartment: { 'KF-02a': '客服部' }, datasetDepartments: { swipes: ['客服部'] } };
  const source = (reportDir?: string) => checkMailSource(manyLate(450), { lang: 'zh', color: false, verbose: false, ...(reportDir ? { reportDir } : {}) }, own);

  it.each([
    ['with --report', 'reports/2026-10', '其余 250 条见附件 2026-10-客服部-问题清单.csv 和 报告 reports/2026-10'],
    ['without', undefined, '其余 250 条见附件 2026-10-客服部-问题清单.csv'],
  ])('list the first 200 of a department in both bodies, then where the rest are (%s)', async (_name, reportDir, more) => {
    const mail = await source(reportDir).department('客服部');
    for (const body of [mail.html, mail.text]) {
      expect(body.match(/SK-\d+/g)).toHaveLength(200);
      expect(body).toContain('SK-199');
      expect(body).not.toContain('SK-200');
      expect(body).toContain(more);
    }
    // The attachment holds every item.
    expect(mail.attachments[0]!.content.toString('utf8').match(/SK-\d+/g)).toHaveLength(450);
  });

  it('the finance mail too, naming its findings.csv', async () => {
    const mail = await source().finance();
    expect(mail.html.match(/SK-\d+/g)).toHaveLength(200);
    expect(mail.html).toContain('其余 250 条见附件 findings.csv');
  });

  it('the report set\'s page lists them all', () => {
    expect([...FORMATS.html(manyLate(450), { lang: 'zh', color: false, verbose: false, reportDir: 'reports/2026-10' })].join('').match(/SK-\d+/g)).toHaveLength(450);
  });
});

describe('the reminder mails', () => {
  it('list the first 200 of a department in both bodies, then point to the attachment', async () => {
    const dir = tempDir();
    writeExport(dir, '刷卡单.csv', `刷卡单号,车架号,提车日期,提交日期\n${Array.from({ length: 450 }, (_, i) => `SK-${i},V${i},2026-11-05,`).join('\n')}\n`);
    writeExport(dir, 'isla.config.yaml', 'mail:\n  from: 财务部 <finance@dealer.example>\n  departments:\n    客服部: [cs-head@dealer.example]\n');
    const out = path.join(dir, 'mails');
    const { code, stderr } = await runCli(['remind', '刷卡单.csv', '--as-of', '2026-11-05T09:00', '--mail-out', out, '-q'], {}, dir);
    expect([code, stderr]).toEqual([1, '']);
    const [file] = readdirSync(out);
    const mail = await simpleParser(readFileSync(path.join(out, file!)));
    for (const body of [mail.html as string, mail.text!]) {
      expect(new Set(body.match(/SK-\d+/g))).toHaveProperty('size', 200);
      expect(body).toContain('其余 250 条见附件 2026-11-05-客服部-到期提醒.csv');
    }
    expect(mail.attachments[0]!.content.toString('utf8').match(/SK-\d+/g)).toHaveLength(450);
  });
});
