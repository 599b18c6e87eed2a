// 问题清单 is streamed into findings.xlsx some twenty rows at a time (issue 16):
// a month of 4,500 late slips, some two hundred of the writer's pieces, read
// back with SheetJS row by row against the same run's JSON, and from the sheet XML.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { CLI, tempDir, writeExport } from '../helpers.js';

const run = promisify(execFile);
const SLIPS = 4500;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

async function isla(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The sheet XML of one part of the .xlsx. */
function part(file: string, name: string): string {
  const zip = XLSX.CFB.read(readFileSync(file), { type: 'buffer' });
  return Buffer.from(XLSX.CFB.find(zip, `/${name}`)!.content as Uint8Array).toString('utf8');
}

/** Excel's serial of a wall-clock `YYYY-MM-DD[THH:MM]` (1900 system). */
const serial = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), +(iso.slice(11, 13) || 0), +(iso.slice(14, 16) || 0)) / 86_400_000 + 25_569;

describe('findings.xlsx of a long month', async () => {
  const dir = tempDir();
  const exports = path.join(dir, 'exports');
  mkdirSync(exports);
  // Every slip delivered 8 days after pickup: late. Names with XML's own characters.
  const lines = ['刷卡单号,客户姓名,车架号,提车日期,提交日期,刷卡金额,经办人'];
  for (let i = 0; i < SLIPS; i++) {
    const day = 1 + (i % 20);
    const customer = i % 3 === 0 ? `"A&B <车行> ""${i}"""` : `张伟${i}`;
    lines.push(`SK${pad(i, 8)},${customer},LSVAU2180N${pad(i, 7)},2026-10-${pad(day)},2026-10-${pad(day + 8)} 10:30,"80,000.00",郑洁`);
  }
  writeExport(exports, '刷卡单.csv', lines.join('\n') + '\n');
  const base = ['check', exports, '--as-of', '2026-11-06T09:00', '--fail-on', 'none', '-q'];
  const file = path.join(dir, 'findings.xlsx');
  const [xlsx, json] = await Promise.all([isla([...base, '-f', 'xlsx', '-o', file]), isla([...base, '-f', 'json'])]);
  const findings = JSON.parse(json.stdout).findings as { key: string; customer: string; line: number; dueDate: string; submitted: string; daysLate: number }[];
  const rows = XLSX.read(readFileSync(file), { dense: true, cellNF: true }).Sheets['问题清单']!['!data']! as (XLSX.CellObject | undefined)[][];

  it('has one row per finding, each the JSON\'s finding: key, customer, line, dates as date cells', () => {
    expect([xlsx.code, xlsx.stderr, json.code]).toEqual([0, '', 0]);
    expect(findings.length).toBeGreaterThanOrEqual(SLIPS);
    expect(rows.length).toBe(findings.length + 1);
    findings.forEach((f, i) => {
      const r = rows[i + 1]!;
      expect([r[5]?.v, r[6]?.v, r[9]?.v, r[11]?.v, r[13]?.v, r[14]?.v]).toEqual([f.key, f.customer, f.line, serial(f.dueDate), serial(f.submitted), f.daysLate]);
    });
    const hostile = rows.find((r) => r[5]?.v === 'SK00000003')!;
    expect(hostile[6]).toMatchObject({ t: 's', v: 'A&B <车行> "3"' });
    expect(rows[1]![11]).toMatchObject({ t: 'n', z: 'yyyy-mm-dd' });
    expect(rows[1]![13]).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm', w: findings[0]!.submitted.replace('T', ' ') });
  });

  it('writes the findings\' text inline, the rows numbered on, the filter over all of them', () => {
    const xml = part(file, 'xl/worksheets/sheet2.xml');
    expect([...xml.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: findings.length + 1 }, (_, i) => i + 1));
    expect(xml).toContain('t="inlineStr"><is><t>A&amp;B &lt;车行&gt; "3"</t></is>');
    expect(xml).toMatch(new RegExp(`</sheetData><autoFilter ref="A1:Q${findings.length + 1}"/>`));
    // The shared strings hold the other sheets' text, not 4,500 keys.
    expect(part(file, 'xl/sharedStrings.xml')).not.toContain('SK00000003');
  });
});
