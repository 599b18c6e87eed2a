// findings.xlsx (SPEC §12), written by the built CLI and read back three ways: with
// SheetJS, from the sheet XML itself, and by LibreOffice where it is installed.
// Workbook inputs and outputs under three machine zones give the same bytes.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { CLI, ROOT, SAMPLE, tempDir } from '../helpers.js';

const run = promisify(execFile);
const BOOKS = path.join(ROOT, 'test', 'fixtures', 'workbooks');
const SOFFICE = '/usr/bin/soffice';

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
  });

  it('has 汇总, 问题清单 and 被拒绝的行, with the summary as numbers and the rate as a percentage cell', () => {
    expect(wb.SheetNames).toEqual(['汇总', '问题清单', '被拒绝的行']);
    const summary = rows('汇总');
    expect(summary[0]!.map((c) => c?.v)).toEqual(['部门', '应交', '按时', '迟交', '逾期未交', '待交', '其他问题', '按时率']);
    const kf = summary.find((r) => r[0]?.v === '客服部')!;
    expect(kf.slice(1, 7).map((c) => [c?.t, c?.v])).toEqual([['n', 7], ['n', 3], ['n', 3], ['n', 1], ['n', 0], ['n', 2]]);
    expect(kf[7]).toMatchObject({ t: 'n', v: 0.4286, z: '0.0%', w: '42.9%' });
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
    const csv = (sheet: string) => readFileSync(path.join(out, `${path.basename(file, '.xlsx')}-${sheet}.csv`), 'utf8');
    expect(csv('汇总')).toContain('客服部,7,3,3,1,0,2,42.9%');
    const findings = csv('问题清单');
    expect(findings).toContain(',202610000000123,"=HYPERLINK(""http://example.com"",""点我"")",郑洁,');
    expect(findings).toContain(',2026-10-25,2026-10-26,,2026-10-28 09:00,2,2,');
    expect(csv('被拒绝的行')).toContain(',6,提交日期,#N/A,invalid-cell,');
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
    // A module hook that refuses SheetJS and write-excel-file: loading either fails the run.
    const hooks = path.join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `export async function resolve(specifier, context, next) {
        if (/^(xlsx|write-excel-file)(\\/|$)/.test(specifier)) throw new Error('workbook library loaded: ' + specifier);
        return next(specifier, context);
      }`,
    );
    const register = path.join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(`file://${hooks}`)});`);
    const csvOnly = await isla(['check', SAMPLE, '--as-of', '2026-11-06T09:00', '-f', 'json'], {}, ['--import', register]);
    expect([csvOnly.code, csvOnly.stderr]).toEqual([1, '']);
    const withBook = await isla([...CASES, '-f', 'json'], {}, ['--import', register]);
    expect(withBook.code).toBe(2);
    expect(withBook.stderr).toContain('workbook library loaded: xlsx');
  });
});
