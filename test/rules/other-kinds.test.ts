import { describe, expect, it } from 'vitest';
import { brief, checkFiles } from '../helpers.js';

describe('report: one submission a month in the report log (XD-08, XD-09, BX-06)', () => {
  const LOG = '部门,报表名称,所属月份,提交时间\n';
  it.each([
    ['on time, rolled past National Day', '消贷部,2026年9月欠款报表,2026-09,2026-10-08 10:00', null, null],
    ['late', '消贷部,欠款报表,2026年9月,2026-10-09 14:00', { status: 'late', submitted: '2026-10-09T14:00', daysLate: 1, workdaysLate: 1 }, 2],
    ['another department’s report does not count', '保险部,欠款报表,2026-09,2026-10-08', { status: 'overdue', submitted: null, daysLate: 29, workdaysLate: 22 }, null],
    ['another month’s report does not count', '消贷部,欠款报表,2026-08,2026-09-04', { status: 'overdue', submitted: null, daysLate: 29, workdaysLate: 22 }, null],
  ])('%s', async (_name, row, expected, line) => {
    const result = await checkFiles({ '报表报送.csv': LOG + row + '\n' }, { rules: ['XD-08'] });
    expect(result.findings.map(brief)).toEqual(
      expected === null ? [] : [{ ruleId: 'XD-08', key: '消贷部/欠款报表/2026-09', line, dueDate: '2026-10-08', dueTime: null, ...expected }],
    );
  });

  it('the earliest of several matching submissions is judged', async () => {
    const log = LOG + '消贷部,欠款报表（更正）,2026-09,2026-10-12\n消贷部,欠款报表,2026-09,2026-10-08 17:00\n';
    const result = await checkFiles({ '报表报送.csv': log }, { rules: ['XD-08'] });
    expect(result.findings).toEqual([]);
    expect(result.summary.total).toMatchObject({ due: 1, onTime: 1 });
  });
});

describe('required: XS-01 payment slip complete, BX-03b claim amount > 0, XS-05 documents for instalments', () => {
  it.each([
    ['XS-01', '业务单.csv', '业务单号,客户姓名,车架号,交车日期,报送时间,车款金额,打款日期\nYW-1,甲,V1,2026-10-09,2026-11-02,"120,000",\n', 'Payment slip: 打款日期 not filled in'],
    ['BX-03b', '理赔.csv', '理赔单号,结案日期,报财务日期,理赔金额\nBA-1,2026-10-09,2026-10-12,0\n', '理赔金额准确: 理赔金额 must be greater than 0'],
    ['XS-05', '业务单.csv', '业务单号,客户姓名,车架号,交车日期,报送时间,付款方式,核算单,欠条,协议\nYW-1,甲,V1,2026-10-09,2026-11-02,按揭,是,否,\n', '分期客户核算单、欠条、协议: 协议 not filled in'],
  ])('%s', async (rule, file, content, message) => {
    const result = await checkFiles({ [file]: content }, { rules: [rule] });
    expect(result.findings.map((f) => [f.ruleId, f.status, f.line, f.message.replace(/^购车打款单内容完整/, 'Payment slip')])).toEqual([[rule, 'incomplete', 2, message]]);
  });

  it('XS-05 asks 是 of every document, and only for 分期/按揭', async () => {
    const content = '业务单号,客户姓名,车架号,交车日期,报送时间,付款方式,核算单,欠条,协议\nYW-1,甲,V1,2026-10-09,2026-11-02,分期,是,否,是\nYW-2,乙,V2,2026-10-09,2026-11-02,现金,,,\n';
    const result = await checkFiles({ '业务单.csv': content }, { rules: ['XS-05'] });
    expect(result.findings.map((f) => [f.key, f.message])).toEqual([['YW-1', '分期客户核算单、欠条、协议: 欠条 must be "yes"']]);
  });
});

describe('expect: XS-02 the customer signed', () => {
  it.each([
    ['是', []],
    ['√', []],
    ['否', [['violation', 'found "no"']]],
    ['', [['violation', 'found "(empty)"']]],
  ])('客户签字 = %s', async (signed, expected) => {
    const content = `业务单号,客户姓名,车架号,交车日期,报送时间,客户签字\nYW-1,甲,V1,2026-10-09,2026-11-02,${signed}\n`;
    const result = await checkFiles({ '业务单.csv': content }, { rules: ['XS-02'] });
    expect(result.findings.map((f) => [f.status, f.message.split(', ')[1]])).toEqual(expected);
  });
});

describe('forbid: XS-06 no cash at a delivery at or after 17:00', () => {
  it.each([
    ['现金', '2026-10-09 17:40', 1],
    ['现金', '2026-10-09 17:00', 1],
    ['现金', '2026-10-09 16:59', 0],
    ['刷卡', '2026-10-09 18:00', 0],
    ['现金', '2026-10-09', 0], // no time of day: cannot be judged
  ])('%s at %s → %d findings', async (pay, at, n) => {
    const content = `业务单号,客户姓名,车架号,交车日期,报送时间,付款方式\nYW-1,甲,V1,${at},2026-11-02,${pay}\n`;
    const result = await checkFiles({ '业务单.csv': content }, { rules: ['XS-06'], lang: 'zh' });
    expect(result.findings.map((f) => [f.status, f.severity, f.message])).toEqual(
      n ? [['violation', 'warning', `17点后交车不收现金：付款方式为“现金”，且交车日期 ${at.slice(11)}（17:00 及以后）`]] : [],
    );
  });
});

describe('match: XD-03 buyer = contract party, BX-03c claim = booked amount', () => {
  it.each([
    ['XD-03', '放贷记录.csv', '合同编号,客户姓名,放贷日期,购车人,合同人\nDK-1,甲,2026-10-09,王芳,王建军\nDK-2,乙,2026-10-09,李娜, 李娜 \nDK-3,丙,2026-10-09,李娜,\n', [[2, '购车人与合同人不一致需查档案: 购车人 "王芳" differs from 合同人 "王建军"']]],
    ['BX-03c', '理赔.csv', '理赔单号,结案日期,报财务日期,理赔金额,入账金额\nBA-1,2026-10-09,2026-10-12,"12,450.50",12405.50\nBA-2,2026-10-09,2026-10-12,0.1,0.10\nBA-3,2026-10-09,2026-10-12,5,\n', [[2, '理赔金额与入账一致: 理赔金额 "12,450.50" differs from 入账金额 "12405.50"']]],
  ])('%s', async (rule, file, content, expected) => {
    const result = await checkFiles({ [file]: content }, { rules: [rule] });
    expect(result.findings.map((f) => [f.line, f.message])).toEqual(expected);
    expect(result.findings.every((f) => f.status === 'mismatch')).toBe(true);
  });
});

describe('exists: KF-02b a card-paid delivery needs a 刷卡单 for its VIN', () => {
  const business = '业务单号,客户姓名,车架号,交车日期,报送时间,付款方式\nYW-1,甲,LSV0001,2026-10-09,2026-11-02,刷卡\nYW-2,乙,="lsv0002",2026-10-09,2026-11-02,POS刷卡\nYW-3,丙,LSV0003,2026-10-09,2026-11-02,现金\nYW-4,丁,LSV0004,2026-10-09,2026-11-02,刷卡\n';
  const swipes = '刷卡单号,车架号,提车日期,提交日期\nSK-1,LSV0001,2026-10-09,2026-10-10\nSK-2,LSV0002,2026-10-09,2026-10-10\n';
  it('finds the one without a slip (VINs compared without case or Excel wrappers)', async () => {
    const result = await checkFiles({ '业务单.csv': business, '刷卡单.csv': swipes }, { rules: ['KF-02b'] });
    expect(result.findings.map((f) => [f.ruleId, f.status, f.department, f.key, f.line, f.message])).toEqual([
      ['KF-02b', 'missing', '客服部', 'YW-4', 5, '刷卡交车须有刷卡单: no card-swipe slips record with 车架号 LSV0004'],
    ]);
  });

  it('without a 刷卡单 file it is not checked, and says why', async () => {
    const result = await checkFiles({ '业务单.csv': business }, { rules: ['KF-02b'] });
    expect(result.findings).toEqual([]);
    expect(result.notChecked).toEqual([{ ruleId: 'KF-02b', reason: 'no data provided: card-swipe slips' }]);
    expect(result.notProvided).toEqual(['swipes']);
  });
});

describe('duplicates: the first occurrence is checked, repeats are findings naming it', () => {
  it('a repeated 刷卡单号', async () => {
    const swipes = '刷卡单号,车架号,提车日期,提交日期\nSK-1,V1,2026-10-09,2026-10-12\nSK-2,V2,2026-10-09,2026-10-10\nSK-1,V1,2026-10-09,2026-10-12\n';
    const result = await checkFiles({ '刷卡单.csv': swipes }, { rules: ['KF-02a'] });
    expect(result.findings.map((f) => [f.ruleId, f.status, f.severity, f.department, f.line, f.message])).toEqual([
      ['KF-02a', 'late', 'error', '客服部', 2, '提车次日提供刷卡单: due 2026-10-10, delivered 2026-10-12, 2 days late (1 workdays)'],
    ]);
    // --rule narrows the findings to the rule; without it the duplicate shows.
    const all = await checkFiles({ '刷卡单.csv': swipes });
    expect(all.findings.filter((f) => f.status === 'duplicate').map((f) => [f.ruleId, f.severity, f.department, f.line, f.message])).toEqual([
      [null, 'warning', '客服部', 4, '刷卡单号 SK-1 repeats the record on line 2; this row is not checked again'],
    ]);
    expect(all.summary.byDepartment.find((d) => d.department === '客服部')).toMatchObject({ due: 2, onTime: 1, late: 1, otherFindings: 1 });
  });
});
