// Test helpers: real bytes on disk in a fresh temporary folder per test file.
import { mkdtempSync, writeFileSync } from 'node:fs';
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

/** The built CLI as a user runs it: exit code, stdout and stderr, never a throw. */
export async function runIsla(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { execFile } = await import('node:child_process');
  // The runner's own colour settings must not leak into the CLI under test.
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: { ...base, ...options.env }, maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}
