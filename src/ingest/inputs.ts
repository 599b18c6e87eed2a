// Command-line inputs → the list of files to read: directories are scanned (not
// recursively) for exports, and `dataset=path` pins a file's dataset. Only regular
// files are read: a FIFO named *.csv would block the first read for ever.
// Metadata is read synchronously: one file at a time anyway, and a round trip
// through the thread pool per stat was most of a small month's wait.
import type { Stats } from 'node:fs';
import { fstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { IslaError } from '../errors.js';

export interface InputFile {
  file: string;
  /** Dataset id forced with `dataset=path`. */
  dataset?: string;
  /** A workbook's sheet named with `dataset=book.xlsx#sheet`: its name or 1-based number. */
  sheet?: string;
  /** Found by scanning a folder: a file there that fits no dataset is skipped with a warning. */
  scanned?: boolean;
}

/** isla's own report-set files, and what never is an export: hidden files, macOS `._*`, Office `~$*` locks. */
const OWN_OUTPUTS = new Set(['findings.csv']);
function isScannedExport(name: string): boolean {
  return EXPORT_EXTENSIONS.has(path.extname(name).toLowerCase()) && !name.startsWith('.') && !name.startsWith('~$') && !OWN_OUTPUTS.has(name.toLowerCase());
}

function specialKind(info: Stats): string | null {
  if (info.isFile()) return null;
  return info.isFIFO() ? 'fifo' : info.isSocket() ? 'socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'device' : 'other';
}

/** `isla check > report.csv` run inside the exports folder: that file is our own stdout. */
function isOwnStdout(info: Stats): boolean {
  try {
    const out = fstatSync(1);
    return out.isFile() && out.dev === info.dev && out.ino === info.ino;
  } catch {
    return false;
  }
}

async function regularFile(file: string): Promise<Stats> {
  let info;
  try {
    info = statSync(file);
  } catch (cause) {
    throw new IslaError('unreadable', { file, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  }
  const kind = specialKind(info);
  if (kind !== null) throw new IslaError('not-a-file', { file, kind });
  return info;
}

const EXPORT_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx', '.xls']);

/** Named as an Excel workbook: read through src/ingest/workbook.ts, whatever the bytes turn out to be. */
export function isWorkbookName(file: string): boolean {
  return /\.xlsx?$/i.test(file);
}

/**
 * Every export once: a folder and a file inside it, a symlink and its target, or
 * `a/../a/x.csv` are one file by its real path, else each row would be a duplicate.
 * A `dataset=path` given for any of the spellings wins.
 *
 * `knownDatasets` are the ids; `datasetNames` maps the names clerks use (刷卡单) to
 * them, so `刷卡单=pos.csv` works like `swipes=pos.csv`.
 */
export async function expandInputs(args: string[], knownDatasets: string[], datasetNames: Record<string, string> = {}): Promise<InputFile[]> {
  const files = await listInputs(args, knownDatasets, datasetNames);
  const byRealPath = new Map<string, InputFile>();
  const bySheet = new Map<string, InputFile>();
  const kept: InputFile[] = [];
  for (const f of files) {
    let real: string;
    try {
      real = realpathSync.native(f.file);
    } catch {
      real = path.resolve(f.file);
    }
    const first = byRealPath.get(real);
    // Two sheets of one workbook (swipes=book.xlsx#1 expenses=book.xlsx#2) are two inputs;
    // any other second spelling of a file is its first one.
    const same = first === undefined ? undefined : f.sheet !== undefined && first.sheet !== undefined ? bySheet.get(`${real}#${f.sheet}`) : first;
    if (same === undefined) {
      kept.push(f);
      if (first === undefined) byRealPath.set(real, f);
      if (f.sheet !== undefined) bySheet.set(`${real}#${f.sheet}`, f);
    } else if (f.dataset !== undefined && same.dataset === undefined) same.dataset = f.dataset;
  }
  return kept;
}

async function listInputs(args: string[], knownDatasets: string[], datasetNames: Record<string, string>): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const arg of args) {
    if (arg === '-') throw new IslaError('stdin-input', {});
    const forced = /^([\p{L}\p{N}_-]+)=(.+)$/u.exec(arg);
    // A path that really exists with "=" in it wins over the dataset=path form.
    if (forced && !(await exists(arg))) {
      const [, given, file] = forced as unknown as [string, string, string];
      const name = knownDatasets.includes(given) ? given : datasetNames[given];
      if (name === undefined) throw new IslaError('bad-dataset-name', { name: given, known: knownDatasets });
      const input = await withSheet(file);
      await regularFile(input.file);
      files.push({ ...input, dataset: name });
      continue;
    }
    let info;
    try {
      info = statSync(arg);
    } catch (cause) {
      throw new IslaError('unreadable', { file: arg, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
    }
    if (!info.isDirectory()) {
      await regularFile(arg);
      files.push({ file: arg });
      continue;
    }
    const names = readdirSync(arg).filter(isScannedExport).sort();
    const found: InputFile[] = [];
    for (const n of names) {
      const file = path.join(arg, n);
      if (!isOwnStdout(await regularFile(file))) found.push({ file, scanned: true });
    }
    if (found.length === 0) throw new IslaError('no-inputs', { path: arg });
    files.push(...found);
  }
  return files;
}

/** `book.xlsx#刷卡单` → the workbook and its sheet (unless a file is really called that). */
async function withSheet(file: string): Promise<InputFile> {
  const at = file.lastIndexOf('#');
  if (at <= 0 || (await exists(file)) || !isWorkbookName(file.slice(0, at))) return { file };
  return { file: file.slice(0, at), sheet: file.slice(at + 1) };
}

async function exists(p: string): Promise<boolean> {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
