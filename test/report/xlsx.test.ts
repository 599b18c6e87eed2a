// findings.xlsx (SPEC §12), written by the built CLI and read back three ways: with
// SheetJS, from the sheet XML itself, and by LibreOffice where it is installed.
// Workbook inputs and outputs under three machine zones give the same bytes.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { CLI, ROOT, SAMPLE, tempDir, writeExport } from '../helpers.js';

const run = promisify(execFile);
const BOOKS = path.join(ROOT, 'test', 'fixtures', 'workbooks');
const SOFFICE = '/usr/bin/soffice';

/**
 * Node options that make loading a module whose specifier `refused` (a JS condition
 * on `specifier`) matches fail the run, whether it is import()ed or require()d: an
 * ES module resolve hook, and the same check on CommonJS's resolution (the bundled
 * CLI requires its externals).
 */
function refuseModules(dir: string, refused: string): string[] {
  const hooks = path.join(dir, 'hooks.mjs');
  const check = `if (${refused}) throw new Error('workbook library loaded: ' + specifier);`;
  writeFileSync(hooks, `export async function resolve(specifier, context, next) { ${check} return next(specifier, context); }`);
  const register = path.join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(`file://${hooks}`)});`);
  const preload = path.join(dir, 'refuse.cjs');
  writeFileSync(
    preload,
    `const Module = require('node:module'); const resolve = Module._resolveFilename;
    Module._resolveFilename = function (specifier, ...rest) { ${check} return resolve.call(this, specifier, ...rest); };`,
  );
  return ['--import', register, '--require', preload];
}

async function isla(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) {
  try {
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...base } = process.env;
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, CLI, ...args], { cwd: ROOT, env: { ...base, ...env }, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const CASES = ['check', path.join(BOOKS, 'cases.xlsx'), path.join(BOOKS, 'dates-1904.xls'), '--as-of', '2026-11-06T09:00', '--quiet'];
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'UTC'];

/** The XML of one part of an .xlsx (a zip; SheetJS's CFB reads both kinds of container). */
function part(file: string, name: string): string {
  const zip = XLSX.CFB.read(readFileSync(file), { type: 'buffer' });
  const entry = XLSX.CFB.find(zip, `/${name}`);
  if (!entry) throw new Error(`${name} not in ${file}`);
  return Buffer.from(entry.content as Uint8Array).toString('utf8');
}

/** Every sheet of a workbook as LibreOffice saves it to CSV (UTF-8, as shown: the -1 asks for all sheets). */
async function libreOfficeCsv(file: string): Promise<(sheet: string) => string> {
  const out = tempDir();
  await run(SOFFICE, [
    `-env:UserInstallation=file://${path.join(out, 'profile')}`,
    '--headless',
    '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
    '--outdir',
    out,
    file,
  ]);
  return (sheet) => readFileSync(path.join(out, `${path.basename(file, '.xlsx')}-${sheet}.csv`), 'utf8');
}

describe('findings.xlsx', async () => {
  const dir = tempDir();
  const outputs = await Promise.all(
    ZONES.map(async (tz) => {
      const file = path.join(dir, `${tz.replace('/', '-')}.xlsx`);
      const r = await isla([...CASES, '-f', 'xlsx', '-o', file], { TZ: tz });
      return { tz, file, ...r };
    }),
  );
  const file = outputs[0]!.file;
  const wb = XLSX.read(readFileSync(file), { dense: true, cellNF: true });
  const rows = (sheet: string) => wb.Sheets[sheet]!['!data']! as (XLSX.CellObject | undefined)[][];

  it('is written with -f xlsx -o FILE (exit 1: error findings), the same in every machine zone', () => {
    for (const o of outputs) expect([o.tz, o.code, o.stderr]).toEqual([o.tz, 1, '']);
    for (const sheet of ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet3.xml', 'xl/sharedStrings.xml']) {
      const xml = part(file, sheet);
      for (const o of outputs.slice(1)) expect(part(o.file, sheet)).toBe(xml);
    }
    // The zip's own entry times are the run's as-of, not the machine's clock: the same bytes.
    for (const o of outputs.slice(1)) expect(readFileSync(o.file).equals(readFileSync(file))).toBe(true);
    const first = readFileSync(file);
    expect([first.readUInt16LE(10), first.readUInt16LE(12)]).toEqual([9 << 11, ((2026 - 1980) << 9) | (11 << 5) | 6]); // 2026-11-06 09:00
  });

  it('has 汇总, 问题清单 and 被拒绝的行, with the summary as numbers and the rate as a percentage cell', () => {
    expect(wb.SheetNames).toEqual(['汇总', '问题清单', '被拒绝的行']);
    const summary = rows('汇总');
    expect(summary[0]!.map((c) => c?.v)).toEqual(['部门', '应交', '按时', '迟交', '逾期未交', '待交', '其他问题', '按时率']);
    const kf = summary.find((r) => r[0]?.v === '客服部')!;
    expect(kf.slice(1, 7).map((c) => [c?.t, c?.v])).toEqual([['n', 7], ['n', 3], ['n', 3], ['n', 1], ['n', 0], ['n', 2]]);
    // The exact 3/7, not the JSON's rounded 0.4286: Excel rounds it once, for display.
    expect(kf[7]).toMatchObject({ t: 'n', v: 3 / 7, z: '0.0%', w: '42.9%' });
    expect(summary.at(-1)![0]!.v).toBe('合计');
  });

  it('lists every finding with §6.3 columns; dates are date cells of the wall-clock value', () => {
    const findings = rows('问题清单');
    expect(findings[0]!.map((c) => c?.v)).toEqual([
      '部门', '规则', '状态', '级别', '数据', '单号', '客户', '经办人', '文件', '行', '发生日期', '应交时间', '应交钟点', '实交时间', '迟交天数', '工作日', '说明',
    ]);
    const slip = findings.filter((r) => r[5]?.v === 'SK-0102');
    // Late in cases.xlsx; the same slip again in the 1904 workbook is its duplicate.
    expect(slip.map((r) => [r[2]!.v, r[8]!.v, r[9]!.v])).toEqual([
      ['迟交', `${path.join(BOOKS, 'cases.xlsx')}#10月刷卡单`, 4],
      ['重复', `${path.join(BOOKS, 'dates-1904.xls')}#刷卡单`, 3],
    ]);
    const [late, duplicate] = slip as [XLSX.CellObject[], XLSX.CellObject[]];
    // 2026-10-25 and 2026-10-28 09:00 as Excel serials: exact, whatever the zone.
    expect(late[9]).toMatchObject({ t: 'n', v: 4 });
    expect(late[10]).toMatchObject({ t: 'n', v: 46320, z: 'yyyy-mm-dd' });
    expect(late[11]).toMatchObject({ t: 'n', v: 46321, z: 'yyyy-mm-dd' });
    expect(late[13]).toMatchObject({ t: 'n', v: 46323.375, z: 'yyyy-mm-dd hh:mm', w: '2026-10-28 09:00' });
    expect(late[14]).toMatchObject({ t: 'n', v: 2 });
    expect(duplicate[10]).toMatchObject({ t: 'n', v: 46320 });
  });

  it('keeps a hostile =HYPERLINK(…) customer a plain string, and writes no formula anywhere', () => {
    const hostile = rows('问题清单').find((r) => r[5]?.v === '202610000000123')!;
    expect(hostile[6]).toMatchObject({ t: 's', v: '=HYPERLINK("http://example.com","点我")' });
    expect(hostile[6]!.f).toBeUndefined();
    for (const sheet of ['sheet1', 'sheet2', 'sheet3']) expect(part(file, `xl/worksheets/${sheet}.xml`)).not.toMatch(/<f[ >]/);
  });

  it('freezes the header row and filters 问题清单; the sheet XML says so', () => {
    const xml = part(file, 'xl/worksheets/sheet2.xml');
    expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(xml).toMatch(/<\/sheetData><autoFilter ref="A1:Q\d+"\/>/);
    expect(part(file, 'xl/workbook.xml').match(/<definedNames/g)).toHaveLength(1);
    // Widths fit the Chinese text: the 说明 column is wide, 行 narrow.
    const widths = [...xml.matchAll(/<col min="(\d+)" max="\d+" width="(\d+)"/g)].map((m) => Number(m[2]));
    expect(widths[16]).toBeGreaterThan(40);
    expect(widths[9]).toBeLessThan(8);
  });

  it('lists the rejected rows with file, line, column, value and reason', () => {
    const rejected = rows('被拒绝的行');
    expect(rejected[0]!.map((c) => c?.v)).toEqual(['文件', '行', '列', '值', '代码', '原因']);
    expect(rejected[1]!.slice(0, 5).map((c) => c?.v)).toEqual([`${path.join(BOOKS, 'cases.xlsx')}#10月刷卡单`, 6, '提交日期', '#N/A', 'invalid-cell']);
  });

  it.skipIf(!existsSync(SOFFICE))('reads back in LibreOffice: every sheet, dates, the hostile name as text', async () => {
    const csv = await libreOfficeCsv(file);
    expect(csv('汇总')).toContain('客服部,7,3,3,1,0,2,42.9%');
    const findings = csv('问题清单');
    expect(findings).toContain(',202610000000123,"=HYPERLINK(""http://example.com"",""点我"")",郑洁,');
    expect(findings).toContain(',2026-10-25,2026-10-26,,2026-10-28 09:00,2,2,');
    expect(csv('被拒绝的行')).toContain(',6,提交日期,#N/A,invalid-cell,');
  });
});

describe('findings.xlsx with finance\'s waiver log (SPEC §13)', async () => {
  const dir = tempDir();
  // The example log, and one more approval whose key is a hostile formula: it matches nothing.
  const log = path.join(dir, 'log', '延期豁免登记.csv');
  mkdirSync(path.dirname(log));
  writeFileSync(log, readFileSync(path.join(ROOT, 'fixtures', 'waivers-example', '延期豁免登记.csv'), 'utf8') + 'KF-01,"=HYPERLINK(""http://example.com"",""点我"")",2026-10-30,,王经理,2026-10-20,=1+1\n');
  const args = ['check', SAMPLE, path.dirname(log), '--as-of', '2026-11-06T09:00', '--quiet'];
  const outputs = await Promise.all(
    ZONES.map(async (tz) => {
      const file = path.join(dir, `${tz.replace('/', '-')}.xlsx`);
      return { tz, file, ...(await isla([...args, '-f', 'xlsx', '-o', file], { TZ: tz })) };
    }),
  );
  const file = outputs[0]!.file;
  const wb = XLSX.read(readFileSync(file), { dense: true, cellNF: true });
  const rows = (sheet: string) => wb.Sheets[sheet]!['!data']! as (XLSX.CellObject | undefined)[][];
  // Each cell's value; an empty cell (a hole in SheetJS's dense row) as null, up to `width`.
  const values = (row: (XLSX.CellObject | undefined)[] | undefined, width = row?.length ?? 0) => Array.from({ length: width }, (_, i) => row?.[i]?.v ?? null);

  it('gains the sheet 延期与豁免, the same bytes in every machine zone', () => {
    for (const o of outputs) expect([o.tz, o.code, o.stderr]).toEqual([o.tz, 1, '']);
    expect(wb.SheetNames).toEqual(['汇总', '问题清单', '被拒绝的行', '延期与豁免']);
    for (const o of outputs.slice(1)) for (const n of [1, 2, 3, 4]) expect(part(o.file, `xl/worksheets/sheet${n}.xml`)).toBe(part(file, `xl/worksheets/sheet${n}.xml`));
  });

  it('汇总 shows 未判定, 延期 and 豁免 as the other formats do', () => {
    const summary = rows('汇总');
    expect(values(summary[0])).toEqual(['部门', '应交', '未判定', '按时', '迟交', '逾期未交', '待交', '延期', '豁免', '其他问题', '按时率']);
    const kf = summary.find((r) => r[0]?.v === '客服部')!;
    expect(values(kf)).toEqual(['客服部', 25, 0, 20, 3, 2, 1, 3, 1, 1, 0.8]);
    expect(kf[10]).toMatchObject({ z: '0.0%', w: '80.0%' });
    expect(values(summary.at(-1)).slice(0, 10)).toEqual(['合计', 99, 2, 78, 15, 6, 1, 3, 1, 10]);
  });

  it('问题清单 says beside a finding what was approved, its date a date cell', () => {
    const findings = rows('问题清单');
    expect(values(findings[0]).slice(17)).toEqual(['批准', '批准人', '批准日期', '原因', '事后批准']);
    const late = findings.find((r) => r[5]?.v === 'BX-KF-002')!;
    expect(values(late, 22).slice(17)).toEqual(['延期至 2026-10-17', '王经理', 46309, '过户资料等车管所补发', null]);
    expect(late[19]).toMatchObject({ t: 'n', z: 'yyyy-mm-dd', w: '2026-10-14' });
    const plain = findings.find((r) => r[5]?.v === 'DK2026100001')!;
    expect(values(plain, 22).slice(2, 6).concat(values(plain, 22).slice(17))).toEqual(['迟交', '错误', 'loans', 'DK2026100001', null, null, null, null, null]);
  });

  it('延期与豁免 lists every approved item with its result, then what matched nothing', () => {
    const sheet = rows('延期与豁免');
    expect(values(sheet[0])).toEqual([
      '部门', '规则', '结果', '单号', '客户', '经办人', '应交时间', '实交时间', '批准', '延期至', '批准人', '批准日期', '原因', '事后批准', '文件', '行', '登记文件', '登记行',
    ]);
    const logFile = path.join(path.dirname(log), '延期豁免登记.csv');
    expect(sheet.slice(1).map((r) => [r[1]?.v, r[2]?.v, r[3]?.v, r[8]?.v ?? null, r[13]?.v ?? null, r[16]?.v, r[17]?.v])).toEqual([
      ['KF-01', '迟交', 'BX-KF-002', '延期', null, logFile, 5],
      ['KF-02a', '待交', 'SK-0005', '延期', null, logFile, 4],
      ['KF-02a', '按时', 'SK-0003', '延期', null, logFile, 2],
      ['KF-02a', '按时', 'SK-0004', '延期', '是', logFile, 3],
      ['KF-02b', '已豁免', 'YW20261007', '豁免', null, logFile, 6],
      ['KF-03b', '未匹配', 'LSVAU2180N259O978', null, null, logFile, 7],
      ['KF-01', '未匹配', '=HYPERLINK("http://example.com","点我")', null, null, logFile, 8],
    ]);
    // 2026-10-20 18:00 as Excel's serial and format, whatever the zone; a waiver has no 延期至.
    const retro = sheet.find((r) => r[3]?.v === 'SK-0004')!;
    expect(retro[9]).toMatchObject({ t: 'n', v: 46315.75, z: 'yyyy-mm-dd hh:mm', w: '2026-10-20 18:00' });
    expect(retro[6]).toMatchObject({ t: 'n', z: 'yyyy-mm-dd' });
    expect(sheet.find((r) => r[3]?.v === 'YW20261007')![9]).toBeUndefined();
    expect(values(sheet.find((r) => r[3]?.v === 'SK-0005')).slice(0, 8)).toEqual(['客服部', 'KF-02a', '待交', 'SK-0005', '郑涛', '孙浩', 46318, null]);
  });

  it('its sheet XML has a frozen header, a filter over the table and no formula: the hostile key is a string', () => {
    const xml = part(file, 'xl/worksheets/sheet4.xml');
    expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(xml).toMatch(/<\/sheetData><autoFilter ref="A1:R8"\/>/);
    for (const n of [1, 2, 3, 4]) expect(part(file, `xl/worksheets/sheet${n}.xml`)).not.toMatch(/<f[ >]/);
    expect(part(file, 'xl/workbook.xml').match(/<definedName /g)).toHaveLength(2);
    const hostile = rows('延期与豁免').find((r) => r[2]?.v === '未匹配' && r[1]?.v === 'KF-01')!;
    expect(hostile[3]).toMatchObject({ t: 's', v: '=HYPERLINK("http://example.com","点我")' });
    expect(hostile[3]!.f).toBeUndefined();
  });

  it.skipIf(!existsSync(SOFFICE))('reads back in LibreOffice: the sheet, its dates, the hostile key as text', async () => {
    const csv = await libreOfficeCsv(file);
    const sheet = csv('延期与豁免');
    expect(sheet.split('\n')[0]).toBe('部门,规则,结果,单号,客户,经办人,应交时间,实交时间,批准,延期至,批准人,批准日期,原因,事后批准,文件,行,登记文件,登记行');
    expect(sheet).toContain('客服部,KF-02a,按时,SK-0004,');
    expect(sheet).toContain(',延期,2026-10-20 18:00,王经理,2026-10-19,客户在外地，签字单下周寄回,是,');
    expect(sheet).toContain(',KF-01,未匹配,"=HYPERLINK(""http://example.com"",""点我"")",');
    expect(csv('汇总')).toContain('客服部,25,0,20,3,2,1,3,1,1,80.0%');
  });
});

describe('-f xlsx and the report set', () => {
  it('-f xlsx to a terminal or pipe is refused: exit 2, name a file with -o', async () => {
    const r = await isla(['check', SAMPLE, '--as-of', '2026-11-06T09:00', '-f', 'xlsx']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('请用 -o 指定文件');
  });

  it('--report writes findings.xlsx beside findings.csv, one row per finding', async () => {
    const dir = tempDir();
    const r = await isla(['check', SAMPLE, '--as-of', '2026-11-06T09:00', '--report', dir, '-f', 'json']);
    expect(r.code).toBe(1);
    expect(readdirSync(path.join(dir, '2026-10')).sort()).toEqual(['findings.csv', 'findings.xlsx', 'summary.html', 'summary.json', 'summary.md']);
    const wb = XLSX.read(readFileSync(path.join(dir, '2026-10', 'findings.xlsx')), { dense: true });
    expect(wb.Sheets['问题清单']!['!data']!.length).toBe(JSON.parse(r.stdout).findings.length + 1);
  });
});

describe('workbooks in, as the CLI reads them', () => {
  it('date cells give identical output under Asia/Shanghai, Europe/Berlin and UTC', async () => {
    const outs = await Promise.all(ZONES.map((tz) => isla([...CASES, '-f', 'json'], { TZ: tz })));
    for (const o of outs) expect(o.code).toBe(1);
    expect(outs[1]!.stdout).toBe(outs[0]!.stdout);
    expect(outs[2]!.stdout).toBe(outs[0]!.stdout);
    expect(JSON.parse(outs[0]!.stdout).findings.find((f: { key: string }) => f.key === 'SK-0102').eventDate).toBe('2026-10-25');
  });

  it('the sample month from .xlsx and .xls: the CSV month\'s summary and verdicts under every machine zone', async () => {
    // Lines aside (a cell with a line break is one Excel row), and amounts quoted as the cell holds them.
    const verdicts = (stdout: string) => {
      const r = JSON.parse(stdout);
      return { summary: r.summary, findings: r.findings.map((f: Record<string, unknown>) => [f.ruleId, f.key, f.status, f.eventDate, f.dueDate, f.submitted, f.daysLate, f.workdaysLate]) };
    };
    const month = ['--as-of', '2026-11-06T09:00', '-f', 'json'];
    const csv = verdicts((await isla(['check', SAMPLE, ...month], { TZ: 'UTC' })).stdout);
    const runs = await Promise.all(
      ZONES.flatMap((tz) => ['month-xlsx', 'month-xls'].map(async (folder) => ({ tz, folder, ...(await isla(['check', path.join(BOOKS, folder), ...month], { TZ: tz })) }))),
    );
    for (const r of runs) expect([r.tz, r.folder, r.code, r.stderr, verdicts(r.stdout)]).toEqual([r.tz, r.folder, 1, '', csv]);
    expect(csv.findings.length).toBeGreaterThan(30);
  });

  it('a workbook past 50 MB is refused before it is read: exit 2, 另存为 CSV 再检查', async () => {
    const dir = tempDir();
    const big = path.join(dir, '刷卡单.xlsx');
    const bytes = Buffer.alloc(51 * 1024 * 1024);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    writeFileSync(big, bytes);
    const r = await isla(['check', big, '--as-of', '2026-11-06T09:00']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('另存为 CSV 再检查');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a CSV-only month never loads the workbook libraries; a workbook does', async () => {
    const dir = tempDir();
    const refuse = refuseModules(dir, '/^(xlsx|write-excel-file)(\\/|$)/.test(specifier)');
    const csvOnly = await isla(['check', SAMPLE, '--as-of', '2026-11-06T09:00', '-f', 'json'], {}, refuse);
    expect([csvOnly.code, csvOnly.stderr]).toEqual([1, '']);
    const withBook = await isla([...CASES, '-f', 'json'], {}, refuse);
    expect(withBook.code).toBe(2);
    expect(withBook.stderr).toContain('workbook library loaded: xlsx');
  });

  it('mails of a CSV month load the writer only when mail.attach asks for a workbook, the reader never', async () => {
    const dir = tempDir();
    // Refuse SheetJS always, and write-excel-file when WRITER=refuse.
    const refuse = refuseModules(dir, "/^xlsx(\\/|$)/.test(specifier) || (process.env.WRITER === 'refuse' && /^write-excel-file(\\/|$)/.test(specifier))");
    const mailConfig = (attach: string) =>
      writeExport(dir, `${attach}.yaml`, `mail:\n  from: 财务部 <finance@dealer.example>\n  finance: [finance-manager@dealer.example]\n  attach: ${attach}\n`);
    const mail = (attach: string, writer: string) =>
      isla(['check', SAMPLE, '--as-of', '2026-11-06T09:00', '-f', 'json', '-o', path.join(dir, `${attach}.json`), '-c', mailConfig(attach), '--mail-out', path.join(dir, attach)], { WRITER: writer }, refuse);
    const csv = await mail('csv', 'refuse');
    expect([csv.code, csv.stderr]).toEqual([1, expect.stringContaining('邮件已写出')]);
    // The hook bites: the same mails with the writer refused cannot be made.
    expect((await mail('both', 'refuse')).stderr).toContain('workbook library loaded: write-excel-file');
    const both = await mail('both', 'allow');
    expect([both.code, both.stderr]).toEqual([1, expect.stringContaining('邮件已写出')]);
    expect(readFileSync(path.join(dir, 'both', readdirSync(path.join(dir, 'both'))[0]!), 'latin1')).toContain('spreadsheetml');
  });
});
