// Raw fields → typed row for one dataset. A cell that cannot be read is a
// catalogued problem and is marked bad: the row is rejected only for the rules that
// read that cell (SPEC §3.5), and the rest of the file goes on being read.
import type { ColumnDef, DatasetDef } from '../datasets/types.js';
import { type CellValue, Invalid, cellParser, cleanCell, isNullMark } from './values.js';
import type { LocalDateTime } from './local-time.js';
import type { ColumnMapping } from './headers.js';
import { type Problem, problem } from './problems.js';
import type { Lang } from '../messages.js';

export interface Row {
  line: number;
  /** By dataset column index; null = empty cell, absent column or a value set aside. */
  values: (CellValue | null)[];
  /** By dataset column index: 1 where the cell could not be read (its value is null). */
  bad: Uint8Array;
  /** How many cells are bad; 0 for almost every row, so rules skip the check. */
  badCount: number;
  /** The record could not be lined up with the header (ragged-row): nothing is read. */
  ragged: boolean;
  /** The record's cells as written, by file column, for messages that quote a value. */
  fields: string[];
}

export interface RowReaderOptions {
  file: string;
  dataset: DatasetDef;
  mapping: ColumnMapping;
  headerWidth: number;
  timezone: string;
  asOf: LocalDateTime;
  lang: Lang;
  /** Columns an empty cell rejects the row in: the key and every rule's event date. */
  mustHaveValue: Set<string>;
  /** Columns rules read as "when it was submitted": unreadable there means not submitted. */
  submissionColumns?: Set<string> | undefined;
  problems: Problem[];
}

// Text cells are never invalid; the other types each have their problem code.
const INVALID_CODE: Record<Exclude<ColumnDef['type'], 'text'>, Problem['code']> = {
  date: 'invalid-date',
  datetime: 'invalid-date',
  month: 'invalid-month',
  amount: 'invalid-amount',
  boolean: 'invalid-boolean',
};

function isFuture(v: LocalDateTime, asOf: LocalDateTime): boolean {
  if (v.day !== asOf.day) return v.day > asOf.day;
  return v.seconds !== null && asOf.seconds !== null && v.seconds > asOf.seconds;
}

export interface RowReader {
  /**
   * The typed row, its bad cells marked. The same Row object is reused for every
   * record (a million rows, a million fewer allocations): keep values, not the row.
   */
  read(fields: string[], line: number): Row;
  rejected: number;
  rows: number;
}

export function createRowReader(o: RowReaderOptions): RowReader {
  const columns = o.dataset.columns.map((c, ci) => ({
    def: c,
    index: o.mapping.indexByColumn[ci]!,
    parse: cellParser(c.type, o.timezone),
    temporal: (c.type === 'date' || c.type === 'datetime') && !c.ahead,
    mustHave: c.key || o.mustHaveValue.has(c.name),
    // SPEC §3.5: "-", "—", "无", "N/A" … are an empty cell, except in yes/no columns (有/无).
    nullMarks: c.type !== 'text' && c.type !== 'boolean',
    submission: o.submissionColumns?.has(c.name) ?? false,
  }));
  const row: Row = { line: 0, values: new Array(columns.length).fill(null), bad: new Uint8Array(columns.length), badCount: 0, ragged: false, fields: [] };
  const reader: RowReader = {
    rows: 0,
    rejected: 0,
    read(fields, line) {
      reader.rows++;
      row.line = line;
      row.fields = fields;
      if (row.badCount > 0) {
        row.bad.fill(0);
        row.badCount = 0;
      }
      const markBad = (ci: number, raw: string, code: Problem['code'], detail?: string, note?: 'not-submitted'): void => {
        o.problems.push(problem(o.lang, { file: o.file, line, field: columns[ci]!.def.name, value: raw, code, detail, note }));
        row.values[ci] = null;
        row.bad[ci] = 1;
        row.badCount++;
      };
      row.ragged = fields.length < o.headerWidth || (fields.length > o.headerWidth && fields.slice(o.headerWidth).some((f) => f.trim() !== ''));
      if (row.ragged) {
        o.problems.push(problem(o.lang, { file: o.file, line, field: '', value: fields.join(','), code: 'ragged-row', detail: `${fields.length}/${o.headerWidth}` }));
        reader.rejected++;
        row.values.fill(null);
        return row;
      }
      const values = row.values;
      for (let ci = 0; ci < columns.length; ci++) {
        const c = columns[ci]!;
        if (c.index === -1) {
          values[ci] = null;
          continue;
        }
        const raw = fields[c.index]!;
        const cell = cleanCell(raw);
        if (cell === '' || (c.nullMarks && isNullMark(cell))) {
          if (c.mustHave) markBad(ci, raw, 'missing-value');
          else values[ci] = null;
          continue;
        }
        const v = c.parse(cell);
        if (v instanceof Invalid) {
          markBad(ci, raw, INVALID_CODE[c.def.type as keyof typeof INVALID_CODE], v.reason, c.submission ? 'not-submitted' : undefined);
          continue;
        }
        if (c.temporal && isFuture(v as LocalDateTime, o.asOf)) {
          if (c.mustHave) markBad(ci, raw, 'future-date');
          else {
            o.problems.push(problem(o.lang, { file: o.file, line, field: c.def.name, value: raw, code: 'future-date' }));
            values[ci] = null;
          }
          continue;
        }
        values[ci] = v;
      }
      if (row.badCount > 0) reader.rejected++;
      return row;
    },
  };
  return reader;
}
