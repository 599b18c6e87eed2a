// Test helpers: real bytes on disk in a fresh temporary folder per test file.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';

export function tempDir(prefix = 'isla-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Write a file as given bytes, or text in an encoding (with an optional BOM). */
export function writeExport(dir: string, name: string, content: string | Buffer, encoding = 'utf-8', bom = false): string {
  const file = path.join(dir, name);
  let bytes = typeof content === 'string' ? (encoding === 'utf-8' ? Buffer.from(content, 'utf8') : iconv.encode(content, encoding)) : content;
  if (bom) {
    const mark = encoding === 'utf-8' ? [0xef, 0xbb, 0xbf] : encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
    bytes = Buffer.concat([Buffer.from(mark), bytes]);
  }
  writeFileSync(file, bytes);
  return file;
}

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI = path.join(ROOT, 'bin', 'isla.js');
export const SAMPLE = path.join(ROOT, 'fixtures', '2026-10');

import { runCheck, type CheckResult } from '../src/check.js';
import { builtinConfig, type EffectiveConfig } from '../src/config/load.js';
import { parseAsOf, parsePeriod } from '../src/options.js';

/** Run the engine on CSV files written to a fresh folder, as `isla check` would. */
export async function checkFiles(
  files: Record<string, string | Buffer>,
  options: { asOf?: string; period?: string; rules?: string[]; config?: EffectiveConfig; lang?: 'zh' | 'en' } = {},
): Promise<CheckResult & { dir: string }> {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeExport(dir, name, content);
  const config = options.config ?? builtinConfig();
  const asOf = parseAsOf(options.asOf ?? '2026-11-06T09:00', config.timezone, 'en');
  const result = await runCheck({
    inputs: Object.keys(files).map((name) => ({ file: path.join(dir, name) })),
    config,
    asOf,
    period: parsePeriod(options.period, asOf, 'en'),
    lang: options.lang ?? 'en',
    ruleIds: options.rules,
  });
  return { ...result, dir };
}

/** The parts of a finding a rule table asserts. */
export function brief(f: CheckResult['findings'][number]) {
  return {
    ruleId: f.ruleId,
    status: f.status,
    key: f.key,
    line: f.line,
    dueDate: f.dueDate,
    dueTime: f.dueTime,
    submitted: f.submitted,
    ...(f.daysLate !== undefined ? { daysLate: f.daysLate, workdaysLate: f.workdaysLate } : {}),
  };
}

/** `2026-11-06T09:00` moved `monthsBack` months earlier (the day kept). */
export function shiftMonth(text: string, monthsBack: number): string {
  const shift = (y: number, m: number): [number, number] => {
    const i = y * 12 + (m - 1) - monthsBack;
    return [Math.floor(i / 12), (i % 12) + 1];
  };
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return text
    .replace(/(?<!\d)(\d{4})-(\d{2})(?!\d)/g, (_, y: string, m: string) => {
      const [ny, nm] = shift(Number(y), Number(m));
      return `${ny}-${p2(nm)}`;
    })
    .replace(/(?<!\d)(\d{4})年(\d{1,2})月/g, (_, y: string, m: string) => {
      const [ny, nm] = shift(Number(y), Number(m));
      return `${ny}年${nm}月`;
    });
}

/**
 * The sample month (fixtures/2026-10) moved `monthsBack` months earlier, every
 * file in its own encoding: a second and a third month of real-looking exports.
 */
export function writeShiftedSample(dir: string, monthsBack: number): string {
  for (const name of readdirSync(SAMPLE)) {
    const bytes = readFileSync(path.join(SAMPLE, name));
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
    const utf8 = !utf16 && (() => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return true;
      } catch {
        return false;
      }
    })();
    const encoding = utf16 ? 'utf-16le' : utf8 ? 'utf-8' : 'gb18030';
    writeFileSync(path.join(dir, name), iconv.encode(shiftMonth(iconv.decode(bytes, encoding, { stripBOM: false }), monthsBack), encoding));
  }
  return dir;
}
