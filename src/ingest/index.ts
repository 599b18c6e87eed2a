// The ingestion layer's front door: open an export (layout, dataset, columns) and
// stream its typed rows. Both `isla inspect` and `isla check` go through here.
import { open } from 'node:fs/promises';
import type { ColumnType, DatasetDef } from '../datasets/types.js';
import { IslaError } from '../errors.js';
import type { Lang } from '../messages.js';
import { type AssignedBy, assignDataset, assignSheet } from './assign.js';
import { type EncodingName } from './encoding.js';
import { type ColumnMapping, closestHeader, knownHeaderNames, mapColumns } from './headers.js';
import { type InputFile, isWorkbookName } from './inputs.js';
import type { LocalDateTime } from './local-time.js';
import { type Problem, problem } from './problems.js';
import { type FileLayout, type RecordSink, sniffFile, streamRecords } from './read-file.js';
import { type Row, createRowReader } from './rows.js';
import { cleanCell } from './values.js';
import type { SheetLayout } from './workbook.js';

export interface ReadContext {
  datasets: DatasetDef[];
  /** `--encoding`: read every input as this instead of detecting. */
  encoding?: EncodingName;
  timezone: string;
  asOf: LocalDateTime;
  lang: Lang;
  /** Columns of a dataset whose empty cell rejects a row (rule event dates). */
  mustHaveValue: (datasetId: string) => Set<string>;
  /** Columns of a dataset that rules read as a submission time. */
  submissionColumns?: (datasetId: string) => Set<string>;
}

export interface OpenedFile {
  /** The path, or `book.xlsx#sheet` for a workbook's sheet: what findings name. */
  file: string;
  layout: FileLayout | SheetLayout;
  dataset: DatasetDef;
  assignedBy: AssignedBy;
  mapping: ColumnMapping;
}

const knownNamesCache = new WeakMap<DatasetDef[], Set<string>>();

function knownNames(datasets: DatasetDef[]): Set<string> {
  let known = knownNamesCache.get(datasets);
  if (!known) knownNamesCache.set(datasets, (known = knownHeaderNames(datasets)));
  return known;
}

export function isSheetLayout(layout: FileLayout | SheetLayout): layout is SheetLayout {
  return 'sheet' in layout;
}

/** A workbook's sheet that is not read, and why (noted on stderr, SPEC §12). */
export interface SkippedSheet {
  file: string;
  reason: 'hidden' | 'chart' | 'empty' | 'no-header' | 'no-dataset';
}

/**
 * One input → the tables in it: a CSV file is one; a workbook is each of its
 * visible sheets that fits a dataset. Workbook support is imported only here, when
 * an input is named as one, so a CSV-only month never loads SheetJS.
 */
export async function openInput(input: InputFile, ctx: ReadContext): Promise<{ files: OpenedFile[]; skipped: SkippedSheet[] }> {
  if (!isWorkbookName(input.file)) return { files: [await openFile(input, ctx)], skipped: [] };
  const wb = await import('./workbook.js');
  const kind = wb.sniffBytes(await readStart(input.file));
  if (kind === 'text') return { files: [await openFile(input, ctx)], skipped: [] }; // a CSV named .xlsx
  if (typeof kind === 'object') throw new IslaError('not-a-workbook', { file: input.file, what: kind.other });
  const book = await wb.openWorkbook(input.file, kind);
  const known = knownNames(ctx.datasets);
  const label = (name: string): string => `${input.file}#${name}`;
  let sheets = book.sheets;
  if (input.sheet !== undefined) {
    const wanted = input.sheet;
    const sheet = sheets.find((s) => s.name === wanted) ?? (/^\d+$/.test(wanted) ? sheets[Number(wanted) - 1] : undefined);
    if (!sheet) throw new IslaError('no-such-sheet', { file: input.file, sheet: wanted, sheets: sheets.map((s) => s.name) });
    if (sheet.skip === 'empty' || sheet.skip === 'chart') throw new IslaError('empty-file', { file: label(sheet.name) });
    sheets = [{ ...sheet, skip: null }];
  }
  const readable = sheets.filter((s) => s.skip === null);
  if (readable.length === 0 && sheets.every((s) => s.skip === 'empty')) throw new IslaError('empty-file', { file: input.file });
  const files: OpenedFile[] = [];
  const skipped: SkippedSheet[] = [];
  for (const sheet of sheets) {
    if (sheet.skip !== null) {
      skipped.push({ file: label(sheet.name), reason: sheet.skip });
      continue;
    }
    const only = readable.length === 1;
    const header = wb.findSheetHeader(sheet, known);
    if (header === null) {
      if (only) throw new IslaError('no-header', { file: label(sheet.name) });
      skipped.push({ file: label(sheet.name), reason: 'no-header' });
      continue;
    }
    const assigned =
      input.dataset !== undefined
        ? assignDataset(label(sheet.name), header.cells, ctx.datasets, ctx.lang, input.dataset)
        : assignSheet(label(sheet.name), input.file, sheet.name, header.cells, ctx.datasets, ctx.lang, only);
    if (assigned === null) {
      skipped.push({ file: label(sheet.name), reason: 'no-dataset' });
      continue;
    }
    files.push({
      file: label(sheet.name),
      layout: wb.sheetLayout(book, sheet, header),
      dataset: assigned.dataset,
      assignedBy: assigned.assignedBy,
      mapping: mapColumns(assigned.dataset, header.cells),
    });
  }
  wb.rememberWorkbook(book, files.length);
  return { files, skipped };
}

async function readStart(file: string): Promise<Buffer> {
  try {
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (cause) {
    throw new IslaError('unreadable', { file, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  }
}

export async function openFile(input: InputFile, ctx: ReadContext): Promise<OpenedFile> {
  const known = knownNames(ctx.datasets);
  const forcedDataset = input.dataset ? ctx.datasets.find((d) => d.id === input.dataset) : undefined;
  const encoding = ctx.encoding ?? (forcedDataset?.encoding && forcedDataset.encoding !== 'auto' ? forcedDataset.encoding : undefined);
  const layout = await sniffFile(input.file, known, encoding);
  const { dataset, assignedBy } = assignDataset(input.file, layout.headerCells, ctx.datasets, ctx.lang, input.dataset);
  return { file: input.file, layout, dataset, assignedBy, mapping: mapColumns(dataset, layout.headerCells) };
}

/** A file-level error for the first required column the file lacks. */
export function missingColumnError(opened: OpenedFile, lang: Lang): IslaError | null {
  const column = opened.mapping.missing[0];
  if (column === undefined) return null;
  const def = opened.dataset.columns.find((c) => c.name === column)!;
  const tried = [def.name, ...def.aliases];
  return new IslaError('missing-column', {
    file: opened.file,
    dataset: lang === 'zh' ? opened.dataset.label : opened.dataset.labelEn,
    datasetId: opened.dataset.id,
    column,
    tried,
    closest: closestHeader(tried, opened.layout.headerCells.filter((h) => !Object.values(opened.mapping.found).includes(h))) ?? '',
  });
}

export interface ReadSummary {
  rows: number;
  rejected: number;
  problems: Problem[];
  /** 合计 / 总计 / 小计 rows skipped (SPEC §12). */
  totalsRows: number;
  /** For a sheet: the cells read as dates by their number format. */
  dateCells?: number;
}

const TOTALS = new Set(['合计', '总计', '小计']);

/** A totals row: its first non-empty cell says 合计/总计/小计 and it has no event date. */
function isTotalsRow(fields: string[], eventAt: number): boolean {
  if (eventAt !== -1 && cleanCell(fields[eventAt] ?? '') !== '') return false;
  for (const f of fields) {
    const t = f.replace(/[\s\u3000:：]/g, '');
    if (t !== '') return TOTALS.has(t);
  }
  return false;
}

function isHeaderAgain(fields: string[], header: string[]): boolean {
  for (let i = 0; i < header.length; i++) if ((fields[i] ?? '').trim() !== header[i]) return false;
  return true;
}

/** Every record comes to `onRow`, its unreadable cells marked (`row.bad`, `row.ragged`). */
export async function readRows(opened: OpenedFile, ctx: ReadContext, onRow: (row: Row) => void): Promise<ReadSummary> {
  const problems: Problem[] = [];
  const reader = createRowReader({
    file: opened.file,
    dataset: opened.dataset,
    mapping: opened.mapping,
    headerWidth: opened.layout.headerCells.length,
    timezone: ctx.timezone,
    asOf: ctx.asOf,
    lang: ctx.lang,
    mustHaveValue: ctx.mustHaveValue(opened.dataset.id),
    submissionColumns: ctx.submissionColumns?.(opened.dataset.id),
    problems,
  });
  const { dataset, mapping, layout } = opened;
  const eventAt = mapping.indexByColumn[dataset.columns.findIndex((c) => c.name === dataset.eventColumn)] ?? -1;
  let totalsRows = 0;
  const sink: RecordSink = (fields, line) => {
    if (isTotalsRow(fields, eventAt)) {
      totalsRows++;
      return;
    }
    // Exports pasted together from several runs repeat the header mid-file: skip it
    // and say so, instead of rejecting it as a row of bad dates.
    const header = layout.headerCells;
    if (fields[0]?.trim() === header[0] && isHeaderAgain(fields, header)) {
      problems.push(problem(ctx.lang, { file: opened.file, line, field: '', value: fields.join(layout.delimiter), code: 'repeated-header' }));
      return;
    }
    // A stray byte in a UTF-8 file (layout.lossy): its row is rejected, naming the cell.
    const garbled = 'lossy' in layout && layout.lossy ? fields.findIndex((f) => f.includes('\uFFFD')) : -1;
    if (garbled !== -1) {
      reader.rows++;
      reader.rejected++;
      const field = dataset.columns[mapping.indexByColumn.indexOf(garbled)]?.name ?? layout.headerCells[garbled] ?? '';
      problems.push(problem(ctx.lang, { file: opened.file, line, field, value: fields[garbled]!, code: 'undecodable-cell' }));
      return;
    }
    const row = reader.read(fields, line);
    if (row) onRow(row);
  };
  if (!isSheetLayout(layout)) {
    await streamRecords(layout, sink);
    return { rows: reader.rows, rejected: reader.rejected, problems, totalsRows };
  }
  const { streamSheetRecords } = await import('./workbook.js');
  const types: (ColumnType | '')[] = layout.headerCells.map(() => '');
  dataset.columns.forEach((c, ci) => {
    const at = mapping.indexByColumn[ci]!;
    if (at !== -1) types[at] = c.type;
  });
  const { dateCells } = await streamSheetRecords(layout, types, sink, (line, column, value, cell) => {
    // An error value or an uncalculated formula: the row cannot be judged from it.
    reader.rows++;
    reader.rejected++;
    const field = dataset.columns[mapping.indexByColumn.indexOf(column)]!.name;
    problems.push(problem(ctx.lang, { file: opened.file, line, field, value, code: 'invalid-cell', detail: cell }));
  });
  return { rows: reader.rows, rejected: reader.rejected, problems, totalsRows, dateCells };
}
