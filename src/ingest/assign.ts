// Which dataset a file is (SPEC §3.1): `dataset=path`, then file-name hints, then
// the header. Guessing between two equally good candidates would file data under
// the wrong department, so that is an error with the fix spelled out.
import path from 'node:path';
import type { DatasetDef } from '../datasets/types.js';
import { IslaError } from '../errors.js';
import { mapColumns } from './headers.js';
import type { Lang } from '../messages.js';

export type AssignedBy = 'explicit' | 'hint' | 'sheet' | 'header';

export interface Assignment {
  dataset: DatasetDef;
  assignedBy: AssignedBy;
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]+$/.test(s);
}

export function hintMatches(fileName: string, hint: string): boolean {
  return nameMatches(path.basename(fileName).replace(/\.[^.]+$/, ''), hint);
}

/** A hint against a bare name (a file name without extension, a sheet name). */
function nameMatches(base: string, hint: string): boolean {
  if (!isAscii(hint)) return base.includes(hint);
  const escaped = hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'i').test(base);
}

export function assignDataset(
  file: string,
  headerCells: string[],
  datasets: DatasetDef[],
  lang: Lang,
  forced?: string,
): Assignment {
  if (forced !== undefined) {
    const dataset = datasets.find((d) => d.id === forced);
    if (dataset) return { dataset, assignedBy: 'explicit' };
    throw new IslaError('bad-dataset-name', { name: forced, known: datasets.map((d) => d.id) });
  }
  const byHint = datasets.filter((d) => d.hints.some((h) => hintMatches(file, h)));
  if (byHint.length === 1) return { dataset: byHint[0]!, assignedBy: 'hint' };
  return byHeader(file, headerCells, byHint.length > 1 ? byHint : datasets, byHint.length > 1, lang);
}

/**
 * A workbook's sheet (SPEC §12): its sheet name as the hint, then the workbook's
 * name, then its header. A sheet that fits nothing (汇总, 说明) is null, to be
 * skipped with a note — unless it is the workbook's only sheet, which would then
 * vanish without a word: that one gets the file's error. The workbook's name is
 * taken only for a sheet whose header has the dataset's required columns, so a 汇总
 * sheet in 刷卡单.xlsx is not read as 刷卡单.
 */
export function assignSheet(
  label: string,
  book: string,
  sheet: string,
  headerCells: string[],
  datasets: DatasetDef[],
  lang: Lang,
  onlySheet: boolean,
): Assignment | null {
  const bySheet = datasets.filter((d) => d.hints.some((h) => nameMatches(sheet, h)));
  if (bySheet.length === 1) return { dataset: bySheet[0]!, assignedBy: 'sheet' };
  const byBook = datasets.filter((d) => d.hints.some((h) => hintMatches(book, h)));
  if (byBook.length === 1 && (onlySheet || mapColumns(byBook[0]!, headerCells).missing.length === 0)) {
    return { dataset: byBook[0]!, assignedBy: 'hint' };
  }
  try {
    return byHeader(label, headerCells, bySheet.length > 1 ? bySheet : datasets, bySheet.length > 1, lang);
  } catch (err) {
    if (!onlySheet && err instanceof IslaError && err.code === 'unknown-dataset') return null;
    throw err;
  }
}

/** The best header match in `pool`; ties and no match are errors showing the fix. */
function byHeader(file: string, headerCells: string[], pool: DatasetDef[], hinted: boolean, lang: Lang): Assignment {
  const scored = pool.map((dataset) => {
    const mapping = mapColumns(dataset, headerCells);
    return { dataset, mapping, matched: Object.keys(mapping.found).length };
  });
  const complete = scored.filter((s) => s.mapping.missing.length === 0).sort((a, b) => b.matched - a.matched);
  const example = (id: string): string => `${id}=${file}`;
  if (complete.length === 1 || (complete.length > 1 && complete[0]!.matched > complete[1]!.matched)) {
    return { dataset: complete[0]!.dataset, assignedBy: hinted ? 'hint' : 'header' };
  }
  if (complete.length > 1) {
    const tied = complete.filter((s) => s.matched === complete[0]!.matched).map((s) => s.dataset.id);
    throw new IslaError('ambiguous-dataset', { file, candidates: tied, example: example(tied[0]!) });
  }
  const lacking = scored
    .sort((a, b) => a.mapping.missing.length - b.mapping.missing.length)
    .map((s) =>
      lang === 'zh'
        ? `${s.dataset.id}（${s.dataset.label}）缺 ${s.mapping.missing.join('、')}`
        : `${s.dataset.id} (${s.dataset.labelEn}) lacks ${s.mapping.missing.join(', ')}`,
    );
  throw new IslaError('unknown-dataset', { file, candidates: lacking, example: example(scored[0]!.dataset.id) });
}
