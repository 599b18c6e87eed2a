// The built CLI, as a user and a cron job run it (npm test builds dist/ first).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, SAMPLE, tempDir, writeExport } from './helpers.js';

const run = promisify(execFile);

async function isla(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  try {
    // The runner's own colour settings must not leak into the CLI under test.
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...base } = process.env;
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, env: { ...base, ...env }, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const SAMPLE_ARGS = ['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00'];

describe('the sample month (npm start)', async () => {
  const { code, stdout, stderr } = await isla([...SAMPLE_ARGS, '-f', 'json']);
  const result = JSON.parse(stdout);

  it('exits 1 (error findings) and prints nothing else to stderr', () => {
    expect(code).toBe(1);
    expect(stderr).toBe('');
  });

  it('reads every dataset in its own encoding', () => {
    expect(result.inputs.map((i: Record<string, unknown>) => [i.dataset, path.basename(String(i.file)), i.encoding, i.delimiter, i.rows, i.rejected])).toEqual([
      ['business', '业务单.csv', 'utf-8', ',', 21, 1],
      ['swipes', '刷卡单.csv', 'gb18030', ',', 16, 0],
      ['enrollments', '员工参保.csv', 'utf-8', ',', 4, 0],
      ['reports', '报表报送.csv', 'utf-8', ',', 3, 0],
      ['loans', '放贷记录.csv', 'utf-8-bom', ',', 21, 1],
      ['claims', '理赔金额.txt', 'utf-16le', '\t', 15, 0],
      ['expenses', '费用报销.csv', 'utf-8', ',', 10, 0],
      ['storage', '车辆入库.csv', 'utf-8', ',', 4, 0],
    ]);
    expect(result.notProvided).toEqual([]);
    expect(result.notChecked).toEqual([{ ruleId: 'XD-07', reason: '文件 放贷记录.csv 中没有“公证费报送日期”列' }]);
    expect(result.problems.map((p: Record<string, unknown>) => [path.basename(String(p.file)), p.line, p.field, p.value, p.code])).toEqual([
      ['业务单.csv', 15, '交车日期', '09/10/2026', 'invalid-date'],
      ['放贷记录.csv', 23, '放贷日期', '2026-09-31', 'invalid-date'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('finds exactly these items, in the order of SPEC §6.2', () => {
    const brief = result.findings.map((f: Record<string, unknown>) => [
      f.ruleId, f.status, f.key, f.file ? path.basename(String(f.file)) : null, f.line, f.eventDate, f.dueDate, f.dueTime, f.submitted, f.daysLate ?? null, f.workdaysLate ?? null,
    ]);
    expect(brief).toEqual([
      ['XD-09', 'overdue', '消贷部/办结/2026-09', null, null, null, '2026-10-08', null, null, 29, 22],
      ['XD-02', 'overdue', 'DK2026100004', '放贷记录.csv', 6, '2026-10-15', '2026-10-16', null, null, 21, 15],
      ['XD-02', 'late', 'DK2026100001', '放贷记录.csv', 3, '2026-09-30', '2026-10-08', null, '2026-10-10T09:30', 2, 2],
      ['XD-01', 'late', 'DK2026100004', '放贷记录.csv', 6, '2026-10-15', '2026-10-19', null, '2026-10-21T11:00', 2, 2],
      ['XD-04', 'late', 'DK2026100005', '放贷记录.csv', 7, '2026-10-23', '2026-10-28', null, '2026-10-30', 2, 2],
      ['XD-02', 'late', 'DK2026100009', '放贷记录.csv', 11, '2026-10-09', '2026-10-10', null, '2026-10-12', 2, 1],
      ['XD-03', 'mismatch', 'DK2026100003', '放贷记录.csv', 5, '2026-10-12', null, null, null, null, null],
      ['KF-03b', 'overdue', 'LSVAU2180N2590978', '车辆入库.csv', 4, '2026-10-17', '2026-10-17', null, null, 20, 15],
      ['KF-02a', 'overdue', 'SK-0005', '刷卡单.csv', 6, '2026-10-22', '2026-10-23', null, null, 14, 10],
      ['KF-01', 'overdue', 'BX-KF-005', '费用报销.csv', 6, '2026-10-22', '2026-10-29', null, null, 8, 6],
      ['KF-02a', 'late', 'SK-0004', '刷卡单.csv', 5, '2026-10-15', '2026-10-16', null, '2026-10-19T10:00', 3, 1],
      ['KF-01', 'late', 'BX-KF-002', '费用报销.csv', 3, '2026-10-09', '2026-10-16', null, '2026-10-19', 3, 1],
      ['KF-02a', 'late', 'SK-0003', '刷卡单.csv', 4, '2026-10-09', '2026-10-10', null, '2026-10-12T09:00', 2, 1],
      ['KF-03a', 'late', 'LSVAU2180N2590978', '车辆入库.csv', 4, '2026-10-17', '2026-10-17', null, '2026-10-19', 2, 1],
      ['KF-03b', 'late', 'LSVAU2180N2583059', '车辆入库.csv', 3, '2026-10-12', '2026-10-12', null, '2026-10-13T09:00', 1, 1],
      ['KF-02b', 'missing', 'YW20261007', '业务单.csv', 12, '2026-10-16', null, null, null, null, null],
      [null, 'duplicate', 'SK-0004', '刷卡单.csv', 9, '2026-10-15', null, null, null, null, null],
      ['BX-03a', 'overdue', 'BA2026100014', '理赔金额.txt', 6, '2026-10-27', '2026-10-29', null, null, 8, 6],
      ['BX-06', 'late', '保险部/欠款报表/2026-09', '报表报送.csv', 3, null, '2026-10-08', null, '2026-10-09T14:00', 1, 1],
      ['BX-03a', 'late', 'BA2026100011', '理赔金额.txt', 3, '2026-10-09', '2026-10-12', null, '2026-10-13T10:00', 1, 1],
      ['BX-03b', 'incomplete', 'BA2026100012', '理赔金额.txt', 4, '2026-10-14', null, null, null, null, null],
      ['BX-03b', 'incomplete', 'BA2026100015', '理赔金额.txt', 7, '2026-10-21', null, null, null, null, null],
      ['BX-03c', 'mismatch', 'BA2026100013', '理赔金额.txt', 5, '2026-10-19', null, null, null, null, null],
      ['XS-08b', 'overdue', 'BX-XS-003', '费用报销.csv', 9, '2026-09-26', '2026-10-08', '12:00', null, 29, 22],
      ['XS-07', 'late', 'YW20261005', '业务单.csv', 10, '2026-10-22', '2026-10-26', null, '2026-10-29', 3, 3],
      ['XS-07', 'late', 'YW20260902', '业务单.csv', 3, '2026-09-29', '2026-10-08', null, '2026-10-09', 1, 1],
      ['XS-08b', 'late', 'BX-XS-002', '费用报销.csv', 8, '2026-09-25', '2026-10-08', '12:00', '2026-10-09T09:00', 1, 1],
      ['XS-08a', 'late', 'YW20260902', '业务单.csv', 3, '2026-09-29', '2026-10-08', '12:00', '2026-10-08T15:10', 0, 0],
      ['XS-05', 'incomplete', 'YW20261003', '业务单.csv', 8, '2026-10-09', null, null, null, null, null],
      ['XS-01', 'incomplete', 'YW20261004', '业务单.csv', 9, '2026-10-15', null, null, null, null, null],
      ['XS-06', 'violation', 'YW20261002', '业务单.csv', 7, '2026-10-09', null, null, null, null, null],
      ['XS-02', 'violation', 'YW20261004', '业务单.csv', 9, '2026-10-15', null, null, null, null, null],
      ['XS-02', 'violation', 'YW20261008', '业务单.csv', 13, '2026-10-20', null, null, null, null, null],
      ['RS-05', 'late', 'E1022', '员工参保.csv', 3, '2026-10-09', '2026-10-10', null, '2026-10-12', 2, 1],
      ['RS-02', 'late', 'BX-RS-002', '费用报销.csv', 11, '2026-10-20', '2026-10-27', null, '2026-10-29', 2, 2],
    ]);
  });

  it('summarises every department', () => {
    const row = (department: string, due: number, onTime: number, late: number, overdue: number, otherFindings: number, onTimeRate: number, notJudged = 0) =>
      ({ department, due, onTime, late, overdue, pending: 0, extended: 0, waived: 0, otherFindings, onTimeRate, notJudged });
    // The 放贷日期 2026-09-31 and 交车日期 09/10/2026 rows could not be judged: one each.
    expect(result.summary.byDepartment).toEqual([
      row('消贷部', 43, 37, 4, 2, 1, 0.8605, 1),
      row('客服部', 26, 18, 5, 3, 2, 0.6923),
      row('保险部', 16, 13, 2, 1, 3, 0.8125),
      row('销售部', 10, 5, 4, 1, 5, 0.5, 1),
      row('人事部', 5, 3, 2, 0, 0, 0.6),
    ]);
    expect(result.summary.total).toEqual({ due: 100, onTime: 76, late: 17, overdue: 7, pending: 0, extended: 0, waived: 0, otherFindings: 11, onTimeRate: 0.76, notJudged: 2 });
  });

  it('keeps the JSON contract (schemaVersion 1)', () => {
    expect(Object.keys(result)).toEqual(['schemaVersion', 'tool', 'period', 'asOf', 'timezone', 'inputs', 'notProvided', 'notChecked', 'summary', 'findings', 'approved', 'waiverLog', 'problems', 'warnings']);
    expect(result.approved).toEqual([]);
    expect(result.waiverLog).toEqual({ applied: 0, unmatched: [] });
    expect(result.schemaVersion).toBe(1);
    expect(result.tool).toEqual({ name: 'isla', version: '0.1.0' });
    expect(result.period).toEqual({ label: '2026-10', start: '2026-10-01', end: '2026-10-31' });
    expect(result.asOf).toBe('2026-11-06T09:00:00+08:00');
    expect(result.timezone).toBe('Asia/Shanghai');
    const late = result.findings.find((f: Record<string, unknown>) => f.status === 'late');
    expect(Object.keys(late)).toEqual(['ruleId', 'department', 'dataset', 'status', 'severity', 'key', 'customer', 'handler', 'file', 'line', 'eventDate', 'dueDate', 'dueTime', 'submitted', 'daysLate', 'workdaysLate', 'message']);
    const other = result.findings.find((f: Record<string, unknown>) => f.status === 'mismatch');
    expect(Object.keys(other)).toEqual(['ruleId', 'department', 'dataset', 'status', 'severity', 'key', 'customer', 'handler', 'file', 'line', 'eventDate', 'dueDate', 'dueTime', 'submitted', 'message']);
    expect(Object.keys(result.problems[0])).toEqual(['file', 'line', 'field', 'value', 'code', 'message']);
  });
});

describe('time zones', () => {
  it('a UTC server given a Beijing-time moment judges exactly as Beijing does', async () => {
    const beijing = await isla([...SAMPLE_ARGS, '-f', 'json'], { TZ: 'Asia/Shanghai' });
    const utcOffset = await isla(['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00+08:00', '-f', 'json'], { TZ: 'UTC' });
    const utcZulu = await isla(['check', 'fixtures/2026-10', '--as-of', '2026-11-06T01:00:00Z', '-f', 'json'], { TZ: 'America/New_York' });
    expect(utcOffset.stdout).toBe(beijing.stdout);
    expect(utcZulu.stdout).toBe(beijing.stdout);
  });
});

describe('a mid-month run', () => {
  it('counts items not yet due as pending', async () => {
    const { stdout } = await isla(['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00', '--period', '2026-11', '-f', 'json']);
    const result = JSON.parse(stdout);
    expect(result.summary.byDepartment.find((d: { department: string }) => d.department === '人事部')).toEqual({
      department: '人事部', due: 0, onTime: 0, late: 0, overdue: 0, pending: 1, extended: 0, waived: 0, otherFindings: 0, onTimeRate: null, notJudged: 0,
    });
  });
});

describe('worker threads give the same answer as one thread', () => {
  it('ISLA_WORKERS=2 vs ISLA_WORKERS=0', async () => {
    const one = await isla([...SAMPLE_ARGS, '-f', 'json'], { ISLA_WORKERS: '0' });
    const two = await isla([...SAMPLE_ARGS, '-f', 'json'], { ISLA_WORKERS: '2' });
    expect(two.stdout).toBe(one.stdout);
  });

  it('a worker that runs out of its heap cap hands its dataset back to the main thread', async () => {
    const one = await isla([...SAMPLE_ARGS, '-f', 'json'], { ISLA_WORKERS: '0' });
    // A 1 MB cap cannot even load the worker's code: every worker task falls back.
    const starved = await isla([...SAMPLE_ARGS, '-f', 'json'], { ISLA_WORKERS: '1', ISLA_WORKER_HEAP_MB: '1' });
    expect(starved.code).toBe(1);
    expect(starved.stdout).toBe(one.stdout);
  });
});

describe('exit codes', () => {
  it('0 with --fail-on none (npm start)', async () => {
    expect((await isla([...SAMPLE_ARGS, '--fail-on', 'none'])).code).toBe(0);
  });

  it('warnings fail only with --fail-on warning', async () => {
    const { readFileSync } = await import('node:fs');
    // The sample's loan log without its unreadable 放贷日期 row (line 23), which alone would fail the run.
    const lines = readFileSync(path.join(SAMPLE, '放贷记录.csv'), 'utf8').split('\n');
    const dir = tempDir();
    writeExport(dir, '放贷记录.csv', [...lines.slice(0, 22), ...lines.slice(23)].join('\n'));
    const args = ['check', dir, '--as-of', '2026-11-06T09:00', '--rule', 'XD-03'];
    expect((await isla(args)).code).toBe(0);
    expect((await isla([...args, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('a row that could not be judged fails the run at --fail-on error, even with no error finding', async () => {
    const { code, stdout } = await isla([...SAMPLE_ARGS, '--rule', 'XD-03', '-f', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).summary.total).toMatchObject({ due: 0, notJudged: 1 });
    expect((await isla([...SAMPLE_ARGS, '--rule', 'XD-03', '--fail-on', 'none'])).code).toBe(0);
  });

  it('2 with --strict and rejected rows, listing them on stderr', async () => {
    const { code, stdout, stderr } = await isla([...SAMPLE_ARGS, '--strict']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('业务单.csv:15  交车日期');
    expect(stderr.trim().split('\n').at(-1)).toBe('--strict：有 2 行数据被拒绝（见上方列表）：请修正这些行后重新导出，或去掉 --strict。');
  });

  it.each([
    ['a bad option value', ['check', 'fixtures/2026-10', '--fail-on', 'sometimes'], 'Option --fail-on has an invalid value "sometimes": use one of error, warning, none.'],
    ['a bad period', ['check', 'fixtures/2026-10', '--period', '2026-13'], 'Option --period has an invalid value "2026-13": use 2026-10 or 2026-10-01..2026-10-31.'],
    ['a missing input', ['check', 'nowhere/'], 'Cannot read nowhere/ (ENOENT): check the path and that the file is readable.'],
    ['a misspelt rule id', ['check', 'fixtures/2026-10', '--rule', 'XD-88'], 'Option --rule has an invalid value "XD-88": the closest is XD-08.'],
    ['an unknown department', ['check', 'fixtures/2026-10', '--department', '财务部'], 'Option --department has an invalid value "财务部": use one of 消贷部, 客服部, 保险部, 销售部, 人事部.'],
    ['an unknown dataset name', ['check', 'salez=fixtures/2026-10/业务单.csv'], '"salez=" is not a known dataset: use one of loans, swipes, claims, business, expenses, reports, storage, enrollments, waivers.'],
  ])('2 for %s, with one plain sentence and no stack', async (_name, args, message) => {
    const { code, stdout, stderr } = await isla([...args, '--lang', 'en']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(message + '\n');
  });

  it('2 for a missing required column, naming the file and the fix', async () => {
    const dir = tempDir();
    const file = writeExport(dir, '刷卡单.csv', '刷卡单号,车架号,提车日期,交财务时间\nSK-1,V1,2026-10-09,2026-10-10\n');
    const { code, stderr } = await isla(['check', dir, '--as-of', '2026-11-06']);
    expect(code).toBe(2);
    expect(stderr).toBe(`文件 ${file}（刷卡单）缺少必需的列“提交日期”（尝试过：提交日期、交财务日期、刷卡单提交日期、提交时间）；最接近的表头是“交财务时间”：请在导出中加上该列，或在 isla.config.yaml 的 datasets.swipes.columns 里为它添加别名。\n`);
  });

  it('--verbose adds the stack', async () => {
    const { stderr } = await isla(['check', 'nowhere/', '--verbose']);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it('2 for an unknown command', async () => {
    expect((await isla(['chekc'])).code).toBe(2);
  });
});

describe('output channels and colour', () => {
  it('no colour when stdout is not a terminal; FORCE_COLOR turns it on, NO_COLOR off', async () => {
    const plain = await isla(SAMPLE_ARGS);
    expect(plain.stdout).not.toContain('\x1b[');
    expect((await isla(SAMPLE_ARGS, { FORCE_COLOR: '1' })).stdout).toContain('\x1b[');
    expect((await isla(SAMPLE_ARGS, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\x1b[');
    expect((await isla([...SAMPLE_ARGS, '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toContain('\x1b[');
  });

  it('the table report has the summary and the late items, within 100 columns', async () => {
    const { stdout } = await isla(SAMPLE_ARGS);
    expect(stdout).toContain('部门汇总');
    expect(stdout).toMatch(/消贷部\s+43\s+1\s+37\s+4\s+2\s+0\s+1\s+86\.0%/);
    expect(stdout).toMatch(/合计\s+100\s+2\s+76\s+17\s+7\s+0\s+11\s+76\.0%/);
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
    // Every line but the findings' prose messages (indented by six).
    const tableLines = stdout.split('\n').filter((l) => !l.startsWith('      '));
    expect(Math.max(...tableLines.map(width))).toBeLessThanOrEqual(100);
  });

  it('-o writes the chosen format to a file and nothing to stdout', async () => {
    const out = path.join(tempDir(), 'october.json');
    const { stdout } = await isla([...SAMPLE_ARGS, '-f', 'json', '-o', out]);
    expect(stdout).toBe('');
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
  });
});

describe('isla inspect, rules, calendar', () => {
  it('inspect --format json describes each file', async () => {
    const { code, stdout } = await isla(['inspect', SAMPLE, '-f', 'json']);
    expect(code).toBe(0);
    const loans = JSON.parse(stdout).files.find((f: { dataset: string }) => f.dataset === 'loans');
    expect(loans).toMatchObject({ assignedBy: 'hint', encoding: 'utf-8-bom', delimiter: ',', headerLine: 2, missingColumns: [], rows: 21, rejected: 1 });
    expect(loans.columns).toMatchObject({ 合同编号: '合同编号', 经办人: '业务员' });
    expect(loans.problems).toEqual([
      { file: path.join(SAMPLE, '放贷记录.csv'), line: 23, field: '放贷日期', value: '2026-09-31', code: 'invalid-date', message: '“放贷日期”的值“2026-09-31”日期不存在' },
    ]);
  });

  it('inspect exits 2 on a file-level error but still shows the other files', async () => {
    const dir = tempDir();
    writeExport(dir, '刷卡单.csv', '刷卡单号,车架号,提车日期,提交日期\nSK-1,"V1,2026-10-09,2026-10-10\n');
    writeExport(dir, '员工参保.csv', '工号,参保日期,通知财务日期\nE1,2026-10-09,2026-10-10\n');
    const { code, stdout, stderr } = await isla(['inspect', dir, '--lang', 'en']);
    expect(code).toBe(2);
    expect(stdout).toContain('the quote opened on line 2 is never closed');
    expect(stderr).toBe(`${path.join(dir, '刷卡单.csv')}: the quote opened on line 2 is never closed: open that row in Excel, fix the stray double quote and export again.\n`);
    expect(stdout).toContain('rows read: 1  rejected: 0');
  });

  it('rules lists the whole service list, manual items included', async () => {
    const { stdout } = await isla(['rules', '-f', 'json']);
    const rules = JSON.parse(stdout).rules;
    expect(rules).toHaveLength(39);
    expect(rules.find((r: { id: string }) => r.id === 'KF-02a')).toMatchObject({ department: '客服部', item: '提车次日及时提供刷卡单', check: '提车日期 → 提交日期：次日（遇财务休息日顺延）', dataset: 'swipes' });
    expect(rules.find((r: { id: string }) => r.id === 'XD-05')).toMatchObject({ kind: 'manual', check: '人工核对', dataset: null });
  });

  it('calendar --format json', async () => {
    const { stdout } = await isla(['calendar', '2026-10', '-f', 'json']);
    const month = JSON.parse(stdout);
    expect(month.month).toBe('2026-10');
    expect(month.days[0]).toEqual({ date: '2026-10-01', workday: false, kind: 'holiday', name: '国庆节' });
    expect(month.days[9]).toEqual({ date: '2026-10-10', workday: true, kind: 'makeup', name: '国庆节' });
    expect(month.days[10]).toEqual({ date: '2026-10-11', workday: false, kind: 'weekend' });
    expect(month.warnings).toEqual([]);
    const next = JSON.parse((await isla(['calendar', '2027-01', '-f', 'json', '--lang', 'en'])).stdout);
    expect(next.warnings[0].code).toBe('calendar-coverage');
    expect(next.warnings[0].message).toContain('does not cover 2027');
  });

  it('--version', async () => {
    expect((await isla(['--version'])).stdout).toBe('0.1.0\n');
  });
});

describe('the report set (--report DIR)', () => {
  it('writes json, markdown, html, csv and xlsx for the period, replacing an earlier set whole', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = tempDir();
    for (let run = 0; run < 2; run++) {
      const { code, stdout } = await isla([...SAMPLE_ARGS, '--report', dir, '-f', 'json', '--fail-on', 'none']);
      expect(code).toBe(0);
      expect(readdirSync(path.join(dir, '2026-10')).sort()).toEqual(['findings.csv', 'findings.xlsx', 'summary.html', 'summary.json', 'summary.md']);
      expect(readFileSync(path.join(dir, '2026-10', 'summary.json'), 'utf8')).toBe(stdout);
    }
    const csv = readFileSync(path.join(dir, '2026-10', 'findings.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').split('\r\n')).toHaveLength(1 + 35 + 1);
    // 37/43 = 86.05 %: rounded once from the fraction, 86.0 %; 未判定 beside 应交.
    expect(readFileSync(path.join(dir, '2026-10', 'summary.md'), 'utf8')).toContain('| 部门 | 应交 | 未判定 | 按时 | 迟交 | 逾期未交 | 待交 | 其他问题 | 按时率 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n| 消贷部 | 43 | 1 | 37 | 4 | 2 | 0 | 1 | 86.0% |');
  });

  it('refuses an output path that is one of the inputs (exit 2) and leaves it untouched', async () => {
    const { readFileSync } = await import('node:fs');
    const dir = tempDir();
    const input = writeExport(dir, '刷卡单.csv', '刷卡单号,车架号,提车日期,提交日期\nSK-1,V1,2026-10-09,2026-10-10\n');
    const before = readFileSync(input);
    const { code, stderr } = await isla(['check', input, '--as-of', '2026-11-06', '-o', input, '--lang', 'en']);
    expect(code).toBe(2);
    expect(stderr).toBe(`The output path ${input} is one of the inputs and will not be overwritten: choose another path.\n`);
    expect(readFileSync(input)).toEqual(before);
  });
});

describe('configuration from the command line', () => {
  const CONFIG = 'calendar:\n  extraWorkdays: [2026-10-17]\ndatasets:\n  swipes:\n    columns:\n      提交日期: [交财务时间]\nrules:\n  KF-02a:\n    due: {workdays: 1}\n';

  it('./isla.config.yaml is found in the working directory; rules, calendar and inspect reflect it', async () => {
    const dir = tempDir();
    writeExport(dir, 'isla.config.yaml', CONFIG);
    writeExport(dir, '刷卡单.csv', '刷卡单号,车架号,提车日期,交财务时间\nSK-1,V1,2026-10-16,2026-10-19\n');
    const rules = JSON.parse((await isla(['rules', '-f', 'json'], {}, dir)).stdout).rules;
    expect(rules.find((r: { id: string }) => r.id === 'KF-02a').check).toBe('提车日期 → 提交日期：1 个财务工作日内');
    const month = JSON.parse((await isla(['calendar', '2026-10', '-f', 'json'], {}, dir)).stdout);
    expect(month.days[16]).toEqual({ date: '2026-10-17', workday: true, kind: 'makeup', name: '公司工作日' });
    const inspect = JSON.parse((await isla(['inspect', '.', '-f', 'json'], {}, dir)).stdout);
    expect(inspect.files[0].columns['提交日期']).toBe('交财务时间');
    // Event Fri Oct 16: the next finance workday is the worked Saturday, so Monday is late.
    const check = JSON.parse((await isla(['check', '.', '--as-of', '2026-11-06', '-f', 'json'], {}, dir)).stdout);
    expect(check.findings.map((f: Record<string, unknown>) => [f.ruleId, f.status, f.dueDate, f.daysLate])).toEqual([['KF-02a', 'late', '2026-10-17', 2]]);
  });

  it('a bad config stops every command with exit 2 and one sentence', async () => {
    const dir = tempDir();
    const file = writeExport(dir, 'isla.config.yaml', 'calender:\n  source: cn\n');
    for (const args of [['check', '.'], ['rules'], ['calendar', '2026-10'], ['inspect', '.']]) {
      const { code, stderr } = await isla([...args, '--lang', 'en'], {}, dir);
      expect(code).toBe(2);
      expect(stderr).toBe(`Config ${file} line 1: calender: unknown key "calender"; did you mean calendar?\n`);
    }
  });

  it('init writes a config that loads back, and will not overwrite it without --force', async () => {
    const dir = tempDir();
    expect((await isla(['init', dir])).code).toBe(0);
    const again = await isla(['init', dir, '--lang', 'en']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`${path.join(dir, 'isla.config.yaml')} already exists and was left as it is: add --force to replace it.\n`);
    expect((await isla(['init', dir, '--force'])).code).toBe(0);
    const withInit = await isla([...SAMPLE_ARGS, '-f', 'json', '-c', path.join(dir, 'isla.config.yaml')]);
    const without = await isla([...SAMPLE_ARGS, '-f', 'json']);
    expect(withInit.stdout).toBe(without.stdout);
  });
});
