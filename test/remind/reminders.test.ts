// remind (SPEC §9) on the 2026 calendar: the window, the statuses, the time left,
// and --since, with real CSV bytes through the same engine as check. Run under
// several machine zones: nothing may depend on the zone the server runs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runCheck, runEngine } from '../../src/check.js';
import { builtinConfig } from '../../src/config/load.js';
import { dayNumber } from '../../src/ingest/local-time.js';
import { parseAsOf, parsePeriod } from '../../src/options.js';
import { SAMPLE, reminderBrief, remindFiles } from '../helpers.js';

const LOANS = '合同编号,客户姓名,放贷日期,录入日期,资料交付日期,清户日期,还款凭证提供日期,经办人\n';
const SWIPES = '刷卡单号,客户姓名,车架号,提车日期,提交日期,经办人\n';
const BUSINESS = '业务单号,客户姓名,车架号,交车日期,报送时间,销售顾问\n';
const REPORTS = '部门,报表名称,所属月份,提交时间\n';

describe.each(['Asia/Shanghai', 'UTC', 'Europe/Berlin'])('machine TZ=%s', (machineZone) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = machineZone;
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  describe('a window that spans National Day: as of Wed Sep 30, two workdays reach Fri Oct 9', () => {
    const loans =
      LOANS +
      [
        'DK-1,甲,2026-09-29,,,,,吴磊', // XD-01 due Oct 8 (Sep 30, Oct 8); XD-02 due Sep 30
        'DK-2,乙,2026-09-30,,,,,吴磊', // XD-01 due Oct 9; XD-02 due Oct 8
        'DK-3,丙,2026-09-28,2026-09-29,2026-09-29,2026-09-30,,吴磊', // XD-04 workdays 3 → Oct 8, 9, Sat Oct 10 (make-up): outside
        'DK-4,丁,2026-09-29,2026-09-29,2026-09-29 16:00,,,吴磊', // delivered: never a reminder
      ].join('\n');

    it('lists what falls due up to the end of Oct 9, soonest first, and not the make-up Saturday Oct 10', async () => {
      const { result, timeLeft } = await remindFiles({ '放贷记录.csv': loans }, { asOf: '2026-09-30T09:00', rules: ['XD-01', 'XD-02', 'XD-04'] });
      expect(result.window).toEqual({ from: '2026-08-01', to: '2026-10-09' });
      expect(result.findings.map((r) => reminderBrief(r, timeLeft))).toEqual([
        { ruleId: 'XD-02', status: 'dueSoon', key: 'DK-1', dueDate: '2026-09-30', dueTime: null, left: '今天内' },
        { ruleId: 'XD-01', status: 'dueSoon', key: 'DK-1', dueDate: '2026-10-08', dueTime: null, left: '还剩 1 个工作日' },
        { ruleId: 'XD-02', status: 'dueSoon', key: 'DK-2', dueDate: '2026-10-08', dueTime: null, left: '还剩 1 个工作日' },
        { ruleId: 'XD-01', status: 'dueSoon', key: 'DK-2', dueDate: '2026-10-09', dueTime: null, left: '还剩 2 个工作日' },
      ]);
      expect(result.summary.total).toEqual({ dueSoon: 4, overdue: 0 });
      expect(result.summary.byDepartment).toEqual([{ department: '消贷部', dueSoon: 4, overdue: 0 }]);
    });

    it('--within 3 reaches the make-up Saturday Oct 10', async () => {
      const { result, timeLeft } = await remindFiles({ '放贷记录.csv': loans }, { asOf: '2026-09-30T09:00', within: 3, rules: ['XD-04'] });
      expect(result.window.to).toBe('2026-10-10');
      expect(result.findings.map((r) => reminderBrief(r, timeLeft))).toEqual([
        { ruleId: 'XD-04', status: 'dueSoon', key: 'DK-3', dueDate: '2026-10-10', dueTime: null, left: '还剩 3 个工作日' },
      ]);
    });

    it('--within 0 keeps the as-of day only', async () => {
      const { result } = await remindFiles({ '放贷记录.csv': loans }, { asOf: '2026-09-30T09:00', within: 0, rules: ['XD-01', 'XD-02'] });
      expect(result.window.to).toBe('2026-09-30');
      expect(result.findings.map((r) => [r.ruleId, r.key, r.dueDate])).toEqual([['XD-02', 'DK-1', '2026-09-30']]);
    });

    it('says it in English with --lang en', async () => {
      const { result, timeLeft } = await remindFiles({ '放贷记录.csv': loans }, { asOf: '2026-09-30T09:00', rules: ['XD-01', 'XD-02'], lang: 'en' });
      expect(result.findings.map(timeLeft)).toEqual(['by end of today', '1 workday left', '1 workday left', '2 workdays left']);
      expect(result.findings[0]!.message).toBe('及时提供卡、存折及放贷信息: due 2026-09-30, not delivered yet');
    });
  });

  describe('KF-02a days: 1 that rolls from New Year (Jan 2, Jan 3) onto the make-up Sunday Jan 4', () => {
    const swipes = SWIPES + 'SK-1,张伟,LSV1,2026-01-02 10:00,,郑洁\n';
    it.each([
      ['2026-01-02T18:00', { status: 'dueSoon', left: '还剩 1 个工作日' }],
      ['2026-01-04T09:00', { status: 'dueSoon', left: '今天内' }],
      ['2026-01-05T09:00', { status: 'overdue', left: '已逾期 1 天', daysLate: 1, workdaysLate: 1 }],
    ])('as of %s', async (asOf, expected) => {
      const { result, timeLeft } = await remindFiles({ '刷卡单.csv': swipes }, { asOf, rules: ['KF-02a'] });
      expect(result.findings.map((r) => reminderBrief(r, timeLeft))).toEqual([
        { ruleId: 'KF-02a', key: 'SK-1', dueDate: '2026-01-04', dueTime: null, ...expected },
      ]);
    });
  });

  describe('a noon deadline on the as-of day: XS-08a, November deliveries due Tue Dec 1 12:00', () => {
    const business = BUSINESS + 'YW-1,王芳,LSV9,2026-11-20 10:00,,李雷\n';
    it.each([
      ['2026-12-01T09:00', { status: 'dueSoon', left: '今天 12:00 前' }],
      ['2026-12-01T12:00', { status: 'dueSoon', left: '今天 12:00 前' }], // due exactly now: not passed yet
      ['2026-12-01T12:01', { status: 'overdue', left: '已逾期（今天 12:00 截止）', daysLate: 0, workdaysLate: 0 }],
      ['2026-12-02T09:00', { status: 'overdue', left: '已逾期 1 天', daysLate: 1, workdaysLate: 1 }],
    ])('as of %s', async (asOf, expected) => {
      const { result, timeLeft } = await remindFiles({ '业务单.csv': business }, { asOf, rules: ['XS-08a'] });
      expect(result.findings.map((r) => reminderBrief(r, timeLeft))).toEqual([
        { ruleId: 'XS-08a', key: 'YW-1', dueDate: '2026-12-01', dueTime: '12:00', ...expected },
      ]);
      expect(result.findings[0]!.handler).toBe('李雷');
    });
  });

  describe('--since: overdue items still outstanding, whatever their period', () => {
    const swipes =
      SWIPES +
      [
        'SK-1,甲,V1,2026-09-28 10:00,,郑洁', // due Tue Sep 29
        'SK-2,乙,V2,2026-10-09 10:00,,孙浩', // due Sat Oct 10 (a make-up workday)
        'SK-3,丙,V3,2026-10-12 10:00,2026-10-14 09:00,孙浩', // delivered late: not a reminder
        'SK-4,丁,V4,2026-11-05 10:00,,孙浩', // due Nov 6: after as-of Nov 4, the event is in the future → rejected
      ].join('\n');
    it.each([
      [undefined, ['SK-2']],
      ['2026-09-01', ['SK-1', 'SK-2']],
      ['2026-10-11', []],
    ])('--since %s', async (since, keys) => {
      const { result } = await remindFiles({ '刷卡单.csv': swipes }, { asOf: '2026-11-04T09:00', since, rules: ['KF-02a'] });
      expect(result.findings.map((r) => r.key)).toEqual(keys);
      expect(result.window.from).toBe(since ?? '2026-10-01');
    });
    it('counts lateness as check does, and a row rejected for a future date is no reminder', async () => {
      const { result, timeLeft } = await remindFiles({ '刷卡单.csv': swipes }, { asOf: '2026-11-04T09:00', since: '2026-09-01', rules: ['KF-02a'] });
      expect(result.findings.map((r) => reminderBrief(r, timeLeft))).toEqual([
        // Workdays after Sep 29 to Nov 4: Sep 30, 18 in October (Oct 10 included), Nov 2–4.
        { ruleId: 'KF-02a', status: 'overdue', key: 'SK-1', dueDate: '2026-09-29', dueTime: null, left: '已逾期 36 天', daysLate: 36, workdaysLate: 22 },
        { ruleId: 'KF-02a', status: 'overdue', key: 'SK-2', dueDate: '2026-10-10', dueTime: null, left: '已逾期 25 天', daysLate: 25, workdaysLate: 18 },
      ]);
      expect(result.problems.map((p) => [p.line, p.field, p.code])).toEqual([[5, '提车日期', 'future-date']]);
      expect(result.findings[0]).toMatchObject({ line: 2, customer: '甲', handler: '郑洁', eventDate: '2026-09-28', submitted: null });
    });
  });

  describe('monthly report items (XD-08, BX-06 欠款报表 by the 5th), with and without log rows', () => {
    const reports = REPORTS + '消贷部,欠款报表,2026-09,2026-10-08 10:00\n';
    it('before the 5th: October’s reports are due soon; September’s missing one is overdue', async () => {
      const { result, timeLeft } = await remindFiles({ '报表报送.csv': reports }, { asOf: '2026-11-04T09:00', rules: ['XD-08', 'BX-06'] });
      expect(result.findings.map((r) => reminderBrief(r, timeLeft))).toEqual([
        { ruleId: 'XD-08', status: 'dueSoon', key: '消贷部/欠款报表/2026-10', dueDate: '2026-11-05', dueTime: null, left: '还剩 1 个工作日' },
        // Sep 5 → Sat, rolled past National Day to Thu Oct 8.
        { ruleId: 'BX-06', status: 'overdue', key: '保险部/欠款报表/2026-09', dueDate: '2026-10-08', dueTime: null, left: '已逾期 27 天', daysLate: 27, workdaysLate: 20 },
        { ruleId: 'BX-06', status: 'dueSoon', key: '保险部/欠款报表/2026-10', dueDate: '2026-11-05', dueTime: null, left: '还剩 1 个工作日' },
      ]);
      expect(result.findings[0]).toMatchObject({ file: null, line: null, customer: null, eventDate: null });
    });
    it('after the 5th: October’s are overdue, unless the log has them', async () => {
      const delivered = reports + '保险部,欠款报表（10月）,2026年10月,2026-11-05 16:00\n';
      const { result, timeLeft } = await remindFiles({ '报表报送.csv': delivered }, { asOf: '2026-11-06T09:00', rules: ['XD-08', 'BX-06'] });
      expect(result.findings.map((r) => reminderBrief(r, timeLeft))).toEqual([
        { ruleId: 'XD-08', status: 'overdue', key: '消贷部/欠款报表/2026-10', dueDate: '2026-11-05', dueTime: null, left: '已逾期 1 天', daysLate: 1, workdaysLate: 1 },
        { ruleId: 'BX-06', status: 'overdue', key: '保险部/欠款报表/2026-09', dueDate: '2026-10-08', dueTime: null, left: '已逾期 29 天', daysLate: 29, workdaysLate: 22 },
      ]);
      expect(result.findings[1]!.message).toBe('欠款报表（5号前）：2026-09 的报表应于 2026-10-08 前交，截至 2026-11-06 09:00 报送记录中没有');
    });
  });

  it('groups by department in the service list’s order, and --department keeps one', async () => {
    const files = {
      '刷卡单.csv': SWIPES + 'SK-1,甲,V1,2026-10-14 10:00,,郑洁\n',
      '放贷记录.csv': LOANS + 'DK-1,乙,2026-10-14,,2026-10-14,,,吴磊\n',
    };
    const all = await remindFiles(files, { asOf: '2026-10-15T09:00' });
    expect(all.result.findings.map((r) => [r.department, r.ruleId, r.dueDate])).toEqual([
      ['消贷部', 'XD-01', '2026-10-16'],
      ['客服部', 'KF-02a', '2026-10-15'],
    ]);
    const one = await remindFiles(files, { asOf: '2026-10-15T09:00', departments: ['客服部'] });
    expect(one.result.findings.map((r) => r.ruleId)).toEqual(['KF-02a']);
    expect(one.result.summary.byDepartment).toEqual([{ department: '客服部', dueSoon: 1, overdue: 0 }]);
  });

  it('asking the engine for outstanding items leaves the check result as it was', async () => {
    const config = builtinConfig();
    const asOf = parseAsOf('2026-11-06T09:00', config.timezone, 'zh');
    const inputs = readdirSync(SAMPLE).map((name) => ({ file: path.join(SAMPLE, name) }));
    const base = { inputs, config, asOf, period: parsePeriod(undefined, asOf, 'zh'), lang: 'zh' as const };
    const plain = await runCheck(base);
    const asked = await runEngine({ ...base, outstanding: { from: dayNumber(2026, 9, 1), to: dayNumber(2026, 11, 10) } });
    expect(asked.result).toEqual(plain);
    expect(asked.outstanding.length).toBeGreaterThan(0);
  });
});
