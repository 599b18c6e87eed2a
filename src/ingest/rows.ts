// Raw fields → typed row for one dataset. A cell that cannot be read rejects its
// row with a catalogued problem; the rest of the file goes on being read.
import type { ColumnDef, DatasetDef } from '../datasets/types.js';
import { type CellValue, Invalid, cellParser, cleanCell } from './values.js';
import type { LocalDateTime } from './local-time.js';
import type { ColumnMapping } from './headers.js';
import { type Problem, problem } from './problems.js';
import type { Lang } from '../messages.js';

export interface Row {
  line: number;
  /** By dataset column index; null = empty cell, absent column or a value set aside. */
  values: (CellValue | null)[];
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
   * The typed row, or null when rejected. The same Row object is reused for every
   * record (a million rows, a million fewer allocations): keep values, not the row.
   */
  read(fields: string[], line: number): Row | null;
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
  }));
  const row: Row = { line: 0, values: new Array(columns.length).fill(null) };
  const reader: RowReader = {
    rows: 0,
    rejected: 0,
    read(fields, line) {
      reader.rows++;
      const reject = (field: string, value: string, code: Problem['code'], detail?: string): null => {
        o.problems.push(problem(o.lang, { file: o.file, line, field, value, code, detail }));
        reader.rejected++;
        return null;
      };
      if (fields.length < o.headerWidth || (fields.length > o.headerWidth && fields.slice(o.headerWidth).some((f) => f.trim() !== ''))) {
        return reject('', fields.join(','), 'ragged-row', `${fields.length}/${o.headerWidth}`);
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
        if (cell === '') {
          if (c.mustHave) return reject(c.def.name, raw, 'missing-value');
          values[ci] = null;
          continue;
        }
        const v = c.parse(cell);
        if (v instanceof Invalid) return reject(c.def.name, raw, INVALID_CODE[c.def.type as keyof typeof INVALID_CODE], v.reason);
        if (c.temporal && isFuture(v as LocalDateTime, o.asOf)) {
          if (c.mustHave) return reject(c.def.name, raw, 'future-date');
          o.problems.push(problem(o.lang, { file: o.file, line, field: c.def.name, value: raw, code: 'future-date' }));
          values[ci] = null;
          continue;
        }
        values[ci] = v;
      }
      row.line = line;
      return row;
    },
  };
  return reader;
}
