// Every format shows finance's approvals (SPEC §13): the note beside the item, the
// 已批准延期与豁免 section with approver, reason and 事后批准, the counts and the log.
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/index.js';
import { checkFiles } from '../helpers.js';

const SWIPES = [
  '刷卡单号,客户姓名,车架号,提车日期,提交日期,经办人',
  'SK-1,周杰,LSV1,2026-10-09 16:00,2026-10-12 09:00,孙浩', // due Oct 10, extended to Oct 12: on time
  'SK-2,吴艳,LSV2,2026-10-15 14:00,2026-10-19 10:00,郑洁', // due Oct 16, extended to Oct 17 (approved after): late 2 days
  'SK-3,郑涛,LSV3,2026-10-22 11:00,,孙浩', // due Oct 23, waived
].join('\n');
const LOG = [
  '规则,单号,延期至,豁免,批准人,批准日期,原因',
  'KF-02a,SK-1,2026-10-12,,王经理,2026-10-09,银行POS系统故障',
  'KF-02a,SK-2,2026-10-17,,王经理,2026-10-18,=客户在外地<b>',
  'KF-02a,SK-3,,是,李总,2026-10-20,交易取消',
  'KF-02a,SK-0I,2026-10-12,,王经理,2026-10-09,',
].join('\n');

const { dir: _dir, ...result } = await checkFiles({ '刷卡单.csv': SWIPES, '延期豁免登记.csv': LOG }, { rules: ['KF-02a'], lang: 'zh' });
const render = (format: keyof typeof FORMATS, verbose = false) => [...FORMATS[format](result, { lang: 'zh', color: false, verbose })].join('');

describe('the run the formats show', () => {
  it('one late item under an extension, one on time, one waived, one unmatched approval', () => {
    expect(result.findings.map((f) => [f.key, f.status, f.daysLate, f.waiver?.until])).toEqual([['SK-2', 'late', 2, '2026-10-17']]);
    expect(result.approved.map((a) => [a.key, a.status, a.waiver.retroactive])).toEqual([['SK-2', 'late', true], ['SK-1', 'onTime', false], ['SK-3', 'waived', false]]);
    expect(result.summary.total).toEqual({ due: 2, onTime: 1, late: 1, overdue: 0, pending: 0, extended: 2, waived: 1, otherFindings: 0, onTimeRate: 0.5, notJudged: 0 });
    expect(result.waiverLog.applied).toBe(3);
    expect(result.waiverLog.unmatched.map((u) => [u.line, u.ruleId, u.key])).toEqual([[5, 'KF-02a', 'SK-0I']]);
  });
});

describe('table', () => {
  const text = render('table');
  it('the counts in the summary, the note under the late item', () => {
    expect(text).toMatch(/部门\s+应交\s+按时\s+迟交\s+逾期未交\s+待交\s+延期\s+豁免\s+其他问题\s+按时率/);
    expect(text).toMatch(/客服部\s+2\s+1\s+1\s+0\s+0\s+2\s+1\s+0\s+50\.0%/);
    expect(text).toMatch(/KF-02a\s+SK-2\s+吴艳\s+10-15\s+10-16\s+10-19 10:00\s+2\s+郑洁\n {6}已批准延期至 10-17 · 王经理 · 事后批准\n/);
  });

  it('the section lists every approved item with approver and reason, then the log', () => {
    const section = text.slice(text.indexOf('已批准延期与豁免'));
    expect(section).toMatch(/^已批准延期与豁免（3）\n/);
    expect(section).toMatch(/客服部\s+KF-02a\s+SK-2\s+迟交\s+延期至 10-17 · 事后批准\s+王经理\s+10-18\n {6}原因：=客户在外地<b>\n/);
    expect(section).toMatch(/客服部\s+KF-02a\s+SK-1\s+按时\s+延期至 10-12\s+王经理\s+10-09\n {6}原因：银行POS系统故障\n/);
    expect(section).toMatch(/客服部\s+KF-02a\s+SK-3\s+已豁免\s+豁免\s+李总\s+10-20\n {6}原因：交易取消\n/);
    expect(section).toContain('  延期豁免登记：采用 3 条，未匹配 1 条 （加 --verbose 列出）\n');
    expect(section).not.toContain('SK-0I');
  });

  it('--verbose lists the unmatched approvals', () => {
    expect(render('table', true)).toMatch(/ {2}延期豁免登记：采用 3 条，未匹配 1 条\n {4}\S+延期豁免登记\.csv:5 {2}KF-02a {2}SK-0I\n/);
  });
});

describe('markdown', () => {
  const md = render('markdown');
  it('counts, the note beside the item, the section and the unmatched list', () => {
    expect(md).toContain('| 部门 | 应交 | 按时 | 迟交 | 逾期未交 | 待交 | 延期 | 豁免 | 其他问题 | 按时率 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n| 客服部 | 2 | 1 | 1 | 0 | 0 | 2 | 1 | 0 | 50.0% |');
    expect(md).toContain('| KF-02a | 迟交 | SK-2 | 吴艳 | 2026-10-15 | 2026-10-16 | 2026-10-19 10:00 | 2 | 郑洁 | 已批准延期至 10-17 · 王经理 · 事后批准 |');
    expect(md).toContain('## 已批准延期与豁免（3）');
    expect(md).toContain('| 客服部 | KF-02a | SK-2 | 迟交 | 延期至 10-17 · 事后批准 | 王经理 | 2026-10-18 | =客户在外地\\<b\\> |');
    expect(md).toContain('| 客服部 | KF-02a | SK-3 | 已豁免 | 豁免 | 李总 | 2026-10-20 | 交易取消 |');
    expect(md).toContain('**延期豁免登记**：采用 3 条，未匹配 1 条');
    expect(md).toMatch(/- \S+延期豁免登记\.csv:5 · KF-02a · SK-0I\n/);
  });
});

describe('html', () => {
  const html = render('html');
  it('the note beside the key, the section, 事后批准, every value escaped', () => {
    const piece = (text: string) => `<span style="white-space:nowrap;">${text}</span>`;
    const note = `<span style="color:#2471a3;font-size:13px;">${[piece('已批准延期至 10-17'), piece('王经理'), piece('事后批准')].join(' · ')}</span>`;
    // The note is a line of the late item's block, and of its entry in the section.
    expect(html.split(note)).toHaveLength(3);
    expect(html).toContain(`已批准延期与豁免：${piece('客服部 延期 2 · 豁免 1')} &nbsp; ${piece('合计 延期 2 · 豁免 1')}`);
    expect(html).toContain('已批准延期与豁免 (3)');
    expect(html).toContain('原因：交易取消');
    expect(html).toContain('=客户在外地&lt;b&gt;');
    expect(html).not.toContain('客户在外地<b>');
    expect(html).toContain('延期豁免登记：采用 3 条，未匹配 1 条');
    expect(html).toContain(`${piece('延期豁免登记.csv:5')} ${piece('KF-02a')} ${piece('SK-0I')}`);
    expect(html).not.toMatch(/<script|<style|<svg|<img|<link|@import|url\(|src=/i);
  });
});

describe('csv', () => {
  const rows = render('csv').split('\r\n');
  it('the approval columns, the approved items that are not findings, and the formula guard', () => {
    expect(rows[0]).toBe('\uFEFF部门,规则,状态,级别,数据,单号,客户,经办人,文件,行,发生日期,应交时间,应交钟点,实交时间,迟交天数,工作日,说明,批准,批准人,批准日期,原因,事后批准');
    expect(rows[1]).toMatch(/^客服部,KF-02a,迟交,错误,swipes,SK-2,吴艳,郑洁,\S+,3,2026-10-15,2026-10-16,,2026-10-19T10:00,2,1,提车次日提供刷卡单：应于 2026-10-17 前交，2026-10-19 10:00 才交，迟 2 天（1 个工作日）,延期至 2026-10-17,王经理,2026-10-18,'=客户在外地<b>,是$/);
    expect(rows[2]).toMatch(/^客服部,KF-02a,按时,错误,swipes,SK-1,.*,延期至 2026-10-12,王经理,2026-10-09,银行POS系统故障,$/);
    expect(rows[3]).toMatch(/^客服部,KF-02a,已豁免,错误,swipes,SK-3,.*,豁免,李总,2026-10-20,交易取消,$/);
    expect(rows).toHaveLength(5);
  });
});

describe('json', () => {
  it('approved and waiverLog beside the findings, the waiver on the finding', () => {
    const parsed = JSON.parse(render('json'));
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'period', 'asOf', 'timezone', 'inputs', 'notProvided', 'notChecked', 'summary', 'findings', 'approved', 'waiverLog', 'problems', 'warnings']);
    expect(Object.keys(parsed.findings[0])).toEqual(['ruleId', 'department', 'dataset', 'status', 'severity', 'key', 'customer', 'handler', 'file', 'line', 'eventDate', 'dueDate', 'dueTime', 'submitted', 'daysLate', 'workdaysLate', 'message', 'waiver']);
    expect(Object.keys(parsed.findings[0].waiver)).toEqual(['kind', 'until', 'approver', 'approved', 'reason', 'retroactive', 'file', 'line']);
    expect(parsed.approved).toEqual(JSON.parse(JSON.stringify(result.approved)));
  });
});
