// The ingestion layer's front door: open an export (layout, dataset, columns) and
// stream its typed rows. Both `isla inspect` and `isla check` go through here.
import type { DatasetDef } from '../datasets/types.js';
import { IslaError } from '../errors.js';
import type { Lang } from '../messages.js';
import { type AssignedBy, assignDataset } from './assign.js';
import { type EncodingName } from './encoding.js';
import { type ColumnMapping, closestHeader, knownHeaderNames, mapColumns } from './headers.js';
import type { InputFile } from './inputs.js';
import type { LocalDateTime } from './local-time.js';
import type { Problem } from './problems.js';
import { type FileLayout, sniffFile, streamRecords } from './read-file.js';
import { type Row, createRowReader } from './rows.js';

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
  file: string;
  layout: FileLayout;
  dataset: DatasetDef;
  assignedBy: AssignedBy;
  mapping: ColumnMapping;
}

const knownNamesCache = new WeakMap<DatasetDef[], Set<string>>();

export async function openFile(input: InputFile, ctx: ReadContext): Promise<OpenedFile> {
  let known = knownNamesCache.get(ctx.datasets);
  if (!known) knownNamesCache.set(ctx.datasets, (known = knownHeaderNames(ctx.datasets)));
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
  await streamRecords(opened.layout, (fields, line) => onRow(reader.read(fields, line)));
  return { rows: reader.rows, rejected: reader.rejected, problems };
}
