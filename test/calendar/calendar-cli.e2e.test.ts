// `isla calendar YYYY` and `isla calendar import`, as the built CLI runs them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addYear } from '../../src/config/add-year.js';
import { loadConfig } from '../../src/config/load.js';
import { ROOT, runCli, tempDir, writeExport } from '../helpers.js';

const NOTICES = path.join(ROOT, 'test', 'fixtures', 'notices');
const notice = (name: string): string => path.join(NOTICES, name);
const CONFIG = ['# 公司配置：财务部维护', 'timezone: Asia/Shanghai  # 北京时间', 'calendar:', '  extraHolidays: [2026-10-13]  # 公司周年庆', ''].join('\n');

describe('isla calendar import', () => {
  it('prints the years: block of a notice, each day commented with its festival', async () => {
    const { code, stdout, stderr } = await runCli(['calendar', 'import', notice('2024.txt')]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain('years:\n  2024:\n    source: 国办发明电〔2023〕7号\n    holidays:\n      - 2024-01-01 # 元旦\n      - 2024-02-10 # 春节\n');
    const year = parse(stdout).years[2024];
    expect(year.holidays).toHaveLength(28);
    expect(year.workdays).toEqual(['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12']);
    // 鼓励…在除夕（2月9日）休息 is not a holiday.
    expect(year.holidays).not.toContain('2024-02-09');
  });

  it('reads a web page saved as HTML in GB18030', async () => {
    const body = readFileSync(notice('2025.txt'), 'utf8').split('\n').map((l) => `<p style="text-indent:2em">${l.replace(/&/g, '&amp;')}</p>`).join('\n');
    const html = `<!DOCTYPE html><html><head><meta charset="gb2312"><title>国务院办公厅关于2025年部分节假日安排的通知_中国政府网</title><script>var a="一、元旦：3月3日放假";</script></head>\n<body>${body}</body></html>`;
    const file = writeExport(tempDir(), '通知.html', iconv.encode(html, 'gb18030'));
    const { code, stdout } = await runCli(['calendar', 'import', file]);
    expect(code).toBe(0);
    const year = parse(stdout).years[2025];
    expect(year.source).toBe('国办发明电〔2024〕12号');
    expect(year.holidays.slice(0, 9)).toEqual(['2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04']);
    expect(year.workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('a year and its amendment together (2019 and the Labour Day change)', async () => {
    const { code, stdout } = await runCli(['calendar', 'import', notice('2019.txt'), notice('2019-laborday.txt')]);
    expect(code).toBe(0);
    const year = parse(stdout).years[2019];
    expect(year.source).toBe('国办发明电〔2018〕15号、国办发明电〔2019〕3号');
    expect(year.holidays.filter((d: string) => d.startsWith('2019-05'))).toEqual(['2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04']);
    expect(year.workdays).toEqual(['2018-12-29', '2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12']);
  });

  it('an extension notice after the year’s notice (Spring Festival 2020 to Feb 2)', async () => {
    const { code, stdout } = await runCli(['calendar', 'import', notice('2020.txt'), notice('2020-extension.txt')]);
    expect(code).toBe(0);
    const year = parse(stdout).years[2020];
    expect(year.holidays.filter((d: string) => d.startsWith('2020-01-3') || d.startsWith('2020-02-0'))).toEqual(['2020-01-30', '2020-01-31', '2020-02-01', '2020-02-02']);
    expect(year.workdays).not.toContain('2020-02-01');
  });

  it('--write adds the year to the config, keeping its comments; a second import replaces it', async () => {
    const dir = tempDir();
    const config = writeExport(dir, 'isla.config.yaml', CONFIG);
    const first = await runCli(['calendar', 'import', notice('2026.txt'), '--write', '-c', config]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/^已写入 .*isla\.config\.yaml 的 calendar\.years\.2026（33 个放假日、6 个调休上班日，/);
    const text = readFileSync(config, 'utf8');
    // Every line that was there is still there, byte for byte; the year follows them.
    expect(text.startsWith(CONFIG + '  years:\n    2026:\n      source: 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）\n      holidays:\n        - 2026-01-01 # 元旦\n')).toBe(true);
    const loaded = loadConfig({ config, lang: 'zh' }).calendar;
    expect(loaded.extraHolidays).toEqual(['2026-10-13']);
    expect(loaded.years?.[2026]?.holidays).toHaveLength(33);
    expect(loaded.years?.[2026]?.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);

    // The comments the import wrote name the days in the calendar view.
    const month = await runCli(['calendar', '2026-10', '-c', config, '--lang', 'en']);
    expect(month.stdout).toContain('  2026-10-07  holiday  National Day\n  2026-10-10  make-up workday  National Day\n');
    const year = JSON.parse((await runCli(['calendar', '2026', '-c', config, '-f', 'json'])).stdout);
    expect([year.source, year.holidays[3]]).toEqual(['config', { date: '2026-02-15', weekday: 0, name: '春节' }]);

    const again = await runCli(['calendar', 'import', notice('2026.txt'), '--write', '-c', config], {}, dir);
    expect(again.stderr).toMatch(/^已替换 /);
    expect(readFileSync(config, 'utf8')).toBe(text);
  });

  it('a notice that contradicts itself: exit 2 naming the line, and the config is not touched', async () => {
    const dir = tempDir();
    const config = writeExport(dir, 'isla.config.yaml', CONFIG);
    const bad = writeExport(dir, '2026.txt', readFileSync(notice('2026.txt'), 'utf8').replace('10月10日（周六）上班', '10月10日（周日）上班'));
    const { code, stdout, stderr } = await runCli(['calendar', 'import', bad, '--write', '-c', config]);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.trim()).toBe(`通知 ${bad} 第 11 行“七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周日）上班。”：2026-10-10 写的是周日，但那天是周六；没有写入任何内容。`);
    expect(readFileSync(config, 'utf8')).toBe(CONFIG);
  });

  it('an amendment alone, and a file that is missing, are exit 2 with the fix', async () => {
    const alone = await runCli(['calendar', 'import', notice('2019-laborday.txt'), '--lang', 'en']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('this notice only changes 劳动节: import it after that year\'s notice, e.g. isla calendar import 2019.txt 2019-laborday.txt; nothing was written.');
    const missing = await runCli(['calendar', 'import', path.join(tempDir(), 'none.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^无法读取文件 .*none\.txt（ENOENT）/);
  });
});

describe('where --write puts the year', () => {
  const block = { year: 2027, source: 'S', holidays: [['2027-01-01', '元旦']] as [string, string][], workdays: [] as [string, string][] };
  const year = '2027:\n  source: S\n  holidays:\n    - 2027-01-01 # 元旦\n  workdays: []\n';
  const at = (indent: string): string => year.split('\n').map((l) => (l ? indent + l : l)).join('\n');
  it.each([
    ['no calendar yet', 'timezone: Asia/Shanghai   # 北京\n', 'timezone: Asia/Shanghai   # 北京\ncalendar:\n  years:\n' + at('    ')],
    ['a calendar without years, with a comment after it', 'calendar:\n    source: cn\n# 规则\nrules: {}\n', 'calendar:\n    source: cn\n    years:\n' + at('      ') + '# 规则\nrules: {}\n'],
    ['years with another year', 'calendar:\n  years:\n    2026: {holidays: [2026-01-01]}\n', 'calendar:\n  years:\n    2026: {holidays: [2026-01-01]}\n' + at('    ')],
    ['the same year: replaced, the rest kept', 'calendar:\n  years:\n    2027:\n      holidays: [2027-01-01, 2027-02-06]\n    # 下一年\n    2028: {holidays: []}\n', 'calendar:\n  years:\n' + at('    ') + '    # 下一年\n    2028: {holidays: []}\n'],
  ])('%s', (_name, before, after) => {
    expect(addYear(before, block).text).toBe(after);
  });

  it('a flow-style calendar is re-rendered with the year inside it', () => {
    const { text, replaced } = addYear('calendar: {source: cn}\n', block);
    expect(replaced).toBe(false);
    expect(parse(text)).toEqual({ calendar: { source: 'cn', years: { 2027: { source: 'S', holidays: ['2027-01-01'], workdays: [] } } } });
  });
});

describe('isla calendar YYYY', () => {
  it('a package year lists its days off and make-up days and says where they come from', async () => {
    const { code, stdout } = await runCli(['calendar', '2026', '-f', 'json']);
    expect(code).toBe(0);
    const view = JSON.parse(stdout);
    expect([view.year, view.source, view.reference, view.warnings]).toEqual([2026, 'package', null, []]);
    expect(view.workdays.map((w: { date: string }) => w.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(view.holidays[0]).toEqual({ date: '2026-01-01', weekday: 4, name: '元旦' });
  });

  it('an uncovered year: the warning first, then fixed-date holidays only', async () => {
    const { code, stdout } = await runCli(['calendar', '2027']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^2027 年春节等假日未知，涉及的到期日可能有误：/);
    expect(stdout).toContain('来源：未覆盖：只有固定日期的假日（元旦、5 月 1–2 日、10 月 1–3 日）\n\n放假（6 天）\n  2027-01-01  周五  元旦\n');
    expect(stdout).toContain('调休上班（0 天）\n  无\n');
  });

  it('a configured year, and the month view of it', async () => {
    const dir = tempDir();
    const config = writeExport(dir, 'isla.config.yaml', 'calendar:\n  years:\n    2027:\n      source: 测试安排\n      holidays: [2027-01-01, 2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08]\n      workdays: [2027-01-31]\n');
    const year = JSON.parse((await runCli(['calendar', '2027', '-c', config, '-f', 'json'])).stdout);
    expect([year.source, year.reference, year.warnings, year.holidays.length]).toEqual(['config', '测试安排', [], 5]);
    const month = await runCli(['calendar', '2027-02', '-c', config, '--lang', 'en']);
    expect(month.code).toBe(0);
    expect(month.stdout.split('\n')[0]).toBe('Finance calendar 2027-02');
    expect(month.stdout).toContain('2027-02-08  holiday  holiday (config)');
    const guessed = await runCli(['calendar', '2027-02']);
    expect(guessed.stdout.split('\n')[0]).toMatch(/^2027 年春节等假日未知/);
  });
});

describe('isla remind across an uncovered year', () => {
  it('the warning before the summary, and 待核实 on the item due in 2027', async () => {
    const dir = tempDir();
    writeExport(dir, '刷卡单.csv', '刷卡单号,车架号,提车日期,提交日期\nSK-4,V4,2026-12-31 10:00,\nSK-5,V5,2026-12-28 10:00,\n');
    const { stdout } = await runCli(['remind', dir, '--as-of', '2026-12-31T18:00', '--rule', 'KF-02a', '--within', '5']);
    expect(stdout.indexOf('2027 年春节等假日未知')).toBeGreaterThan(0);
    expect(stdout.indexOf('2027 年春节等假日未知')).toBeLessThan(stdout.indexOf('部门汇总'));
    const lines = stdout.split('\n');
    expect(lines.find((l) => l.includes('SK-4'))).toContain('2027-01-04 待核实');
    expect(lines.find((l) => l.includes('SK-5'))).not.toContain('待核实');
  });
});
