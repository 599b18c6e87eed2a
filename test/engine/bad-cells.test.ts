// SPEC §3.5's principle, case by case: a bad cell never improves a department's
// numbers. Real bytes in, the exact findings, problems, counts and exit code out.
import { describe, expect, it } from 'vitest';
import { isFailure } from '../../src/check.js';
import { loadConfig } from '../../src/config/load.js';
import { checkFiles, tempDir, writeExport } from '../helpers.js';

type Result = Awaited<ReturnType<typeof checkFiles>>;
const findings = (r: Result) => r.findings.map((f) => [f.ruleId, f.status, f.key, f.line, f.dueDate, f.submitted, f.daysLate ?? null]);
const problems = (r: Result) => r.problems.map((p) => [p.line, p.field, p.value, p.code]);
const counts = (r: Result) => r.summary.byDepartment.map((d) => [d.department, d.due, d.onTime, d.late, d.overdue, d.notJudged]);
/** The exit code `isla check` gives at the default --fail-on error. */
const exitCode = (r: Result) => (isFailure(r, 'error') ? 1 : 0);

const SWIPES = '刷卡单号,车架号,提车日期,提交日期,刷卡金额\n';

describe('line endings', () => {
  it('Mac Excel\'s "CSV (Macintosh)": lone CR line endings are lines', async () => {
    const content = (SWIPES + 'SK-1,V1,2026-10-09,2026-10-10,100\nSK-2,V2,2026-10-09,2026-10-19,100\nSK-3,V3,2026-10-15,2026-10-16,100\n').replace(/\n/g, '\r');
    const r = await checkFiles({ '刷卡单.csv': content }, { rules: ['KF-02a'] });
    expect(r.inputs.map((i) => [i.rows, i.rejected])).toEqual([[3, 0]]);
    expect(findings(r)).toEqual([['KF-02a', 'late', 'SK-2', 3, '2026-10-10', '2026-10-19', 9]]);
    expect(counts(r)).toEqual([['客服部', 3, 2, 1, 0, 0]]);
  });

  it('a quoted line break in a lone-CR file keeps the lines after it right', async () => {
    const content = (SWIPES + 'SK-1,"V\n1",2026-10-09,2026-10-10,100\nSK-2,V2,2026-10-09,2026-10-19,100\n').replace(/\n/g, '\r');
    const r = await checkFiles({ '刷卡单.csv': content }, { rules: ['KF-02a'] });
    expect(findings(r)).toEqual([['KF-02a', 'late', 'SK-2', 4, '2026-10-10', '2026-10-19', 9]]);
  });

  it('a non-empty file that yields no data rows is a warning naming the file, never a silent zero', async () => {
    const r = await checkFiles({ '刷卡单.csv': SWIPES }, { rules: ['KF-02a'], lang: 'zh' });
    expect(r.warnings).toEqual([{ code: 'no-rows', message: `文件 ${r.dir}/刷卡单.csv 不是空的，但没有读出任何数据行：请确认它是从系统导出的明细（在 Excel 中“另存为 CSV UTF-8”），或用 isla inspect 查看它是怎样被读取的。` }]);
  });
});

describe('a submission column', () => {
  it('text that is not a time (未交, 待补) means not submitted: judged, and a problem', async () => {
    const r = await checkFiles({ '刷卡单.csv': SWIPES + 'SK-1,V1,2026-10-09,2026-10-10,100\nSK-2,V2,2026-10-09,未交,100\nSK-3,V3,2026-10-15,待补,100\n' }, { rules: ['KF-02a'], lang: 'zh' });
    expect(findings(r)).toEqual([
      ['KF-02a', 'overdue', 'SK-2', 3, '2026-10-10', null, 27],
      ['KF-02a', 'overdue', 'SK-3', 4, '2026-10-16', null, 21],
    ]);
    // Three slips, two never delivered: 1 of 3 on time, not 100 %.
    expect(r.summary.total).toMatchObject({ due: 3, onTime: 1, overdue: 2, onTimeRate: 0.3333, notJudged: 0 });
    expect(r.problems.map((p) => [p.line, p.code, p.message])).toEqual([
      [3, 'invalid-date', '“提交日期”的值“未交”不是可识别的日期，按未交处理'],
      [4, 'invalid-date', '“提交日期”的值“待补”不是可识别的日期，按未交处理'],
    ]);
    expect(exitCode(r)).toBe(1);
  });

  it('a submission dated before its event (a year typo) is a before-event problem and not submitted', async () => {
    const r = await checkFiles({ '刷卡单.csv': SWIPES + 'SK-1,V1,2026-10-20,2025-10-21,100\n' }, { rules: ['KF-02a'] });
    expect(findings(r)).toEqual([['KF-02a', 'overdue', 'SK-1', 2, '2026-10-21', null, 16]]);
    expect(r.problems.map((p) => [p.line, p.field, p.value, p.code, p.message])).toEqual([
      [2, '提交日期', '2025-10-21', 'before-event', '"提交日期" value "2025-10-21" is before 提车日期 2026-10-20, probably a wrong year; taken as not submitted'],
    ]);
  });
});

describe('a bad cell rejects the row only for the rules that read it', () => {
  it('a "-" in 刷卡金额 (a null mark) hides nothing: the slip ten days late is still late', async () => {
    const r = await checkFiles({ '刷卡单.csv': SWIPES + 'SK-1,V1,2026-10-09,2026-10-19,-\nSK-2,V2,2026-10-09,2026-10-10,—\nSK-3,V3,2026-10-09,2026-10-10,N/A\n' }, { rules: ['KF-02a'] });
    expect(findings(r)).toEqual([['KF-02a', 'late', 'SK-1', 2, '2026-10-10', '2026-10-19', 9]]);
    expect(r.problems).toEqual([]);
    expect(r.inputs[0]!.rejected).toBe(0);
  });

  it('unreadable text in 刷卡金额, which no rule reads: a problem, and the row is still judged', async () => {
    const r = await checkFiles({ '刷卡单.csv': SWIPES + 'SK-1,V1,2026-10-09,2026-10-19,一百\n' }, { rules: ['KF-02a'] });
    expect(findings(r)).toEqual([['KF-02a', 'late', 'SK-1', 2, '2026-10-10', '2026-10-19', 9]]);
    expect(problems(r)).toEqual([[2, '刷卡金额', '一百', 'invalid-amount']]);
  });

  it('claims: a bad 入账金额 skips only BX-03c; a bad 理赔金额 is BX-03b incomplete; the deadline is judged', async () => {
    const CLAIMS = '理赔单号,结案日期,报财务日期,理赔金额,入账金额\n';
    const r = await checkFiles({ '理赔.csv': CLAIMS + 'BA-4,2026-10-09,2026-10-20,100,abc\nBA-5,2026-10-09,2026-10-12,一百,100\n' }, { rules: ['BX-03a', 'BX-03b', 'BX-03c'] });
    expect(findings(r)).toEqual([
      ['BX-03a', 'late', 'BA-4', 2, '2026-10-12', '2026-10-20', 8],
      ['BX-03b', 'incomplete', 'BA-5', 3, null, null, null],
    ]);
    expect(r.findings[1]!.message).toBe('理赔金额准确: 理赔金额 cannot be read');
    expect(problems(r)).toEqual([[2, '入账金额', 'abc', 'invalid-amount'], [3, '理赔金额', '一百', 'invalid-amount']]);
    expect(r.summary.total.notJudged).toBe(0);
  });

  it('an unreadable event date: the rules it places are not judged, counted per department, exit 1', async () => {
    const r = await checkFiles({ '刷卡单.csv': SWIPES + 'SK-1,V1,2026-09-31T10:00+08:00,2026-10-02,100\nSK-2,V2,0026-10-09,2026-10-10,100\nSK-3,V3,2026-10-09,2026-10-10,100\n' }, { rules: ['KF-02a'] });
    expect(problems(r)).toEqual([
      [2, '提车日期', '2026-09-31T10:00+08:00', 'invalid-date'],
      [3, '提车日期', '0026-10-09', 'invalid-date'],
    ]);
    expect(r.problems[1]!.message).toBe('"提车日期" value "0026-10-09": the year is outside 1990–2100, probably a typo');
    expect(counts(r)).toEqual([['客服部', 1, 1, 0, 0, 2]]);
    expect(r.summary.total.notJudged).toBe(2);
    // Nothing late, nothing overdue: still not a clean month.
    expect(r.findings).toEqual([]);
    expect(exitCode(r)).toBe(1);
  });

  it('an Excel serial is rounded to whole seconds before its day is taken', async () => {
    // 46304.9999999 is Oct 10 00:00 (a Saturday): due Sunday Oct 11 → Monday Oct 12; delivered then: on time.
    const r = await checkFiles({ '刷卡单.csv': SWIPES + 'SK-1,V1,46304.9999999,2026-10-12,100\n' }, { rules: ['KF-02a'] });
    expect(r.summary.total).toMatchObject({ due: 1, onTime: 1, late: 0 });
  });
});

describe('a value that picks the rules, empty or a near miss, is a problem naming the closest', () => {
  const EXPENSES = '报销单号,部门,费用类别,发生日期,报销日期\n';
  const expenses = EXPENSES +
    'BX-1,客服部,入户费,2026-10-09,2026-10-20\n' +
    'BX-2,,过户费,2026-10-09,2026-10-21\n' +
    'BX-3,,抵押费,2026-10-10,2026-10-22\n' +
    'BX-4,客服,入户费,2026-10-10,2026-10-22\n' +
    'BX-5,行政部,办公用品,2026-10-10,2026-10-22\n';

  it('费用报销: a 部门 left blank under a merged cell, or 客服 for 客服部: not judged, never a silent skip', async () => {
    const r = await checkFiles({ '费用报销.csv': expenses }, { rules: ['KF-01', 'XS-08b', 'RS-02'] });
    expect(problems(r)).toEqual([[3, '部门', '', 'missing-value'], [4, '部门', '', 'missing-value'], [5, '部门', '客服', 'unknown-department']]);
    expect(r.problems[2]!.message).toBe('"部门" value "客服" is not a department of the service list; did you mean "客服部"? The row was not checked (departments.aliases in the config can read it as that department)');
    expect(findings(r)).toEqual([['KF-01', 'late', 'BX-1', 2, '2026-10-16', '2026-10-20', 4]]);
    // 行政部's expense is not this list's business: it passes quietly.
    expect(counts(r)).toEqual([['客服部', 1, 0, 1, 0, 3], ['销售部', 0, 0, 0, 0, 0], ['人事部', 0, 0, 0, 0, 0]]);
    expect(r.inputs[0]!.rejected).toBe(3);
  });

  it('departments.aliases in config reads a near miss as the department', async () => {
    const dir = tempDir();
    const config = loadConfig({ config: writeExport(dir, 'isla.config.yaml', 'departments:\n  aliases: {客服: 客服部}\n'), lang: 'en' });
    const r = await checkFiles({ '费用报销.csv': EXPENSES + 'BX-4,客服,入户费,2026-10-10,2026-10-22\n' }, { rules: ['KF-01'], config });
    expect(r.problems).toEqual([]);
    expect(findings(r)).toEqual([['KF-01', 'late', 'BX-4', 2, '2026-10-19', '2026-10-22', 3]]);
  });

  const REPORTS = '部门,报表名称,所属月份,提交时间\n';

  it('报表报送: 消贷 for 消贷部, 欠款明细表 for 欠款报表; a 资产负债表 passes quietly', async () => {
    const r = await checkFiles({
      '报表报送.csv': REPORTS + '消贷,欠款报表,2026-09,2026-10-03 10:00\n保险部,欠款明细表,2026-09,2026-10-03\n消贷部,资产负债表,2026-09,2026-10-03\n',
    }, { rules: ['XD-08', 'BX-06'], lang: 'zh' });
    expect(problems(r)).toEqual([[2, '部门', '消贷', 'unknown-department'], [3, '报表名称', '欠款明细表', 'unknown-report']]);
    expect(r.problems.map((p) => p.message)).toEqual([
      '“部门”的值“消贷”不是服务明细中的部门，是不是“消贷部”？该行没有检查（可在配置 departments.aliases 中把它认作该部门）',
      '“报表名称”的值“欠款明细表”不是要求报送的报表，是不是“欠款报表”？该行没有计入',
    ]);
    expect(counts(r)).toEqual([['消贷部', 1, 0, 0, 1, 1], ['保险部', 1, 0, 0, 1, 1]]);
    expect(exitCode(r)).toBe(1);
  });

  it('a report row whose month cannot be read is not judged for its department, and not a near miss', async () => {
    const r = await checkFiles({ '报表报送.csv': REPORTS + '消贷部,欠款报表,2026-13,2026-10-03\n' }, { rules: ['XD-08', 'BX-06'] });
    expect(problems(r)).toEqual([[2, '所属月份', '2026-13', 'invalid-month']]);
    expect(counts(r)).toEqual([['消贷部', 1, 0, 0, 1, 1], ['保险部', 1, 0, 0, 1, 0]]);
  });

  it('a blank 部门 and an unreadable date on the same row: still not judged, once per department it could be', async () => {
    const r = await checkFiles({ '费用报销.csv': EXPENSES + 'BX-2,,过户费,2026-10-32,2026-10-21\n' }, { rules: ['KF-01', 'RS-02'] });
    expect(problems(r)).toEqual([[2, '发生日期', '2026-10-32', 'invalid-date'], [2, '部门', '', 'missing-value']]);
    expect(counts(r)).toEqual([['客服部', 0, 0, 0, 0, 1], ['人事部', 0, 0, 0, 0, 0]]);
    expect(r.inputs[0]!.rejected).toBe(1);
  });

  it('a 报表报送 row whose 提交时间 is empty keeps its file and line; the item counts as not submitted', async () => {
    const r = await checkFiles({ '报表报送.csv': REPORTS + '消贷部,办结日期,2026-09,\n' }, { rules: ['XD-09'] });
    expect(r.findings.map((f) => [f.ruleId, f.status, f.key, f.file, f.line, f.submitted])).toEqual([
      ['XD-09', 'overdue', '消贷部/办结/2026-09', `${r.dir}/报表报送.csv`, 2, null],
    ]);
  });

  it('a later real submission replaces the empty row as the item\'s row', async () => {
    const r = await checkFiles({ '报表报送.csv': REPORTS + '消贷部,办结日期,2026-09,\n消贷部,办结日期,2026-09,2026-10-12\n' }, { rules: ['XD-09'] });
    expect(findings(r)).toEqual([['XD-09', 'late', '消贷部/办结/2026-09', 3, '2026-10-08', '2026-10-12', 4]]);
  });
});

describe('amounts are compared in whole fen, and shown as written', () => {
  it('1.005 and 1.01 agree as 0.105 and 0.11 do; 1.004 and 1.01 do not, and say so in their own digits', async () => {
    const CLAIMS = '理赔单号,结案日期,报财务日期,理赔金额,入账金额\n';
    const r = await checkFiles({ '理赔.csv': CLAIMS + 'BA-1,2026-10-09,2026-10-12,1.005,1.01\nBA-2,2026-10-09,2026-10-12,0.105,0.11\nBA-3,2026-10-09,2026-10-12,1.004,1.01\n' }, { rules: ['BX-03c'] });
    expect(r.findings.map((f) => [f.key, f.status, f.message])).toEqual([
      ['BA-3', 'mismatch', '理赔金额与入账一致: 理赔金额 "1.004" differs from 入账金额 "1.01"'],
    ]);
  });
});
