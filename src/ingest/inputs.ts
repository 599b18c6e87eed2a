// Command-line inputs → the list of files to read: directories are scanned (not
// recursively) for exports, and `dataset=path` pins a file's dataset.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { IslaError } from '../errors.js';

export interface InputFile {
  file: string;
  /** Dataset id forced with `dataset=path`. */
  dataset?: string;
  /** A workbook's sheet named with `dataset=book.xlsx#sheet`: its name or 1-based number. */
  sheet?: string;
}

const EXPORT_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx', '.xls']);

/** Named as an Excel workbook: read through src/ingest/workbook.ts, whatever the bytes turn out to be. */
export function isWorkbookName(file: string): boolean {
  return /\.xlsx?$/i.test(file);
}

export async function expandInputs(args: string[], knownDatasets: string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const arg of args) {
    const forced = /^([A-Za-z][\w-]*)=(.+)$/.exec(arg);
    // A path that really exists with "=" in it wins over the dataset=path form.
    if (forced && !(await exists(arg))) {
      const [, name, file] = forced as unknown as [string, string, string];
      if (!knownDatasets.includes(name)) throw new IslaError('bad-dataset-name', { name, known: knownDatasets });
      files.push({ ...(await withSheet(file)), dataset: name });
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch (cause) {
      throw new IslaError('unreadable', { file: arg, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
    }
    if (!info.isDirectory()) {
      files.push({ file: arg });
      continue;
    }
    const names = (await readdir(arg))
      .filter((n) => EXPORT_EXTENSIONS.has(path.extname(n).toLowerCase()) && !n.startsWith('~$'))
      .sort();
    if (names.length === 0) throw new IslaError('no-inputs', { path: arg });
    for (const n of names) files.push({ file: path.join(arg, n) });
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
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
