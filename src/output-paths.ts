// An output must never land on an input (SPEC §6.4, §7): compared by real path and
// by inode, so no symlinked folder (/srv/exports/latest), `..` or hard link lets a
// report replace an export, and a report set is never written inside an input
// folder, where the next run would read its findings.csv as an export.
// Metadata is read synchronously: a thread-pool round trip per stat was most of a
// small month's wait, and nothing else runs meanwhile.
import { type Stats, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { IslaError } from './errors.js';
import type { InputFile } from './ingest/inputs.js';

export interface InputPlaces {
  /** Real paths of the input files, with their device and inode. */
  files: { real: string; dev: number; ino: number }[];
  /** Real paths of the folders inputs were read from (given, or holding a given file). */
  folders: string[];
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** The real path of `p`, resolving what exists of it (an output may not exist yet). */
export async function realPathOf(p: string): Promise<string> {
  try {
    return realpathSync.native(p);
  } catch {
    const parent = path.dirname(path.resolve(p));
    if (parent === path.resolve(p)) return parent;
    return path.join(await realPathOf(parent), path.basename(p));
  }
}

export async function inputPlaces(inputs: InputFile[], args: string[]): Promise<InputPlaces> {
  const files: InputPlaces['files'] = [];
  const folders = new Set<string>();
  for (const input of inputs) {
    const real = await realPathOf(input.file);
    const info = statOrNull(real);
    files.push({ real, dev: info?.dev ?? -1, ino: info?.ino ?? -1 });
    folders.add(path.dirname(real));
  }
  for (const arg of args) {
    const info = statOrNull(arg);
    if (info?.isDirectory()) folders.add(await realPathOf(arg));
  }
  return { files, folders: [...folders] };
}

const inside = (child: string, folder: string): boolean => child === folder || child.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);

/** Files the next run would read from a folder it scans (SPEC §1). */
const SCANNED = new Set(['.csv', '.txt', '.tsv', '.xlsx', '.xls']);

/** `-o FILE`: refused when it is an input (by path or inode), or an export-like file in an input folder. */
export async function refuseOutputOverInput(output: string, places: InputPlaces): Promise<void> {
  const real = await realPathOf(output);
  const info = statOrNull(real);
  const same = places.files.some((f) => f.real === real || (info !== null && info.isFile() && f.dev === info.dev && f.ino === info.ino));
  if (same) throw new IslaError('output-is-input', { path: output });
  if (info !== null && !info.isFile()) return; // a device or FIFO (-o /dev/null)
  const folder = places.folders.find((f) => inside(path.dirname(real), f));
  if (folder !== undefined && SCANNED.has(path.extname(real).toLowerCase())) throw new IslaError('output-in-input-folder', { path: output, folder });
}

/** `--report DIR`: the set folder DIR/<period> may not be, or be inside, an input folder. */
export async function refuseReportSetInInput(setFolder: string, places: InputPlaces): Promise<void> {
  const real = await realPathOf(setFolder);
  const folder = places.folders.find((f) => inside(real, f));
  if (folder !== undefined) throw new IslaError('output-in-input-folder', { path: setFolder, folder });
}
