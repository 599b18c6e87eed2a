// The trend formats on a hand-built trend whose names come from hostile exports:
// nothing may turn into markup, a formula or a broken table.
import { describe, expect, it } from 'vitest';
import type { History } from '../../src/history/months.js';
import { departmentTrend, type TrendResult } from '../../src/history/trend.js';
import { departmentTrendHtml, departmentTrendText } from '../../src/report/trend/blocks.js';
import { TREND_FORMATS } from '../../src/report/trend/index.js';

const month = (period: string, due: number, onTime: number, late: number, overdue: number, onTimeRate: number | null, change: number | null) => ({ period, due, onTime, late, overdue, onTimeRate, change });

const hostile: TrendResult = {
  schemaVersion: 1,
  kind: 'trend',
  months: ['2026-09', '2026-10'],
  departments: [{ department: '=1+1|<b>客服</b>', months: [month('2026-09', 2, 1, 1, 0, 0.5, null), month('2026-10', 2, 2, 0, 0, 1, 50)] }],
  total: { months: [month('2026-09', 2, 1, 1, 0, 0.5, null), month('2026-10', 2, 2, 0, 0, 1, 50)] },
  repeatHandlers: [{ handler: '<script>alert(1)</script>', department: '=1+1|<b>客服</b>', months: { '2026-08': 1, '2026-09': 1, '2026-10': 0 } }],
  warnings: [{ code: 'history-set-unreadable', message: 'The report set <x>|2026-08 cannot be read' }],
};

const render = (format: keyof typeof TREND_FORMATS) => [...TREND_FORMATS[format](hostile, { lang: 'en', color: false })].join('');

describe('trend formats with hostile names', () => {
  it('html escapes every value', () => {
    const html = render('html');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>客服');
    expect(html).toContain('=1+1|&lt;b&gt;客服&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('The report set &lt;x&gt;|2026-08 cannot be read');
  });

  it('csv guards formulas in names, quotes nothing it need not', () => {
    expect(render('csv').split('\r\n')[1]).toBe("'=1+1|<b>客服</b>,2026-09,2,1,1,0,50.0%,—");
  });

  it('markdown escapes what would break a table or become markup', () => {
    const md = render('markdown');
    expect(md).toContain('## =1+1\\|\\<b\\>客服\\</b\\> `▅█`');
    expect(md).toContain('| \\<script\\>alert(1)\\</script\\> | =1+1\\|\\<b\\>客服\\</b\\> | 1 | 1 | 0 | 2 |');
    expect(md).toContain('> The report set \\<x\\>\\|2026-08 cannot be read');
  });
});

describe('the department history block for the mails', () => {
  // Lined-up months as readHistory hands them over: a set for August and October, September missing.
  const counts = (due: number, onTime: number, late: number, overdue: number) => ({ due, onTime, late, overdue, onTimeRate: due ? Math.round((onTime / due) * 10000) / 10000 : null });
  const history: History = {
    months: ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'],
    sets: new Map([
      ['2026-08', { period: '2026-08', total: counts(4, 3, 1, 0), byDepartment: new Map([['客服部', counts(4, 3, 1, 0)]]), lateByHandler: new Map() }],
      ['2026-10', { period: '2026-10', total: counts(3, 1, 1, 1), byDepartment: new Map([['客服部', counts(3, 1, 1, 1)]]), lateByHandler: new Map() }],
    ]),
    warnings: [],
    notes: [],
  };

  it('departmentTrend gives the last six months, — where there is no set', () => {
    const t = departmentTrend(history, '客服部', 6);
    expect(t.months.map((m) => [m.period, m.due, m.onTimeRate, m.change])).toEqual([
      ['2026-05', null, null, null], ['2026-06', null, null, null], ['2026-07', null, null, null],
      ['2026-08', 4, 0.75, null], ['2026-09', null, null, null], ['2026-10', 3, 0.3333, null],
    ]);
  });

  it('as plain text for the text part of a mail', () => {
    expect(departmentTrendText(departmentTrend(history, '客服部', 6), 'zh')).toBe(
      [
        '客服部  ···▆·▃  最好 2026-08 75.0% · 最差 2026-10 33.3%',
        '  月份     应交  按时  迟交  逾期未交  按时率  变化(百分点)',
        '  2026-05     —     —     —         —       —             —',
        '  2026-06     —     —     —         —       —             —',
        '  2026-07     —     —     —         —       —             —',
        '  2026-08     4     3     1         0   75.0%             —  最好',
        '  2026-09     —     —     —         —       —             —',
        '  2026-10     3     1     1         1   33.3%             —  最差',
        '',
      ].join('\n'),
    );
  });

  it('as mail-safe HTML: months as rows, bars of table cells', () => {
    const html = departmentTrendHtml(departmentTrend(history, '客服部', 6), 'en');
    expect(html).not.toMatch(/<script|<style|<svg|<img/i);
    expect(html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ')).toBe(
      ' 客服部 Month Due On time Late Overdue On-time rate Change (pp) 2026-05 — — — — — — 2026-06 — — — — — — 2026-07 — — — — — — ' +
        '2026-08 4 3 1 0 75.0% best — 2026-09 — — — — — — 2026-10 3 1 1 1 33.3% worst — ',
    );
    expect(html).toContain('<td width="75%" bgcolor="#e67e22"');
  });
});
