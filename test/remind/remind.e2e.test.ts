// `isla remind` as cron runs it (the built CLI; npm test builds dist/ first): the
// sample month, the quiet holiday, every format's bytes, exit codes and the mails.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, writeExport } from '../helpers.js';

const SAMPLE_REMIND = ['remind', 'fixtures/2026-10', '--as-of', '2026-10-15T09:00'];

describe('the sample month as of Thu Oct 15 09:00', async () => {
  // Three machine zones, and once with every dataset read on a worker thread.
  const envs = [{ TZ: 'Asia/Shanghai' }, { TZ: 'UTC' }, { TZ: 'Europe/Berlin' }, { TZ: 'UTC', ISLA_WORKERS: '2' }];
  const runs = await Promise.all(envs.map((env) => runCli([...SAMPLE_REMIND, '-f', 'json'], env)));
  const result = JSON.parse(runs[0]!.stdout);

  it('gives the same bytes whatever zone the server runs in and however many threads read, exit 1, nothing on stderr', () => {
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(runs[0]!.stdout);
    }
  });

  it('is SPEC §6.2’s shape with kind and window instead of a period', () => {
    expect(Object.keys(result)).toEqual(['schemaVersion', 'kind', 'tool', 'window', 'asOf', 'timezone', 'inputs', 'notProvided', 'notChecked', 'summary', 'findings', 'problems', 'warnings']);
    expect(result).toMatchObject({ schemaVersion: 1, kind: 'reminders', window: { from: '2026-09-01', to: '2026-10-19' }, asOf: '2026-10-15T09:00:00+08:00', timezone: 'Asia/Shanghai' });
    expect(result.summary.total).toEqual({ dueSoon: 8, overdue: 4 });
  });

  it('lists exactly these items, by department, soonest due first', () => {
    expect(result.findings.map((f: Record<string, unknown>) => [f.department, f.ruleId, f.status, f.key, f.dueDate, f.dueTime, f.daysLate ?? null, f.workdaysLate ?? null])).toEqual([
      ['消贷部', 'XD-09', 'overdue', '消贷部/办结/2026-08', '2026-09-07', null, 38, 24],
      ['消贷部', 'XD-09', 'overdue', '消贷部/办结/2026-09', '2026-10-08', null, 7, 6],
      ['消贷部', 'XD-01', 'dueSoon', 'DK2026100012', '2026-10-16', null, null, null],
      ['消贷部', 'XD-02', 'dueSoon', 'DK2026100004', '2026-10-16', null, null, null],
      ['消贷部', 'XD-01', 'dueSoon', 'DK2026100004', '2026-10-19', null, null, null],
      // Picked up Oct 14; the slip came in at 16:28 on the 15th, after this run's 09:00.
      ['客服部', 'KF-02a', 'dueSoon', 'SK-0011', '2026-10-15', null, null, null],
      ['客服部', 'KF-01', 'dueSoon', 'BX-KF-002', '2026-10-16', null, null, null],
      ['保险部', 'BX-06', 'overdue', '保险部/欠款报表/2026-08', '2026-09-07', null, 38, 24],
      ['保险部', 'BX-03a', 'dueSoon', 'BA2026100018', '2026-10-19', null, null, null],
      // Due Oct 1 12:00, rolled past National Day keeping the time.
      ['销售部', 'XS-08b', 'overdue', 'BX-XS-003', '2026-10-08', '12:00', 7, 6],
      ['人事部', 'RS-02', 'dueSoon', 'BX-RS-001', '2026-10-16', null, null, null],
      ['人事部', 'RS-05', 'dueSoon', 'E1023', '2026-10-16', null, null, null],
    ]);
  });
});

describe('a day finance does not work', () => {
  it.each([
    ['2026-10-03T09:00', '2026-10-03（国庆节）不是财务部工作日：今天不发提醒，也不输出清单；要照常运行请加 --force。\n', []],
    ['2026-10-11T09:00', '2026-10-11（周日）不是财务部工作日：今天不发提醒，也不输出清单；要照常运行请加 --force。\n', []],
    ['2026-10-11T09:00', '2026-10-11 (Sunday) is not a finance workday: no reminders today, nothing sent; add --force to run anyway.\n', ['--lang', 'en']],
  ])('as of %s stays quiet: exit 0, one sentence on stderr, no mail', async (asOf, sentence, extra) => {
    const dir = tempDir();
    writeExport(dir, 'isla.config.yaml', 'mail:\n  from: finance@dealer.example\n  finance: [boss@dealer.example]\n');
    const out = path.join(dir, 'mails');
    const r = await runCli(['remind', path.join(ROOT, 'fixtures/2026-10'), '--as-of', asOf, '--mail-out', out, ...extra], {}, dir);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', sentence]);
    expect(existsSync(out)).toBe(false);
  });

  it('the make-up Saturday Oct 10 is a workday: it runs', async () => {
    const r = await runCli(['remind', 'fixtures/2026-10', '--as-of', '2026-10-10T09:00', '-f', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).window).toEqual({ from: '2026-09-01', to: '2026-10-13' });
  });

  it('--force runs on a holiday, the window counted from that day', async () => {
    const r = await runCli(['remind', 'fixtures/2026-10', '--as-of', '2026-10-03T09:00', '--force', '-f', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).window).toEqual({ from: '2026-09-01', to: '2026-10-09' });
  });
});

describe('exit codes and options', () => {
  it.each([
    [['--fail-on', 'none'], 0],
    [['--rule', 'XS-06'], 0], // a rule that is never a reminder
    [['--within', 'two'], 2],
    [['--since', '2026-10-16'], 2],
    [['--since', '2026-02-30'], 2],
    [['--department', '客服'], 2],
  ])('%j → exit %i', async (extra, code) => {
    const r = await runCli([...SAMPLE_REMIND, '-f', 'json', ...extra]);
    expect(r.code).toBe(code);
    if (code === 2) expect(r.stderr).toMatch(/^选项 --\S+ 的值“.+”无效：.+。\n$/);
  });

  it('--mail with no mail config is exit 2 with the fix', async () => {
    const r = await runCli([...SAMPLE_REMIND, '--mail']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

// One dealership morning: a slip due today, an archive due in one workday, a report
// overdue, a customer whose name Excel would run as a formula.
const SMALL = {
  '刷卡单.csv': '刷卡单号,客户姓名,车架号,提车日期,提交日期,经办人\nSK-1,=HYPERLINK("x"),LSV1,2026-10-14 10:00,,郑洁\nSK-2,<b>李</b>,LSV2,2026-10-13 10:00,2026-10-14 09:00,郑洁\n',
  '放贷记录.csv': '合同编号,客户姓名,放贷日期,录入日期,资料交付日期,经办人\nDK-1,王芳,2026-10-14,,2026-10-14,吴磊\n',
  '报表报送.csv': '部门,报表名称,所属月份,提交时间\n消贷部,欠款报表,2026-09,2026-10-08 10:00\n消贷部,办结,2026-09,2026-10-08 10:00\n',
};

async function small(args: string[]) {
  const dir = tempDir();
  for (const [name, content] of Object.entries(SMALL)) writeExport(dir, name, content);
  return runCli(['remind', '.', '--as-of', '2026-10-15T09:00', ...args], {}, dir);
}

describe('every format', () => {
  it('table: grouped by department, the time left in finance’s words', async () => {
    const r = await small(['--rule', 'KF-02a,XD-01,BX-06']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        '财务部单据到期提醒  检查时点 2026-10-15T09:00:00+08:00  时区 Asia/Shanghai',
        '逾期未交：应交日期自 2026-09-01 起 · 即将到期：至 2026-10-19 止（2 个工作日内）',
        '读入 3 个文件，5 行，被拒绝 0 行',
        '',
        '部门汇总',
        '  部门    即将到期  逾期未交',
        '  消贷部         1         0',
        '  客服部         1         0',
        '  保险部         0         2',
        '  合计           2         2',
        '',
        '消贷部（1）',
        '  剩余时间         应交时间  规则   服务项目              单号  客户  经办人  发生日期',
        '  还剩 1 个工作日  10-16     XD-01  分期客户档案及时录入  DK-1  王芳  吴磊    10-14',
        '',
        '客服部（1）',
        '  剩余时间  应交时间  规则    服务项目            单号  客户             经办人  发生日期',
        '  今天内    10-15     KF-02a  提车次日提供刷卡单  SK-1  =HYPERLINK("x")  郑洁    10-14',
        '',
        '保险部（2）',
        '  剩余时间      应交时间  规则   服务项目           单号                     客户  经办人  发生日期',
        '  已逾期 38 天  09-07     BX-06  欠款报表（5号前）  保险部/欠款报表/2026-08',
        '  已逾期 7 天   10-08     BX-06  欠款报表（5号前）  保险部/欠款报表/2026-09',
        '',
      ].join('\n'),
    );
  });

  it('csv: BOM, CRLF, the formula guard, English headers with --lang en', async () => {
    const r = await small(['--rule', 'KF-02a', '-f', 'csv', '--lang', 'en']);
    expect(r.stdout.split('\r\n')).toEqual([
      '\uFEFFDepartment,Status,Time left,Due,Due time,Rule,Item,Key,Customer,Handler,Event,Days late,Workdays,Dataset,File,Line,Severity,Details',
      `客服部,Due soon,by end of today,2026-10-15,,KF-02a,提车次日提供刷卡单,SK-1,"'=HYPERLINK(""x"")",郑洁,2026-10-14,,,swipes,刷卡单.csv,2,error,"提车次日提供刷卡单: due 2026-10-15, not delivered yet"`,
      '',
    ]);
  });

  it('markdown: a table per department, cells escaped', async () => {
    const r = await small(['--rule', 'KF-02a', '-f', 'markdown']);
    expect(r.stdout).toContain('## 客服部（1）\n\n| 剩余时间 | 应交时间 | 规则 | 服务项目 | 单号 | 客户 | 经办人 | 发生日期 |\n');
    expect(r.stdout).toContain('| 今天内 | 2026-10-15 | KF-02a | 提车次日提供刷卡单 | SK-1 | =HYPERLINK("x") | 郑洁 | 2026-10-14 |\n');
  });

  it('html: self-contained, every value escaped, the time left in colour', async () => {
    const r = await small(['-f', 'html', '--since', '2026-10-01']);
    expect(r.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(r.stdout).not.toMatch(/<style|<script|<img|<svg|https?:\/\//i);
    expect(r.stdout).toContain('<span style="white-space:nowrap;color:#b9770e;font-weight:bold;">今天内</span>');
    expect(r.stdout).toContain('<span style="white-space:nowrap;color:#c0392b;font-weight:bold;">已逾期 7 天</span>');
    expect(r.stdout).toContain('逾期未交：应交日期自 2026-10-01 起');
    expect(r.stdout).not.toContain('2026-08'); // --since cut off August's report
  });

  it('json: a row delivered before the run is no reminder, rows are not lost', async () => {
    const r = await small(['-f', 'json', '--rule', 'KF-02a']);
    const json = JSON.parse(r.stdout);
    expect(json.findings.map((f: Record<string, unknown>) => [f.key, f.status, f.customer, f.line])).toEqual([['SK-1', 'dueSoon', '=HYPERLINK("x")', 2]]);
    expect(json.inputs.map((i: Record<string, unknown>) => [i.dataset, i.rows, i.rejected])).toEqual([
      ['swipes', 2, 0],
      ['reports', 2, 0],
      ['loans', 1, 0],
    ]);
  });
});

describe('--mail-out: each head their own reminders, finance the whole list', async () => {
  const dir = tempDir();
  for (const [name, content] of Object.entries(SMALL)) writeExport(dir, name, content);
  writeExport(
    dir,
    'isla.config.yaml',
    [
      'mail:',
      '  from: 财务部 <finance@dealer.example>',
      '  finance: [finance-manager@dealer.example]',
      '  sendWhen: always',
      '  departments:',
      '    消贷部: [loans-head@dealer.example]',
      '    客服部: [cs-head@dealer.example]',
      '    人事部: [hr-head@dealer.example]',
      '  subject:',
      '    remindDepartment: "{department} 到期提醒：即将到期 {dueSoon}，逾期未交 {overdue}（{asOf}）"',
      '',
    ].join('\n'),
  );
  const r = await runCli(['remind', '.', '--as-of', '2026-10-15T09:00', '--mail-out', 'out', '-f', 'json'], {}, dir);
  const files = readdirSync(path.join(dir, 'out')).sort();
  const mail = (name: string) => simpleParser(readFileSync(path.join(dir, 'out', name)));

  it('writes one file per head with something due, and finance’s; 人事部 has nothing and gets none', () => {
    expect(r.code).toBe(1);
    expect(files).toEqual(['remind-2026-10-15-department-客服部.eml', 'remind-2026-10-15-department-消贷部.eml', 'remind-2026-10-15-finance.eml']);
    expect(r.stderr).toContain('保险部');
  });

  it('a head sees only their department, with the subject of mail.subject.remindDepartment', async () => {
    const m = await mail('remind-2026-10-15-department-客服部.eml');
    expect(m.subject).toBe('客服部 到期提醒：即将到期 1，逾期未交 0（2026-10-15 09:00）');
    expect(m.to && 'text' in m.to ? m.to.text : '').toBe('cs-head@dealer.example');
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');
    expect(m.text).toContain('今天内');
    expect(m.text).toContain('SK-1');
    expect(m.text).not.toContain('DK-1');
    expect(m.html).toContain('=HYPERLINK(&quot;x&quot;)');
    expect(m.attachments.map((a) => a.filename)).toEqual(['2026-10-15-客服部-到期提醒.csv']);
    const csv = m.attachments[0]!.content.toString('utf8');
    expect(csv.startsWith('\uFEFF部门,状态,剩余时间')).toBe(true);
    expect(csv).not.toContain('消贷部');
  });

  it('finance gets every department, with the built-in remindFinance subject', async () => {
    const m = await mail('remind-2026-10-15-finance.eml');
    expect(m.subject).toBe('2026-10-15 09:00 到期提醒：即将到期 2，逾期未交 4');
    for (const key of ['SK-1', 'DK-1', '保险部/欠款报表/2026-09', '消贷部/办结/2026-08']) expect(m.text).toContain(key);
    expect(m.attachments.map((a) => a.filename)).toEqual(['2026-10-15-到期提醒.csv']);
  });
});
