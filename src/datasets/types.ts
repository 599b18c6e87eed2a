// What a dataset is: a department export with canonical columns, their aliases and types.

export type ColumnType = 'text' | 'date' | 'datetime' | 'month' | 'amount' | 'boolean';

export interface ColumnDef {
  /** Canonical name, as finance calls the column (e.g. 提交日期). */
  name: string;
  aliases: string[];
  type: ColumnType;
  /**
   * The column must be in the file's header: a file without it cannot be checked at
   * all (`missing-column`). Not the `required` rule kind, which asks for filled-in cells.
   */
  inHeader: boolean;
  /** Identifies one obligation instance; empty or repeated keys are problems. */
  key: boolean;
  /** A moment that may lie after the as-of (a new due, such as 延期至): never a `future-date`. */
  ahead?: boolean;
}

export interface DatasetDef {
  id: string;
  label: string;
  labelEn: string;
  departments: string[];
  /** File-name hints: Chinese ones match as substrings, ASCII ones as whole words. */
  hints: string[];
  columns: ColumnDef[];
  /** The date that places a record in a period when no rule says otherwise. */
  eventColumn: string;
  /** Who a finding is about and who handled it, shown beside each finding. */
  customerColumn?: string;
  handlerColumn?: string;
  /** A fixed encoding for this dataset's files (config), else detected. */
  encoding?: string;
}
