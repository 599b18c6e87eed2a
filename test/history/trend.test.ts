// SPEC §10 on report sets written by the real `check --report` (test/history/months.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/read.js';
import { buildTrend, type TrendResult } from '../../src/history/trend.js';
import { TREND_FORMATS } from '../../src/report/trend/index.js';
import { tempDir } from '../helpers.js';
import { checkMonth, MONTHS, summaryOf, writeMonths } from './months.js';

async function trendOf(dir: string, months = 12, departments?: string[]) {
  const history = await readHistory(dir, { months: Math.max(months + 1, 3), lang: 'en' });
  return { history, trend: buildTrend(history, { months, departments }) };
}

const render = (format: keyof typeof TREND_FORMATS, trend: TrendResult, lang: 'zh' | 'en' = 'zh') => [...TREND_FORMATS[format](trend, { lang, color: false })].join('');

describe('three months in a row', () => {
  let dir: string;
  let trend: TrendResult;
  beforeAll(async () => {
    dir = await writeMonths(['2026-06', '2026-07', '2026-08']);
    ({ trend } = await trendOf(dir));
  });

  it('shows each month exactly as its summary.json has it, with the change in percentage points', () => {
    expect(trend.months).toEqual(['2026-06', '2026-07', '2026-08']);
    expect(trend.departments.map((d) => d.department)).toEqual(['客服部', '人事部']);
    expect(trend.departments[0]!.months).toEqual([
      { period: '2026-06', due: 4, onTime: 3, late: 1, overdue: 0, onTimeRate: 0.75, change: null, extended: 0, waived: 0 },
      { period: '2026-07', due: 5, onTime: 2, late: 2, overdue: 1, onTimeRate: 0.4, change: -35, extended: 0, waived: 0 },
      { period: '2026-08', due: 4, onTime: 4, late: 0, overdue: 0, onTimeRate: 1, change: 60, extended: 0, waived: 0 },
    ]);
    expect(trend.departments[1]!.months.map((m) => [m.due, m.onTime, m.late, m.overdue, m.onTimeRate, m.change])).toEqual([
      [3, 1, 2, 0, 0.3333, null],
      [3, 2, 1, 0, 0.6667, 33.34],
      [2, 1, 0, 1, 0.5, -16.67],
    ]);
    expect(trend.total.months.map((m) => [m.due, m.onTime, m.late, m.overdue, m.onTimeRate, m.change])).toEqual([
      [7, 4, 3, 0, 0.5714, null],
      [8, 4, 3, 1, 0.5, -7.14],
      [6, 5, 0, 1, 0.8333, 33.33],
    ]);
    // Re-read, never re-judged: the same numbers as each month's own summary.
    for (const m of trend.months) {
      const s = summaryOf(dir, m) as { summary: { total: Record<string, unknown>; byDepartment: Record<string, unknown>[] } };
      const t = trend.total.months.find((x) => x.period === m)!;
      expect([t.due, t.onTime, t.late, t.overdue, t.onTimeRate]).toEqual([s.summary.total.due, s.summary.total.onTime, s.summary.total.late, s.summary.total.overdue, s.summary.total.onTimeRate]);
    }
    expect(trend.warnings).toEqual([]);
  });

  it('lists handlers late in 2 of the last 3 months, worst first, one line per handler and department', () => {
    // 王芳 (客服部) was late in July only: 1 of 3, not listed.
    expect(trend.repeatHandlers).toEqual([
      { handler: '李娜', department: '客服部', months: { '2026-06': 1, '2026-07': 2, '2026-08': 0 } },
      { handler: '李娜', department: '人事部', months: { '2026-06': 1, '2026-07': 0, '2026-08': 1 } },
      { handler: '赵敏', department: '人事部', months: { '2026-06': 1, '2026-07': 1, '2026-08': 0 } },
    ]);
  });

  it('--months 1 still shows the change from the month before; --department keeps only that department', async () => {
    const { trend: one } = await trendOf(dir, 1, ['人事部']);
    expect(one.months).toEqual(['2026-08']);
    expect(one.departments).toEqual([{ department: '人事部', months: [{ period: '2026-08', due: 2, onTime: 1, late: 0, overdue: 1, onTimeRate: 0.5, change: -16.67, extended: 0, waived: 0 }] }]);
    expect(one.total.months.map((m) => m.change)).toEqual([33.33]);
    expect(one.repeatHandlers.map((h) => `${h.handler}/${h.department}`)).toEqual(['李娜/人事部', '赵敏/人事部']);
  });

  it('table: a row of bars per department, best and worst month marked', () => {
    expect(render('table', trend)).toBe(
      [
        '按时率趋势 · 2026-06 – 2026-08（3 个月）',
        '',
        '客服部  ▆▄█  最好 2026-08 100.0% · 最差 2026-07 40.0%',
        '  月份     应交  按时  迟交  逾期未交  按时率  变化(百分点)',
        '  2026-06     4     3     1         0   75.0%             —',
        '  2026-07     5     2     2         1   40.0%         -35.0  最差',
        '  2026-08     4     4     0         0  100.0%         +60.0  最好',
        '',
        '人事部  ▃▆▅  最好 2026-07 66.7% · 最差 2026-06 33.3%',
        '  月份     应交  按时  迟交  逾期未交  按时率  变化(百分点)',
        '  2026-06     3     1     2         0   33.3%             —  最差',
        '  2026-07     3     2     1         0   66.7%         +33.3  最好',
        '  2026-08     2     1     0         1   50.0%         -16.7',
        '',
        '合计  ▅▅▇  最好 2026-08 83.3% · 最差 2026-07 50.0%',
        '  月份     应交  按时  迟交  逾期未交  按时率  变化(百分点)',
        '  2026-06     7     4     3         0   57.1%             —',
        '  2026-07     8     4     3         1   50.0%          -7.1  最差',
        '  2026-08     6     5     0         1   83.3%         +33.3  最好',
        '',
        '多次迟交的经办人：最近 3 个月中至少 2 个月有迟交或逾期未交的事项（每月件数）',
        '  经办人  部门    2026-06  2026-07  2026-08  合计',
        '  李娜    客服部        1        2        0     3',
        '  李娜    人事部        1        0        1     2',
        '  赵敏    人事部        1        1        0     2',
        '',
      ].join('\n'),
    );
  });

  it('table in colour: the best bar green, the worst red, late amber, overdue red', () => {
    const text = [...TREND_FORMATS.table(trend, { lang: 'zh', color: true })].join('');
    expect(text).toContain('客服部\x1b[22m  ▆\x1b[31m▄\x1b[39m\x1b[32m█\x1b[39m');
    expect(text).toContain('\x1b[33m2\x1b[39m');
    expect(text).toContain('\x1b[31m1\x1b[39m');
  });

  it('markdown: the same tables, for a mail body', () => {
    expect(render('markdown', trend, 'en')).toBe(
      [
        '# On-time trend · 2026-06 – 2026-08 (3 months)',
        '',
        '## 客服部 `▆▄█`',
        '',
        '| Month | Due | On time | Late | Overdue | On-time rate | Change (pp) |  |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        '| 2026-06 | 4 | 3 | 1 | 0 | 75.0% | — |  |',
        '| 2026-07 | 5 | 2 | 2 | 1 | 40.0% | -35.0 | worst |',
        '| 2026-08 | 4 | 4 | 0 | 0 | 100.0% | +60.0 | best |',
        '',
        '## 人事部 `▃▆▅`',
        '',
        '| Month | Due | On time | Late | Overdue | On-time rate | Change (pp) |  |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        '| 2026-06 | 3 | 1 | 2 | 0 | 33.3% | — | worst |',
        '| 2026-07 | 3 | 2 | 1 | 0 | 66.7% | +33.3 | best |',
        '| 2026-08 | 2 | 1 | 0 | 1 | 50.0% | -16.7 |  |',
        '',
        '## Total `▅▅▇`',
        '',
        '| Month | Due | On time | Late | Overdue | On-time rate | Change (pp) |  |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
        '| 2026-06 | 7 | 4 | 3 | 0 | 57.1% | — |  |',
        '| 2026-07 | 8 | 4 | 3 | 1 | 50.0% | -7.1 | worst |',
        '| 2026-08 | 6 | 5 | 0 | 1 | 83.3% | +33.3 | best |',
        '',
        '## Repeat late handlers',
        '',
        'late or overdue items in at least 2 of the last 3 months (items per month)',
        '',
        '| Handler | Department | 2026-06 | 2026-07 | 2026-08 | Total |',
        '| --- | --- | ---: | ---: | ---: | ---: |',
        '| 李娜 | 客服部 | 1 | 2 | 0 | 3 |',
        '| 李娜 | 人事部 | 1 | 0 | 1 | 2 |',
        '| 赵敏 | 人事部 | 1 | 1 | 0 | 2 |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('csv: one row per department and month, BOM, CRLF, changes as numbers', () => {
    expect(render('csv', trend)).toBe(
      '\uFEFF部门,月份,应交,按时,迟交,逾期未交,按时率,变化(百分点)\r\n' +
        '客服部,2026-06,4,3,1,0,75.0%,—\r\n' +
        '客服部,2026-07,5,2,2,1,40.0%,-35.0\r\n' +
        '客服部,2026-08,4,4,0,0,100.0%,60.0\r\n' +
        '人事部,2026-06,3,1,2,0,33.3%,—\r\n' +
        '人事部,2026-07,3,2,1,0,66.7%,33.3\r\n' +
        '人事部,2026-08,2,1,0,1,50.0%,-16.7\r\n' +
        '合计,2026-06,7,4,3,0,57.1%,—\r\n' +
        '合计,2026-07,8,4,3,1,50.0%,-7.1\r\n' +
        '合计,2026-08,6,5,0,1,83.3%,33.3\r\n',
    );
  });

  it('html: table-cell bars, inline styles only, nothing a mail client strips', async () => {
    const html = render('html', trend);
    expect(html).not.toMatch(/<script|<style|<svg|<img|<link|url\(/i);
    expect(html).toContain('<td width="40%" bgcolor="#c0392b"');
    expect(html).toContain('<b>40.0%</b> <span style="color:#c0392b;font-weight:bold;">最差</span>');
    await expect(html).toMatchFileSnapshot('__snapshots__/trend.html');
  });

  it('check --report puts each department\'s last months beside this one on the report page', () => {
    const page = readFileSync(path.join(dir, '2026-08', 'summary.html'), 'utf8');
    const block = page.slice(page.indexOf('近六个月按时率'), page.indexOf('迟交和逾期未交'));
    const text = block.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('部门 6月 7月 8月 客服部 75.0% 40.0% 100.0% 人事部 33.3% 66.7% 50.0% 合计 57.1% 50.0% 83.3%');
    // The first month has nothing to compare with: no block.
    expect(readFileSync(path.join(dir, '2026-06', 'summary.html'), 'utf8')).not.toContain('近六个月按时率');
  });

  it('a rerun of a month shows its new numbers beside the old months, not the set it replaces', async () => {
    const again = tempDir('isla-trend-rerun-');
    await writeMonths(['2026-06', '2026-07'], again);
    await checkMonth(again, '2026-07', [{ dept: '客服部', outcome: 'onTime', handler: '陈晨' }]);
    const text = readFileSync(path.join(again, '2026-07', 'summary.html'), 'utf8').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('客服部 75.0% 100.0% 人事部 33.3% — 合计 57.1% 100.0%');
  });
});

describe('gaps, broken sets and date-range sets', () => {
  let dir: string;
  let trend: TrendResult;
  let notes: { code: string; message: string }[];
  let checkErr: string[];
  beforeAll(async () => {
    dir = await writeMonths(['2026-06', '2026-08']);
    // A range report (2026-07-01..2026-07-15) is not a month: skipped with a note.
    await checkMonth(dir, '2026-07', MONTHS['2026-07']!, '2026-07-01..2026-07-15');
    // Real sets made unusable: cut short, and one from a future schema.
    await checkMonth(dir, '2026-05', MONTHS['2026-06']!);
    writeFileSync(path.join(dir, '2026-05', 'summary.json'), readFileSync(path.join(dir, '2026-05', 'summary.json'), 'utf8').slice(0, 200));
    await checkMonth(dir, '2026-04', MONTHS['2026-06']!);
    const v2 = summaryOf(dir, '2026-04');
    writeFileSync(path.join(dir, '2026-04', 'summary.json'), JSON.stringify({ ...v2, schemaVersion: 2 }));
    mkdirSync(path.join(dir, '2026-03')); // a folder without its summary.json
    mkdirSync(path.join(dir, '.2026-09.tmp-1234')); // another run's temporary folder: not a report set
    mkdirSync(path.join(dir, 'archive'));
    const read = await trendOf(dir);
    trend = read.trend;
    notes = read.history.notes;
    // check --report reads the same history: it warns of the broken sets too.
    checkErr = await checkMonth(dir, '2026-08', MONTHS['2026-08']!);
  });

  it('a month with no usable set shows —, and the change after a gap is null', () => {
    expect(trend.months).toEqual(['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08']);
    expect(trend.total.months).toEqual([
      { period: '2026-03', due: null, onTime: null, late: null, overdue: null, onTimeRate: null, change: null },
      { period: '2026-04', due: null, onTime: null, late: null, overdue: null, onTimeRate: null, change: null },
      { period: '2026-05', due: null, onTime: null, late: null, overdue: null, onTimeRate: null, change: null },
      { period: '2026-06', due: 7, onTime: 4, late: 3, overdue: 0, onTimeRate: 0.5714, change: null, extended: 0, waived: 0 },
      { period: '2026-07', due: null, onTime: null, late: null, overdue: null, onTimeRate: null, change: null },
      { period: '2026-08', due: 6, onTime: 5, late: 0, overdue: 1, onTimeRate: 0.8333, change: null, extended: 0, waived: 0 },
    ]);
  });

  it('each unusable set is a warning naming its folder; the range set a note', () => {
    expect(trend.warnings.map((w) => w.code)).toEqual(['history-set-unreadable', 'history-set-schema-version', 'history-set-not-json']);
    expect(trend.warnings[0]!.message).toBe(`The report set ${path.join(dir, '2026-03')} cannot be read (ENOENT); that month shows —: write it again with isla check --report.`);
    expect(trend.warnings[1]!.message).toBe(`The report set ${path.join(dir, '2026-04')} has schemaVersion 2, and this version reads 1 only; that month shows —: write it again with this version's isla check --report.`);
    expect(trend.warnings[2]!.message).toContain(`The report set ${path.join(dir, '2026-05')} has a summary.json that is not valid JSON (`);
    expect(notes).toEqual([{ code: 'history-range-skipped', message: `Skipped ${path.join(dir, '2026-07-01..2026-07-15')}: a report for a date range; the trend compares whole months only.` }]);
    expect(checkErr.filter((l) => l.includes('2026-05') || l.includes('2026-04'))).toHaveLength(2);
    // A range period has no months to line up with: its page has no history block.
    expect(readFileSync(path.join(dir, '2026-07-01..2026-07-15', 'summary.html'), 'utf8')).not.toContain('近六个月按时率');
    expect(readFileSync(path.join(dir, '2026-08', 'summary.html'), 'utf8')).toContain('近六个月按时率');
  });

  it('repeat handlers count a month without a set as null, not as a month late', () => {
    // 李娜 (客服部): June only (July has no set) — 1 of 3, not listed.
    expect(trend.repeatHandlers).toEqual([{ handler: '李娜', department: '人事部', months: { '2026-06': 1, '2026-07': null, '2026-08': 1 } }]);
  });

  it('json: SPEC §10 exactly', () => {
    const json = JSON.parse(render('json', trend));
    expect(Object.keys(json)).toEqual(['schemaVersion', 'kind', 'months', 'departments', 'total', 'repeatHandlers', 'warnings']);
    expect(json.schemaVersion).toBe(1);
    expect(json.kind).toBe('trend');
    expect(json.departments[0].months[3]).toEqual({ period: '2026-06', due: 4, onTime: 3, late: 1, overdue: 0, onTimeRate: 0.75, change: null, extended: 0, waived: 0 });
    expect(json.repeatHandlers[0].months).toEqual({ '2026-06': 1, '2026-07': null, '2026-08': 1 });
    expect(json.warnings.map((w: { code: string }) => w.code)).toEqual(['history-set-unreadable', 'history-set-schema-version', 'history-set-not-json']);
  });

  it('table: — for the missing months, the warnings at the end', () => {
    const text = render('table', trend);
    expect(text).toContain('合计  ···▅·▇  最好 2026-08 83.3% · 最差 2026-06 57.1%\n');
    expect(text).toContain('  2026-07     —     —     —         —       —             —\n');
    expect(text).toContain('  2026-08     6     5     0         1   83.3%             —  最好\n');
    expect(text).toContain('\n提示\n  The report set ');
  });
});

describe('SPEC §13 counts, when the summaries carry them', () => {
  it('extended and waived are shown per month once approvals counted in the view', async () => {
    const dir = await writeMonths(['2026-07', '2026-08']);
    // Until the waivers log exists, check writes no extended/waived: add them to a real set.
    const s = summaryOf(dir, '2026-08') as { summary: { total: Record<string, number>; byDepartment: Record<string, number>[] } };
    Object.assign(s.summary.total, { extended: 2, waived: 1 });
    for (const d of s.summary.byDepartment) Object.assign(d, { extended: 1, waived: 0 });
    s.summary.byDepartment[1]!.waived = 1;
    writeFileSync(path.join(dir, '2026-08', 'summary.json'), JSON.stringify(s));
    const { trend } = await trendOf(dir);
    expect(trend.total.months.map((m) => [m.extended, m.waived])).toEqual([[0, 0], [2, 1]]);
    expect(render('csv', trend).split('\r\n').slice(0, 3)).toEqual([
      '\uFEFF部门,月份,应交,按时,迟交,逾期未交,按时率,变化(百分点),延期,豁免',
      '客服部,2026-07,5,2,2,1,40.0%,—,0,0',
      '客服部,2026-08,4,4,0,0,100.0%,60.0,1,0',
    ]);
    expect(render('table', trend)).toContain(
      '合计  ▅▇  最好 2026-08 83.3% · 最差 2026-07 50.0%\n' +
        '  月份     应交  按时  迟交  逾期未交  按时率  变化(百分点)  延期  豁免\n' +
        '  2026-07     8     4     3         1   50.0%             —     0     0  最差\n' +
        '  2026-08     6     5     0         1   83.3%         +33.3     2     1  最好\n',
    );
  });
});

describe('the department mails\' history block', () => {
  it('holds that department and the company total, nothing of another department', async () => {
    const { reportHistory, departmentHistoryHtml, departmentHistoryText } = await import('../../src/commands/report-history.js');
    const dir = await writeMonths(['2026-06', '2026-07', '2026-08']);
    const result = summaryOf(dir, '2026-08') as unknown as Parameters<typeof reportHistory>[1];
    const history = await reportHistory(dir, result, 'zh');
    const html = departmentHistoryHtml(history, '人事部', '2026-08', 'zh')!;
    const text = html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('部门 6月 7月 8月 人事部 33.3% 66.7% 50.0% 合计 57.1% 50.0% 83.3%');
    expect(text).not.toContain('客服部');
    expect(departmentHistoryText(history, '人事部', '2026-08', 'zh')).toBe(
      '人事部  ▃▆▅  最好 2026-07 66.7% · 最差 2026-06 33.3%\n' +
        '  月份     应交  按时  迟交  逾期未交  按时率  变化(百分点)\n' +
        '  2026-06     3     1     2         0   33.3%             —  最差\n' +
        '  2026-07     3     2     1         0   66.7%         +33.3  最好\n' +
        '  2026-08     2     1     0         1   50.0%         -16.7\n',
    );
    // The first month of a history has nothing beside it.
    const first = await reportHistory(dir, summaryOf(dir, '2026-06') as unknown as Parameters<typeof reportHistory>[1], 'zh');
    expect(departmentHistoryHtml(first, '人事部', '2026-06', 'zh')).toBeNull();
  });
});
