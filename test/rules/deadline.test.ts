import { describe, expect, it } from 'vitest';
import { brief, checkFiles } from '../helpers.js';

const SWIPES = '刷卡单号,客户姓名,车架号,提车日期,提交日期,经办人\n';

describe('deadline: KF-02a 刷卡单 the day after pickup (days: 1, rolled)', () => {
  it.each([
    ['2026-10-09 10:30', '2026-10-10 09:00', null], // due Sat Oct 10, a worked day
    ['2026-09-30 15:00', '2026-10-08 09:10', null], // due rolled past National Day
    ['2026-10-16 09:00', '2026-10-19 09:30', null], // due Sat Oct 17 → Mon Oct 19
    ['2026-10-09 16:00', '2026-10-12 09:00', { status: 'late', dueDate: '2026-10-10', submitted: '2026-10-12T09:00', daysLate: 2, workdaysLate: 1 }],
    ['2026-10-15 14:00', '2026-10-19', { status: 'late', dueDate: '2026-10-16', submitted: '2026-10-19', daysLate: 3, workdaysLate: 1 }],
    ['2026-10-22 11:00', '', { status: 'overdue', dueDate: '2026-10-23', submitted: null, daysLate: 14, workdaysLate: 10 }],
  ])('picked up %s, delivered %s', async (pickup, delivered, expected) => {
    const result = await checkFiles({ '刷卡单.csv': SWIPES + `SK-1,张伟,LSV1,${pickup},${delivered},郑洁\n` }, { rules: ['KF-02a'] });
    expect(result.findings.map(brief)).toEqual(
      expected === null ? [] : [{ ruleId: 'KF-02a', key: 'SK-1', line: 2, dueTime: null, ...expected }],
    );
    expect(result.summary.total).toMatchObject(expected === null ? { due: 1, onTime: 1 } : { due: 1, onTime: 0 });
  });
});

describe('period: a deadline item belongs to the month of its due date', () => {
  const rows = SWIPES + ['SK-1,甲,V1,2026-09-29 10:00,,x', 'SK-2,乙,V2,2026-09-30 10:00,,x', 'SK-3,丙,V3,2026-10-30 10:00,,x', 'SK-4,丁,V4,2026-10-29 10:00,,x'].join('\n');
  it('due Oct 30 (last workday of October) is October’s; due Nov 2 is November’s', async () => {
    const october = await checkFiles({ '刷卡单.csv': rows }, { rules: ['KF-02a'], period: '2026-10' });
    // SK-1 due Sep 30 (September); SK-2 due Oct 8; SK-4 due Oct 30; SK-3 due Sat Oct 31 → Mon Nov 2.
    expect(october.findings.map((f) => [f.key, f.dueDate])).toEqual([
      ['SK-2', '2026-10-08'],
      ['SK-4', '2026-10-30'],
    ]);
    const november = await checkFiles({ '刷卡单.csv': rows }, { rules: ['KF-02a'], period: '2026-11' });
    expect(november.findings.map((f) => [f.key, f.dueDate])).toEqual([['SK-3', '2026-11-02']]);
  });
});

describe('deadline with a monthly due: XS-08a 业务单 by 12:00 on the 1st', () => {
  const BUSINESS = '业务单号,客户姓名,车架号,交车日期,报送时间\n';
  it.each([
    ['2026-09-28 10:00', '2026-10-08 11:30', null],
    ['2026-09-30 11:00', '2026-10-08', null], // date only on the due date: benefit of the doubt
    ['2026-09-29 15:00', '2026-10-08 15:10', { status: 'late', submitted: '2026-10-08T15:10', daysLate: 0, workdaysLate: 0 }],
    ['2026-09-15 09:00', '2026-10-09 09:00', { status: 'late', submitted: '2026-10-09T09:00', daysLate: 1, workdaysLate: 1 }],
  ])('delivered %s, reported %s', async (delivery, reported, expected) => {
    const result = await checkFiles({ '业务单.csv': BUSINESS + `YW-1,张伟,LSV1,${delivery},${reported}\n` }, { rules: ['XS-08a'] });
    expect(result.findings.map(brief)).toEqual(
      expected === null ? [] : [{ ruleId: 'XS-08a', key: 'YW-1', line: 2, dueDate: '2026-10-08', dueTime: '12:00', ...expected }],
    );
  });
});

describe('deadline with when: XD-04 only for cleared accounts, KF-01 only for its categories', () => {
  it('XD-04 skips rows without 清户日期 and judges the others (workdays: 3)', async () => {
    const loans = '合同编号,客户姓名,放贷日期,清户日期,还款凭证提供日期\nDK-1,甲,2026-10-08,,\nDK-2,乙,2026-10-08,2026-10-20,2026-10-30\nDK-3,丙,2026-10-08,2026-10-26,2026-10-29\n';
    const result = await checkFiles({ '放贷记录.csv': loans }, { rules: ['XD-04'] });
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'XD-04', status: 'late', key: 'DK-2', line: 3, dueDate: '2026-10-23', dueTime: null, submitted: '2026-10-30', daysLate: 7, workdaysLate: 5 },
    ]);
    expect(result.summary.total).toMatchObject({ due: 2, onTime: 1, late: 1 });
  });

  it('KF-01 applies to 客服部 入户/过户/抵押 only; XS-08b and RS-02 to their departments', async () => {
    const expenses = [
      '报销单号,部门,费用类别,发生日期,报销日期',
      'E1,客服部,过户费,2026-10-09,2026-10-19', // KF-01 due Oct 16: late 3 days
      'E2,客服部,办公用品,2026-10-09,2026-10-30', // not a KF-01 category
      'E3,销售部,过户费,2026-10-09,2026-10-30', // not 客服部 (and XS-08b is due in November)
      'E4,人事部,水电费,2026-10-20,2026-10-29', // RS-02 due Oct 27: late 2 days
    ].join('\n');
    const result = await checkFiles({ '费用报销.csv': expenses }, { rules: ['KF-01', 'RS-02', 'XS-08b'] });
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'KF-01', status: 'late', key: 'E1', line: 2, dueDate: '2026-10-16', dueTime: null, submitted: '2026-10-19', daysLate: 3, workdaysLate: 1 },
      { ruleId: 'RS-02', status: 'late', key: 'E4', line: 5, dueDate: '2026-10-27', dueTime: null, submitted: '2026-10-29', daysLate: 2, workdaysLate: 2 },
    ]);
  });
});

describe('sameDay: KF-03a/b storage on the day of return, never rolled', () => {
  it('a Saturday return is due that Saturday', async () => {
    const storage = '车架号,提回日期,车辆入库日期,手续入库日期\nV1,2026-10-17,2026-10-19,2026-10-17 20:00\nV2,2026-10-12,2026-10-12,\n';
    const result = await checkFiles({ '车辆入库.csv': storage }, { rules: ['KF-03a', 'KF-03b'] });
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'KF-03b', status: 'overdue', key: 'V2', line: 3, dueDate: '2026-10-12', dueTime: null, submitted: null, daysLate: 25, workdaysLate: 19 },
      { ruleId: 'KF-03a', status: 'late', key: 'V1', line: 2, dueDate: '2026-10-17', dueTime: null, submitted: '2026-10-19', daysLate: 2, workdaysLate: 1 },
    ]);
  });
});

describe('a mid-month run: items not yet due are pending, counted but not listed', () => {
  it('RS-05 notice due today is pending at 09:00', async () => {
    const enrol = '工号,姓名,参保日期,通知财务日期\nE1,甲,2026-11-05,\nE2,乙,2026-11-02,\n';
    const result = await checkFiles({ '员工参保.csv': enrol }, { rules: ['RS-05'], period: '2026-11', asOf: '2026-11-06T09:00' });
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'RS-05', status: 'overdue', key: 'E2', line: 3, dueDate: '2026-11-03', dueTime: null, submitted: null, daysLate: 3, workdaysLate: 3 },
    ]);
    expect(result.summary.byDepartment).toEqual([
      { department: '人事部', due: 1, onTime: 0, late: 0, overdue: 1, pending: 1, extended: 0, waived: 0, otherFindings: 0, onTimeRate: 0, notJudged: 0 },
    ]);
  });
});

describe('an optional column absent from the file: not checked, with the reason', () => {
  it('XD-07 without 公证费报送日期', async () => {
    const result = await checkFiles({ '放贷记录.csv': '合同编号,客户姓名,放贷日期\nDK-1,甲,2026-10-08\n' }, { rules: ['XD-07'] });
    expect(result.notChecked).toEqual([{ ruleId: 'XD-07', reason: 'column 公证费报送日期 not in 放贷记录.csv' }]);
    expect(result.findings).toEqual([]);
  });
});
