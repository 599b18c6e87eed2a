// Command-line inputs → the list of files to read: directories are scanned (not
// recursively) for exports, and `dataset=path` pins a file's dataset.
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { IslaError } from '../errors.js';

export interface InputFile {
  file: string;
  /** Dataset id forced with `dataset=path`. */
  dataset?: string;
}

const EXPORT_EXTENSIONS = new Set(['.csv', '.txt', '.tsv']);

/**
 * Every export once: a folder and a file inside it, a symlink and its target, or
 * `a/../a/x.csv` are one file by its real path, else each row would be a duplicate.
 * A `dataset=path` given for any of the spellings wins.
 */
export async function expandInputs(args: string[], knownDatasets: string[]): Promise<InputFile[]> {
  const files = await listInputs(args, knownDatasets);
  const byRealPath = new Map<string, InputFile>();
  for (const f of files) {
    const real = await realpath(f.file).catch(() => path.resolve(f.file));
    const first = byRealPath.get(real);
    if (first === undefined) byRealPath.set(real, f);
    else if (f.dataset !== undefined && first.dataset === undefined) first.dataset = f.dataset;
  }
  return [...byRealPath.values()];
}

async function listInputs(args: string[], knownDatasets: string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const arg of args) {
    const forced = /^([A-Za-z][\w-]*)=(.+)$/.exec(arg);
    // A path that really exists with "=" in it wins over the dataset=path form.
    if (forced && !(await exists(arg))) {
      const [, name, file] = forced as unknown as [string, string, string];
      if (!knownDatasets.includes(name)) throw new IslaError('bad-dataset-name', { name, known: knownDatasets });
      files.push({ file, dataset: name });
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

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
