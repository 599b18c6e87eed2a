// Finance's approved extensions and waivers (SPEC §13): real CSV bytes in, the
// exact verdicts, counts and audit trail out, on the 2026 calendar.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brief, checkFiles, remindFiles } from './helpers.js';

const SWIPES = '刷卡单号,客户姓名,车架号,提车日期,提交日期,经办人\n';
const LOG = '规则,单号,延期至,豁免,批准人,批准日期,原因\n';
const LOG_FILE = '延期豁免登记.csv';

/** The parts of an approved item a test asserts. */
const trail = (a: { ruleId: string | null; key: string; status: string; waiver: { kind: string; until: string | null; retroactive: boolean; line: number } }) => ({
  ruleId: a.ruleId,
  key: a.key,
  status: a.status,
  kind: a.waiver.kind,
  until: a.waiver.until,
  retroactive: a.waiver.retroactive,
  line: a.waiver.line,
});

describe('an extension: judged against the later of the due and 延期至', () => {
  // SK-1 picked up Fri Oct 9 16:00: due Sat Oct 10 (a make-up workday), delivered Mon Oct 12.
  const late = SWIPES + 'SK-1,周杰,LSV1,2026-10-09 16:00,2026-10-12 09:00,孙浩\n';

  it('turns a late 刷卡单 on time, counted as extended and on time', async () => {
    const result = await checkFiles({ '刷卡单.csv': late, [LOG_FILE]: LOG + 'KF-02a,SK-1,2026-10-12,,王经理,2026-10-09,银行POS系统故障\n' }, { rules: ['KF-02a'] });
    expect(result.findings).toEqual([]);
    expect(result.approved).toEqual([
      {
        ruleId: 'KF-02a', department: '客服部', dataset: 'swipes', status: 'onTime', severity: 'error',
        key: 'SK-1', customer: '周杰', handler: '孙浩', file: path.join(result.dir, '刷卡单.csv'), line: 2,
        eventDate: '2026-10-09', dueDate: '2026-10-10', dueTime: null, submitted: '2026-10-12T09:00',
        message: '提车次日提供刷卡单: extended to 2026-10-12, delivered 2026-10-12 09:00, on time',
        waiver: { kind: 'extension', until: '2026-10-12', approver: '王经理', approved: '2026-10-09', reason: '银行POS系统故障', retroactive: false, file: path.join(result.dir, LOG_FILE), line: 2 },
      },
    ]);
    expect(result.summary.total).toEqual({ due: 1, onTime: 1, late: 0, overdue: 0, pending: 0, extended: 1, waived: 0, otherFindings: 0, onTimeRate: 1, notJudged: 0 });
    expect(result.waiverLog).toEqual({ applied: 1, unmatched: [] });
  });

  it('without the log the same slip is late and the rate is 0', async () => {
    const result = await checkFiles({ '刷卡单.csv': late }, { rules: ['KF-02a'] });
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'KF-02a', status: 'late', key: 'SK-1', line: 2, dueDate: '2026-10-10', dueTime: null, submitted: '2026-10-12T09:00', daysLate: 2, workdaysLate: 1 },
    ]);
    expect(result.summary.total).toEqual({ due: 1, onTime: 0, late: 1, overdue: 0, pending: 0, extended: 0, waived: 0, otherFindings: 0, onTimeRate: 0, notJudged: 0 });
    expect(result.approved).toEqual([]);
    expect(result.waiverLog).toEqual({ applied: 0, unmatched: [] });
  });

  it('missed itself: late, counted from the extended due across National Day, in its original period', async () => {
    // Picked up Mon Sep 28: due Tue Sep 29, extended to Wed Sep 30, delivered Fri Oct 9.
    const files = {
      '刷卡单.csv': SWIPES + 'SK-2,赵敏,LSV2,2026-09-28 10:00,2026-10-09 10:00,郑洁\n',
      [LOG_FILE]: LOG + 'KF-02a,SK-2,2026-09-30,,王经理,2026-09-29,客户在外地\n',
    };
    const september = await checkFiles(files, { rules: ['KF-02a'], period: '2026-09' });
    expect(september.findings.map(brief)).toEqual([
      // Oct 1–7 are National Day: only Oct 8 and 9 are finance workdays after Sep 30.
      { ruleId: 'KF-02a', status: 'late', key: 'SK-2', line: 2, dueDate: '2026-09-29', dueTime: null, submitted: '2026-10-09T10:00', daysLate: 9, workdaysLate: 2 },
    ]);
    expect(september.findings[0]!.waiver).toMatchObject({ kind: 'extension', until: '2026-09-30', approver: '王经理', retroactive: false });
    expect(september.findings[0]!.message).toContain('due 2026-09-30');
    expect(september.approved.map(trail)).toEqual([{ ruleId: 'KF-02a', key: 'SK-2', status: 'late', kind: 'extension', until: '2026-09-30', retroactive: false, line: 2 }]);
    expect(september.summary.total).toMatchObject({ due: 1, onTime: 0, late: 1, extended: 1, onTimeRate: 0 });
    // October's report does not take it over: it fell due in September.
    const october = await checkFiles(files, { rules: ['KF-02a'], period: '2026-10' });
    expect([october.findings, october.approved, october.waiverLog]).toEqual([[], [], { applied: 0, unmatched: [] }]);
  });

  it('still running at the as-of: pending, not due, not in the rate', async () => {
    const result = await checkFiles(
      { '刷卡单.csv': SWIPES + 'SK-3,郑涛,LSV3,2026-10-22 11:00,,孙浩\n', [LOG_FILE]: LOG + 'KF-02a,SK-3,2026-11-10,,王经理,2026-10-22,银行系统升级\n' },
      { rules: ['KF-02a'], asOf: '2026-11-06T09:00' },
    );
    expect(result.findings).toEqual([]);
    expect(result.approved.map(trail)).toEqual([{ ruleId: 'KF-02a', key: 'SK-3', status: 'pending', kind: 'extension', until: '2026-11-10', retroactive: false, line: 2 }]);
    expect(result.summary.total).toEqual({ due: 0, onTime: 0, late: 0, overdue: 0, pending: 1, extended: 0, waived: 0, otherFindings: 0, onTimeRate: null, notJudged: 0 });
    expect(result.problems).toEqual([]); // a new due after the as-of is no future-date
  });

  it('the same extension, once passed with nothing delivered: overdue from the extended due', async () => {
    const result = await checkFiles(
      { '刷卡单.csv': SWIPES + 'SK-3,郑涛,LSV3,2026-10-22 11:00,,孙浩\n', [LOG_FILE]: LOG + 'KF-02a,SK-3,2026-11-10,,王经理,2026-10-22,银行系统升级\n' },
      { rules: ['KF-02a'], period: '2026-10', asOf: '2026-11-13T09:00' },
    );
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'KF-02a', status: 'overdue', key: 'SK-3', line: 2, dueDate: '2026-10-23', dueTime: null, submitted: null, daysLate: 3, workdaysLate: 3 },
    ]);
    expect(result.summary.total).toMatchObject({ due: 1, overdue: 1, extended: 1 });
  });

  it('earlier than the due: ignored, the due stands', async () => {
    const result = await checkFiles({ '刷卡单.csv': late, [LOG_FILE]: LOG + 'KF-02a,SK-1,2026-10-09,,王经理,2026-10-09,\n' }, { rules: ['KF-02a'] });
    expect(result.findings.map((f) => [f.status, f.daysLate, f.waiver])).toEqual([['late', 2, undefined]]);
    expect(result.approved).toEqual([]);
    expect(result.summary.total).toMatchObject({ due: 1, late: 1, extended: 0 });
    expect(result.waiverLog).toEqual({ applied: 0, unmatched: [] });
    expect(result.warnings).toEqual([
      { code: 'extension-ignored', message: `${path.join(result.dir, LOG_FILE)} line 2: the extension of KF-02a SK-1 to 2026-10-09 is not later than its due 2026-10-10; not applied, the due stands.` },
    ]);
  });
});

describe('a waiver: the item is excused, out of due and the rate, and listed', () => {
  const REPORTS = '部门,报表名称,所属月份,提交时间\n消贷部,办结,2026-09,2026-10-08 09:00\n';

  it('XD-08 for September excused: waived, leaving the rate to XD-09', async () => {
    const log = LOG + 'XD-08,消贷部/欠款报表/2026-09,,是,王经理,2026-10-09,9月无欠款客户\n';
    const without = await checkFiles({ '报表报送.csv': REPORTS }, { rules: ['XD-08', 'XD-09'] });
    expect(without.findings.map((f) => [f.ruleId, f.status])).toEqual([['XD-08', 'overdue']]);
    expect(without.summary.total).toMatchObject({ due: 2, onTime: 1, overdue: 1, waived: 0, onTimeRate: 0.5 });
    const result = await checkFiles({ '报表报送.csv': REPORTS, [LOG_FILE]: log }, { rules: ['XD-08', 'XD-09'] });
    expect(result.findings).toEqual([]);
    expect(result.approved.map(trail)).toEqual([{ ruleId: 'XD-08', key: '消贷部/欠款报表/2026-09', status: 'waived', kind: 'waiver', until: null, retroactive: true, line: 2 }]);
    expect(result.approved[0]).toMatchObject({ dueDate: '2026-10-08', submitted: null, file: null, line: null });
    expect(result.summary.total).toEqual({ due: 1, onTime: 1, late: 0, overdue: 0, pending: 0, extended: 0, waived: 1, otherFindings: 0, onTimeRate: 1, notJudged: 0 });
    expect(result.summary.byDepartment).toEqual([{ department: '消贷部', due: 1, onTime: 1, late: 0, overdue: 0, pending: 0, extended: 0, waived: 1, otherFindings: 0, onTimeRate: 1, notJudged: 0 }]);
  });

  it('an excused XS-02 violation leaves the findings and otherFindings', async () => {
    const business = '业务单号,客户姓名,车架号,交车日期,报送时间,客户签字\nYW-1,吴艳,V1,2026-10-15,2026-11-02,否\nYW-2,蒋丽,V2,2026-10-20,2026-11-02,\n';
    const result = await checkFiles({ '业务单.csv': business, [LOG_FILE]: LOG + 'XS-02,yw-1,,是,王经理,2026-10-20,客户补签在原件上\n' }, { rules: ['XS-02'] });
    expect(result.findings.map((f) => [f.key, f.status])).toEqual([['YW-2', 'violation']]);
    expect(result.approved.map(trail)).toEqual([{ ruleId: 'XS-02', key: 'YW-1', status: 'waived', kind: 'waiver', until: null, retroactive: false, line: 2 }]);
    expect(result.approved[0]!.message).toContain('found "no"');
    expect(result.summary.byDepartment).toEqual([{ department: '销售部', due: 0, onTime: 0, late: 0, overdue: 0, pending: 0, extended: 0, waived: 1, otherFindings: 1, onTimeRate: null, notJudged: 0 }]);
  });
});

describe('retroactive approvals (事后批准) are honoured and marked', () => {
  it.each([
    ['2026-10-09', false], // before the due (Sat Oct 10)
    ['2026-10-10', false], // on the due date, date only: not after the end of that day
    ['2026-10-10 23:00', false],
    ['2026-10-11', true],
    ['2026-10-12 08:00', true],
  ])('approved %s → retroactive %s', async (approvedOn, retroactive) => {
    const result = await checkFiles(
      { '刷卡单.csv': SWIPES + 'SK-1,周杰,LSV1,2026-10-09 16:00,2026-10-12 09:00,孙浩\n', [LOG_FILE]: LOG + `KF-02a,SK-1,2026-10-12,,王经理,${approvedOn},\n` },
      { rules: ['KF-02a'] },
    );
    expect(result.approved.map((a) => [a.status, a.waiver.retroactive])).toEqual([['onTime', retroactive]]);
  });

  it('a date-only approval on the date of a 12:00 due is not after it; later that day with a time it is', async () => {
    const business = '业务单号,客户姓名,车架号,交车日期,报送时间\nYW-1,韩雪,V1,2026-09-29 15:00,2026-10-08 15:10\n';
    for (const [approvedOn, retroactive] of [['2026-10-08', false], ['2026-10-08 15:00', true], ['2026-10-08 11:00', false]] as const) {
      const result = await checkFiles({ '业务单.csv': business, [LOG_FILE]: LOG + `XS-08a,YW-1,2026-10-08 18:00,,王经理,${approvedOn},系统故障\n` }, { rules: ['XS-08a'] });
      expect(result.approved.map((a) => [a.status, a.dueTime, a.waiver.until, a.waiver.retroactive])).toEqual([['onTime', '12:00', '2026-10-08T18:00', retroactive]]);
    }
  });
});

describe('keys are compared as exists compares VINs', () => {
  it.each([['sk-0001'], ['ＳＫ－０００１'], ['="SK-0001"'], [' SK - 0001 '], ['="ｓｋ-0001"']])('%s matches SK-0001', async (key) => {
    const csvKey = key.includes('"') ? `"${key.replace(/"/g, '""')}"` : key;
    const result = await checkFiles(
      { '刷卡单.csv': SWIPES + 'SK-0001,周杰,LSV1,2026-10-09 16:00,2026-10-12 09:00,孙浩\n', [LOG_FILE]: LOG + `KF-02a,${csvKey},2026-10-12,,王经理,2026-10-09,\n` },
      { rules: ['KF-02a'] },
    );
    expect(result.approved.map((a) => [a.key, a.status])).toEqual([['SK-0001', 'onTime']]);
    expect(result.waiverLog.unmatched).toEqual([]);
  });
});

describe('the waiver log is accounted for: applied, or listed as unmatched', () => {
  // SK-9 is picked up Fri Oct 30: due Sat Oct 31, rolled to Mon Nov 2 — November's item.
  const swipes = SWIPES + 'SK-1,周杰,LSV1,2026-10-09 16:00,2026-10-12 09:00,孙浩\nSK-9,冯娟,LSV9,2026-10-30 17:30,2026-11-04 09:00,郑洁\n';

  it('an approval for another month’s item is applied in that month’s run, and neither applied nor unmatched in this one', async () => {
    const files = { '刷卡单.csv': swipes, [LOG_FILE]: LOG + 'KF-02a,SK-9,2026-11-05,,王经理,2026-10-31,客户出国\n' };
    const october = await checkFiles(files, { rules: ['KF-02a'], period: '2026-10' });
    expect([october.approved, october.waiverLog]).toEqual([[], { applied: 0, unmatched: [] }]);
    const november = await checkFiles(files, { rules: ['KF-02a'], period: '2026-11', asOf: '2026-12-02T09:00' });
    expect(november.approved.map(trail)).toEqual([{ ruleId: 'KF-02a', key: 'SK-9', status: 'onTime', kind: 'extension', until: '2026-11-05', retroactive: false, line: 2 }]);
    expect(november.waiverLog).toEqual({ applied: 1, unmatched: [] });
  });

  it('a mistyped key is listed as unmatched with file and line; an older approval is not', async () => {
    const log = LOG + 'KF-02a,SK-0I,2026-10-12,,王经理,2026-10-09,\nKF-02a,SK-77,2026-09-12,,王经理,2026-09-09,\nKF-02a,SK-1,2026-10-12,,王经理,2026-10-09,\n';
    const result = await checkFiles({ '刷卡单.csv': swipes, [LOG_FILE]: log }, { rules: ['KF-02a'] });
    expect(result.waiverLog).toEqual({ applied: 1, unmatched: [{ file: path.join(result.dir, LOG_FILE), line: 2, ruleId: 'KF-02a', key: 'SK-0I' }] });
  });

  it('a key the rule does not apply to (KF-01 is 客服部’s 过户费, not 销售部’s) is unmatched', async () => {
    const expenses = '报销单号,部门,费用类别,发生日期,报销日期\nE1,客服部,过户费,2026-10-09,2026-10-19\nE3,销售部,过户费,2026-10-09,2026-10-12\n';
    const result = await checkFiles({ '费用报销.csv': expenses, [LOG_FILE]: LOG + 'KF-01,E3,2026-10-20,,王经理,2026-10-12,\nKF-01,E1,2026-10-20,,王经理,2026-10-12,\n' }, { rules: ['KF-01'] });
    expect(result.approved.map((a) => [a.key, a.status])).toEqual([['E1', 'onTime']]);
    expect(result.waiverLog.unmatched.map((u) => [u.line, u.key])).toEqual([[2, 'E3']]);
  });
});

describe('a row that cannot be applied is rejected with file, line and reason (invalid-waiver)', () => {
  const swipes = SWIPES + 'SK-1,周杰,LSV1,2026-10-09 16:00,2026-10-12 09:00,孙浩\n';
  it.each([
    ['a mistyped rule id', 'KF-2a,SK-1,2026-10-12,,王经理,2026-10-09,', '规则', 'KF-2a', '这条延期/豁免登记不能采用：没有规则 KF-2a，是不是 KF-02a？'],
    ['a rule id far from any', 'ZZ-99,SK-1,2026-10-12,,王经理,2026-10-09,', '规则', 'ZZ-99', '这条延期/豁免登记不能采用：没有规则 ZZ-99；规则编号见 isla rules'],
    ['both columns filled', 'KF-02a,SK-1,2026-10-12,是,王经理,2026-10-09,', '延期至', '2026-10-12', '这条延期/豁免登记不能采用：同时填了 延期至 和 豁免=是：一条登记只能是延期或豁免其中之一'],
    ['neither column filled', 'KF-02a,SK-1,,否,王经理,2026-10-09,', '豁免', '否', '这条延期/豁免登记不能采用：延期至 和 豁免=是 都没有填：请填写其中一项'],
    ['no approver', 'KF-02a,SK-1,2026-10-12,,,2026-10-09,', '批准人', '', '这条延期/豁免登记不能采用：没有填写批准人'],
    ['an extension of a check with no deadline', 'XS-02,YW-1,2026-10-12,,王经理,2026-10-09,', '延期至', '2026-10-12', '这条延期/豁免登记不能采用：XS-02 不是期限类规则，没有截止时间可以延期，只能豁免（豁免=是）'],
    ['a manual item', 'XD-05,DK-1,,是,王经理,2026-10-09,', '规则', 'XD-05', '这条延期/豁免登记不能采用：XD-05 是人工核对项目，isla 不检查它，无需登记'],
  ])('%s', async (_name, row, field, value, message) => {
    const result = await checkFiles({ '刷卡单.csv': swipes, [LOG_FILE]: LOG + 'KF-02a,SK-77,2026-10-12,,王经理,2026-09-01,\n' + row + '\n' }, { rules: ['KF-02a'], lang: 'zh' });
    expect(result.problems).toEqual([{ file: path.join(result.dir, LOG_FILE), line: 3, field, value, code: 'invalid-waiver', message }]);
    expect(result.inputs.find((i) => i.dataset === 'waivers')).toMatchObject({ rows: 2, rejected: 1 });
    // The rest is still checked, the rejected approval is not applied.
    expect(result.findings.map((f) => [f.key, f.status])).toEqual([['SK-1', 'late']]);
  });

  it('an empty 批准日期 rejects the row (missing-value); one after the as-of does not exist yet (future-date)', async () => {
    const log = LOG + 'KF-02a,SK-1,2026-10-12,,王经理,,\nKF-02a,SK-1,2026-10-12,,王经理,2026-11-20,\n';
    const result = await checkFiles({ '刷卡单.csv': swipes, [LOG_FILE]: log }, { rules: ['KF-02a'] });
    expect(result.problems.map((p) => [p.line, p.field, p.code])).toEqual([[2, '批准日期', 'missing-value'], [3, '批准日期', 'future-date']]);
    expect(result.approved).toEqual([]);
  });
});

describe('remind owes an item by its approval: the extended due, nothing when waived', () => {
  // As of Thu Nov 5 09:00 the window reaches Mon Nov 9 (two workdays after the as-of date).
  const swipes = SWIPES + ['SK-1,周杰,LSV1,2026-11-04 10:00,,孙浩', 'SK-2,吴艳,LSV2,2026-10-30 10:00,,郑洁', 'SK-3,郑涛,LSV3,2026-11-04 11:00,,孙浩'].join('\n') + '\n';
  const log = LOG + 'KF-02a,SK-1,2026-11-20,,王经理,2026-11-04,客户出国\nKF-02a,SK-2,2026-11-06,,王经理,2026-11-03,\nKF-02a,SK-3,,是,王经理,2026-11-04,交易取消\n';

  it('without the log: SK-1 and SK-3 due soon, SK-2 overdue', async () => {
    const { result } = await remindFiles({ '刷卡单.csv': swipes }, { asOf: '2026-11-05T09:00', rules: ['KF-02a'] });
    expect(result.findings.map((r) => [r.key, r.status, r.dueDate])).toEqual([['SK-2', 'overdue', '2026-11-02'], ['SK-1', 'dueSoon', '2026-11-05'], ['SK-3', 'dueSoon', '2026-11-05']]);
  });

  it('with it: SK-1 moves past the window, SK-2 is due soon on Nov 6, SK-3 is not owed', async () => {
    const { result } = await remindFiles({ '刷卡单.csv': swipes, [LOG_FILE]: log }, { asOf: '2026-11-05T09:00', rules: ['KF-02a'] });
    expect(result.findings.map((r) => [r.key, r.status, r.dueDate])).toEqual([['SK-2', 'dueSoon', '2026-11-06']]);
  });
});

describe('a department head’s mail holds only that department’s approvals', () => {
  it('departmentSlice keeps 客服部’s approved items and unmatched approvals, not 销售部’s', async () => {
    const { departmentSlice } = await import('../src/mail/content.js');
    const business = '业务单号,客户姓名,车架号,交车日期,报送时间,客户签字\nYW-1,吴艳,V1,2026-10-15,2026-11-02,否\n';
    const swipes = SWIPES + 'SK-1,周杰,LSV1,2026-10-09 16:00,2026-10-12 09:00,孙浩\n';
    const log = LOG + 'KF-02a,SK-1,2026-10-12,,王经理,2026-10-09,\nXS-02,YW-1,,是,王经理,2026-10-20,\nKF-02a,SK-0I,2026-10-12,,王经理,2026-10-09,\nXS-02,YW-9,,是,王经理,2026-10-20,\n';
    const result = await checkFiles({ '刷卡单.csv': swipes, '业务单.csv': business, [LOG_FILE]: log }, { rules: ['KF-02a', 'XS-02'] });
    const own = { ruleDepartment: { 'KF-02a': '客服部', 'XS-02': '销售部' }, datasetDepartments: { swipes: ['客服部'], business: ['销售部'], waivers: ['财务部'] } };
    const slice = departmentSlice(result, '客服部', own);
    expect(slice.approved.map((a) => a.key)).toEqual(['SK-1']);
    expect(slice.waiverLog).toEqual({ applied: 1, unmatched: [{ file: path.join(result.dir, LOG_FILE), line: 4, ruleId: 'KF-02a', key: 'SK-0I' }] });
    expect(result.waiverLog.applied).toBe(2);
  });
});
