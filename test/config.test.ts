import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, builtinConfig } from '../src/config/load.js';
import { starterConfig } from '../src/config/init.js';
import { IslaError } from '../src/errors.js';
import { SAMPLE, brief, checkFiles, configError, configFile, tempDir, writeExport } from './helpers.js';


describe('config errors name the file, the line, the key and the fix', () => {
  it.each([
    ['a misspelt top-level key', 'timezone: Asia/Shanghai\ncalender:\n  source: cn\n', 'Config CONFIG line 2: calender: unknown key "calender"; did you mean calendar?'],
    ['a misspelt nested key', 'calendar:\n  extraHoliday: [2026-10-13]\n', 'Config CONFIG line 2: calendar.extraHoliday: unknown key "extraHoliday"; did you mean extraHolidays?'],
    ['an unknown rule id', 'rules:\n  XD-88:\n    severity: warning\n', 'Config CONFIG line 2: rules.XD-88: no such rule; did you mean XD-08? A new rule needs kind, department and item.'],
    ['a bad due', 'rules:\n  KF-02a:\n    due: {days: -1}\n', 'Config CONFIG line 3: rules.KF-02a.due.days: expected a number ≥ 0, found -1.'],
    ['a due of no known form', 'rules:\n  KF-02a:\n    due: {weeks: 1}\n', 'Config CONFIG line 3: rules.KF-02a.due: expected sameDay, {days: N}, {workdays: N} or {monthly: {day: D, time: "HH:mm"}}, found {"weeks":1}.'],
    ['a bad severity', 'rules:\n  KF-02a:\n    severity: fatal\n', 'Config CONFIG line 3: rules.KF-02a.severity: expected "error" | "warning", found "fatal".'],
    ['a bad date', 'calendar:\n  extraWorkdays: [17/10/2026]\n', 'Config CONFIG line 2: calendar.extraWorkdays.0: expected a date like 2026-10-13, found "17/10/2026".'],
    ['a column that is not in the dataset', 'rules:\n  KF-02a:\n    submitted: 交财务时间\n', 'Config CONFIG line 3: rules.KF-02a.submitted: "交财务时间" is not a column of swipes; its columns are 刷卡单号, 客户姓名, 车架号, 提车日期, 提交日期, 刷卡金额, 经办人.'],
    ['a misspelt column', 'rules:\n  KF-02a:\n    submitted: 提交日其\n', 'Config CONFIG line 3: rules.KF-02a.submitted: "提交日其" is not a column of swipes; did you mean "提交日期"?'],
    ['an unknown dataset', 'rules:\n  KF-02a:\n    dataset: swipe\n', 'Config CONFIG line 3: rules.KF-02a.dataset: no dataset "swipe"; did you mean swipes?'],
    ['a new rule missing what its kind needs', 'rules:\n  XS-99:\n    department: 销售部\n    item: 新规则\n    kind: deadline\n    dataset: business\n', 'Config CONFIG line 2: rules.XS-99: a deadline rule needs event, submitted, due.'],
    ['a bad time zone', 'timezone: Beijing\n', 'Config CONFIG line 1: timezone: "Beijing" is not an IANA time zone (e.g. Asia/Shanghai).'],
    ['a date that does not exist in extraHolidays', 'calendar:\n  extraHolidays: [2026-02-30]\n', 'Config CONFIG line 2: calendar.extraHolidays.0: expected a date that exists (that month has no such day), found "2026-02-30".'],
    ['a 32nd day in extraWorkdays', 'calendar:\n  extraWorkdays:\n    - 2026-10-10\n    - 2026-10-32\n', 'Config CONFIG line 4: calendar.extraWorkdays.1: expected a date that exists (that month has no such day), found "2026-10-32".'],
    ['a date that does not exist in a year', 'calendar:\n  years:\n    2027:\n      holidays:\n        - 2027-02-06\n        - 2027-02-29\n', 'Config CONFIG line 6: calendar.years.2027.holidays.1: expected a date that exists (that month has no such day), found "2027-02-29".'],
    ['a day both off and worked', 'calendar:\n  extraHolidays: [2026-10-13]\n  extraWorkdays: [2026-10-17, 2026-10-13]\n', 'Config CONFIG line 3: calendar.extraWorkdays.1: 2026-10-13 is listed both as a day off and as a workday: keep only one.'],
    ['a day both off and worked in a year', 'calendar:\n  years:\n    2027:\n      holidays: [2027-02-06, 2027-02-07]\n      workdays:\n        - 2027-02-07\n', 'Config CONFIG line 6: calendar.years.2027.workdays.0: 2027-02-07 is listed both as a day off and as a workday: keep only one.'],
    ['a date of another year', 'calendar:\n  years:\n    2027:\n      holidays:\n        - 2026-11-30\n', "Config CONFIG line 5: calendar.years.2027.holidays.0: 2026-11-30 is not in 2027: list only 2027's dates here (or a New Year holiday starting in December 2026)."],
    ['a misspelt key in a year', 'calendar:\n  years:\n    2027:\n      holiday: [2027-02-06]\n', 'Config CONFIG line 4: calendar.years.2027.holiday: unknown key "holiday"; did you mean holidays?'],
    ['a year key that is not a year', 'calendar:\n  years:\n    27:\n      holidays: []\n', 'Config CONFIG line 3: calendar.years.27: expected a year like 2027 as the key, found "27".'],
    ['years with source: weekdays', 'calendar:\n  source: weekdays\n  years:\n    2027:\n      holidays: [2027-02-06]\n', 'Config CONFIG line 4: calendar.years only applies to the statutory calendar (source: cn): remove source: weekdays or calendar.years.'],
    ['invalid YAML', 'calendar:\n  source: cn\n extraHolidays: [2026-10-13\n', 'Config CONFIG line 3: not valid YAML'],
    ['a rule for a department that is not in the service list', 'rules:\n  KF-02a:\n    department: 消贷\n', 'Config CONFIG line 3: rules.KF-02a.department: "消贷" is not a department of the service list; did you mean 消贷部? To add a department, list it under departments.names.'],
    ['a new rule id one character off a built-in one', 'rules:\n  XD-2:\n    department: 消贷部\n    item: 及时提供卡、存折\n    dataset: loans\n    kind: deadline\n    event: 放贷日期\n    submitted: 资料交付日期\n    due: {workdays: 2}\n', 'Config CONFIG line 2: rules.XD-2: a new rule id one character off the built-in XD-02; did you mean XD-02? To change it, write rules.XD-02; to add a new rule, put new: true in it.'],
    ['an alias for a department that does not exist', 'departments:\n  aliases: {消贷: 消贷中心}\n', 'Config CONFIG line 2: departments.aliases.消贷: "消贷中心" is not a department of the service list; did you mean 消贷部? To add a department, list it under departments.names.'],
  ])('%s', (_name, text, message) => {
    expect(configError(text)).toContain(message);
  });

  it('a near-miss rule id in Chinese: 是不是 XD-02？', () => {
    expect(configError('rules:\n  XD-2:\n    department: 消贷部\n    item: 及时提供卡、存折\n    dataset: loans\n    kind: deadline\n    event: 放贷日期\n    submitted: 资料交付日期\n    due: {workdays: 2}\n', 'zh')).toBe('配置文件 CONFIG 第 2 行：rules.XD-2：新规则的编号与内置规则 XD-02 只差一个字符，是不是 XD-02？要修改它请写 rules.XD-02；确实要新增，请在这条规则里加上 new: true。');
  });

  it('new: true says the near-miss id is meant; departments.names adds a department', () => {
    const config = loadConfig({ config: configFile('rules:\n  XD-2:\n    department: 消贷部\n    item: 及时提供卡、存折\n    dataset: loans\n    kind: deadline\n    event: 放贷日期\n    submitted: 资料交付日期\n    due: {workdays: 2}\n    new: true\n'), lang: 'en' });
    expect(config.rules.filter((r) => r.id === 'XD-2' || r.id === 'XD-02').map((r) => [r.id, r.due])).toEqual([['XD-02', { workdays: 1 }], ['XD-2', { workdays: 2 }]]);
    expect(config.rules.find((r) => r.id === 'XD-2')).not.toHaveProperty('new');
    const withDept = loadConfig({ config: configFile('departments:\n  names: [行政部]\nrules:\n  XZ-01:\n    department: 行政部\n    item: 办公费用及时报销\n    dataset: expenses\n    kind: deadline\n    event: 发生日期\n    submitted: 报销日期\n    due: {days: 7}\n'), lang: 'en' });
    expect(withDept.rules.find((r) => r.id === 'XZ-01')!.department).toBe('行政部');
  });

  it('in Chinese by default', () => {
    expect(configError('calender: {}\n', 'zh')).toBe('配置文件 CONFIG 第 1 行：calender：未知的设置项“calender”，是不是 calendar？');
  });

  it('a date that does not exist, in Chinese', () => {
    expect(configError('calendar:\n  extraHolidays: [2026-10-01, 2026-02-30]\n', 'zh')).toBe('配置文件 CONFIG 第 2 行：calendar.extraHolidays.1：应为存在的日期（那个月没有这一天），实际为 "2026-02-30"。');
  });

  it('JSON works too', () => {
    expect(configError('{"timezone": "Asia/Shanghai", "rulez": {}}', 'en', 'isla.config.json')).toContain('rulez: unknown key "rulez"; did you mean rules?');
  });

  it('a missing --config file', () => {
    expect(() => loadConfig({ config: '/nonexistent/isla.yaml', lang: 'en' })).toThrow(IslaError);
  });
});

describe('the config changes what isla does', () => {
  const SWIPES = '刷卡单号,客户姓名,车架号,提车日期,交财务时间\nSK-1,张伟,V1,2026-10-15 10:00,2026-10-17 09:00\nSK-2,李娜,V2,2026-10-16 10:00,2026-10-17 10:00\n';

  it('an alias makes a renamed column work; Saturday work days move the deadlines', async () => {
    // A dealership whose 刷卡单 export calls 提交日期 "交财务时间" and whose finance team works Saturdays.
    const plain = loadConfig({ config: configFile('datasets:\n  swipes:\n    columns:\n      提交日期: [交财务时间]\n'), lang: 'en' });
    const result = await checkFiles({ '刷卡单.csv': SWIPES }, { rules: ['KF-02a'], config: plain });
    // SK-1 due Fri Oct 16: late; SK-2 due Sat Oct 17 → Mon Oct 19: on time.
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'KF-02a', status: 'late', key: 'SK-1', line: 2, dueDate: '2026-10-16', dueTime: null, submitted: '2026-10-17T09:00', daysLate: 1, workdaysLate: 0 },
    ]);
    const saturdays = loadConfig({ config: configFile('datasets:\n  swipes:\n    columns:\n      提交日期: [交财务时间]\ncalendar:\n  extraWorkdays: [2026-10-17, 2026-10-24]\n'), lang: 'en' });
    const withSaturdays = await checkFiles({ '刷卡单.csv': SWIPES }, { rules: ['KF-02a'], config: saturdays });
    // SK-1 is now one finance workday late (Sat Oct 17 is worked); SK-2 is due Saturday itself.
    expect(withSaturdays.findings.map(brief)).toEqual([
      { ruleId: 'KF-02a', status: 'late', key: 'SK-1', line: 2, dueDate: '2026-10-16', dueTime: null, submitted: '2026-10-17T09:00', daysLate: 1, workdaysLate: 1 },
    ]);
  });

  it('extraHolidays move a due date', async () => {
    const swipes = '刷卡单号,车架号,提车日期,提交日期\nSK-1,V1,2026-10-12 10:00,2026-10-14 09:00\n';
    const before = await checkFiles({ '刷卡单.csv': swipes }, { rules: ['KF-02a'] });
    expect(before.findings.map((f) => [f.status, f.dueDate])).toEqual([['late', '2026-10-13']]);
    const config = loadConfig({ config: configFile('calendar:\n  extraHolidays: [2026-10-13]\n'), lang: 'en' });
    const after = await checkFiles({ '刷卡单.csv': swipes }, { rules: ['KF-02a'], config });
    expect(after.findings).toEqual([]);
    expect(after.summary.total).toMatchObject({ due: 1, onTime: 1 });
  });

  it('a rule override changes verdicts and severity', async () => {
    const swipes = '刷卡单号,车架号,提车日期,提交日期\nSK-1,V1,2026-10-15 10:00,2026-10-19 09:00\n';
    const config = loadConfig({ config: configFile('rules:\n  KF-02a:\n    due: {days: 2}\n    severity: warning\n'), lang: 'en' });
    const result = await checkFiles({ '刷卡单.csv': swipes }, { rules: ['KF-02a'], config });
    // Oct 15 + 2 = Sat Oct 17 → Mon Oct 19: on time now.
    expect(result.findings).toEqual([]);
    const late = await checkFiles({ '刷卡单.csv': swipes.replace('2026-10-19 09:00', '2026-10-20 09:00') }, { rules: ['KF-02a'], config });
    expect(late.findings.map((f) => [f.status, f.severity, f.dueDate])).toEqual([['late', 'warning', '2026-10-19']]);
  });

  it('a new dataset with a check for a manual item works end to end', async () => {
    const config = loadConfig({
      config: configFile(
        [
          'datasets:',
          '  deposits:',
          '    label: 保证金退还',
          '    department: 消贷部',
          '    hints: [保证金]',
          '    columns:',
          '      退还单号: {type: text, key: true, required: true}',
          '      申请日期: {type: date, required: true}',
          '      过户手续完善: {type: boolean}',
          'rules:',
          '  XD-05:',
          '    dataset: deposits',
          '    kind: expect',
          '    field: 过户手续完善',
          '    value: true',
          '',
        ].join('\n'),
      ),
      lang: 'en',
    });
    const deposits = '退还单号,申请日期,过户手续完善\nBZ-1,2026-10-09,是\nBZ-2,2026-10-12,否\nBZ-3,2026-10-20,\n';
    const result = await checkFiles({ '10月保证金退还.csv': deposits }, { config });
    expect(result.inputs.map((i) => i.dataset)).toEqual(['deposits']);
    expect(result.findings.map((f) => [f.ruleId, f.status, f.department, f.key, f.line])).toEqual([
      ['XD-05', 'violation', '消贷部', 'BZ-2', 3],
      ['XD-05', 'violation', '消贷部', 'BZ-3', 4],
    ]);
  });

  it('extends: none starts from an empty list', () => {
    const config = loadConfig({ config: configFile('extends: none\n'), lang: 'en' });
    expect(config.rules).toEqual([]);
  });
});

describe('isla init', () => {
  it('writes the built-in list, which loads back to the same rules and verdicts', async () => {
    const text = starterConfig(builtinConfig());
    const file = configFile(text);
    const loaded = loadConfig({ config: file, lang: 'en' });
    expect(loaded.rules).toEqual(builtinConfig().rules);
    expect(loaded.datasets.map((d) => d.columns.map((c) => [c.name, new Set(c.aliases)]))).toEqual(builtinConfig().datasets.map((d) => d.columns.map((c) => [c.name, new Set(c.aliases)])));
    const files = Object.fromEntries(readdirSync(SAMPLE).map((n) => [n, readFileSync(path.join(SAMPLE, n))]));
    const withInit = await checkFiles(files, { config: loaded });
    const without = await checkFiles(files);
    expect(withInit.findings.map(brief)).toEqual(without.findings.map(brief));
    expect(withInit.findings).toHaveLength(35);
    expect(withInit.summary).toEqual(without.summary);
  });

  it('explains every option in Chinese', () => {
    const text = starterConfig(builtinConfig());
    for (const key of ['extends:', 'timezone:', 'source:', 'extraHolidays:', 'extraWorkdays:', 'roll:', 'datasets:', 'hints:', 'encoding:', 'columns:', 'rules:', 'kind', 'due', 'when', 'severity']) {
      expect(text).toContain(key);
    }
    expect(text).toContain('# 财务部额外上班的日期');
    expect(text).toContain('  KF-02a:   # 提车日期 → 提交日期：次日（遇财务休息日顺延）');
  });
});
