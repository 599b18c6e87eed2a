// Header cells → canonical columns. Exports from different DMS versions spell the
// same column differently (全角 brackets, a unit suffix, stray spaces), so both the
// header and every alias are normalised before they are compared.
import { toHalfWidth } from './values.js';
import type { DatasetDef } from '../datasets/types.js';

export function normaliseHeader(cell: string): string {
  return toHalfWidth(cell.replace(/^\uFEFF/, ''))
    .replace(/\s+/g, '')
    .replace(/[([][^()[\]]*[)\]]$/, '') // 金额(元), 金额[元]
    .toLowerCase();
}

export interface ColumnMapping {
  /** Per dataset column (same order as `dataset.columns`): its index in the file, or -1. */
  indexByColumn: number[];
  /** canonical → header as written, for the columns found. */
  found: Record<string, string>;
  /** Required columns not found. */
  missing: string[];
}

export function mapColumns(dataset: DatasetDef, headerCells: string[]): ColumnMapping {
  const normalised = headerCells.map(normaliseHeader);
  const taken = new Set<number>();
  const indexByColumn = dataset.columns.map(() => -1);
  // Canonical names first, so a file holding both 报送时间 and its alias 提交时间 maps
  // each to its own column; then aliases in the order the dataset lists them.
  const passes: ((c: DatasetDef['columns'][number]) => string[])[] = [(c) => [c.name], (c) => c.aliases];
  for (const namesOf of passes) {
    dataset.columns.forEach((column, ci) => {
      if (indexByColumn[ci] !== -1) return;
      for (const name of namesOf(column)) {
        const at = normalised.findIndex((h, hi) => h === normaliseHeader(name) && !taken.has(hi));
        if (at !== -1) {
          indexByColumn[ci] = at;
          taken.add(at);
          return;
        }
      }
    });
  }
  const found: Record<string, string> = {};
  const missing: string[] = [];
  dataset.columns.forEach((column, ci) => {
    const at = indexByColumn[ci]!;
    if (at !== -1) found[column.name] = headerCells[at]!.replace(/^\uFEFF/, '').trim();
    else if (column.inHeader) missing.push(column.name);
  });
  return { indexByColumn, found, missing };
}

/** How many of a line's cells name a column of any known dataset. */
export function knownHeaderCount(cells: string[], known: Set<string>): number {
  let n = 0;
  for (const c of cells) if (known.has(normaliseHeader(c))) n++;
  return n;
}

export function knownHeaderNames(datasets: DatasetDef[]): Set<string> {
  const names = new Set<string>();
  for (const d of datasets) for (const c of d.columns) for (const n of [c.name, ...c.aliases]) names.add(normaliseHeader(n));
  return names;
}

/** The header cell most like `wanted` (edit distance), to suggest in an error. */
export function closestHeader(wanted: string[], headerCells: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const cell of headerCells) {
    const h = normaliseHeader(cell);
    if (h === '') continue;
    for (const w of wanted) {
      const d = editDistance(normaliseHeader(w), h);
      if (d < bestDistance) {
        bestDistance = d;
        best = cell.trim();
      }
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.ceil(Math.max(...wanted.map((w) => w.length)) / 2)) ? best : null;
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
