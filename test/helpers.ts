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
