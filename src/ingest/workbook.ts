// An .xlsx / .xls sheet as the same row source a CSV file is (SPEC §12): the
// workbook is read once with SheetJS, each visible sheet's header is found as in a
// CSV file, and its cells are turned into the text a CSV export of the same sheet
// would hold — dates as wall-clock values, numbers in text columns as Excel shows
// them — so headers, value parsers and problems are the CSV ones. Loaded only
// when a workbook is among the inputs (SheetJS is heavy).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import type { ColumnType } from '../datasets/types.js';
import { IslaError } from '../errors.js';
import { codecName, detectEncoding } from './encoding.js';
import { knownHeaderCount } from './headers.js';
import { isoDate, isoTime } from './local-time.js';
import type { RecordSink } from './read-file.js';
import { withSheetData } from './sheet-data-zip.js';
import { type ZipContainer, easeSheetSearches, hasFormulas, lastRowNumber, unzipWorkbook } from './unzip.js';

/** SPEC §12: past these a workbook is refused before it is read (SheetJS holds a sheet whole, ~4 KB a row). */
export const MAX_WORKBOOK_BYTES = 50 * 1024 * 1024;
export const MAX_SHEET_ROWS = 300_000;
const HEADER_SEARCH_ROWS = 10;

export type WorkbookFormat = 'xlsx' | 'xls' | 'html';

/** What a file's first bytes say it is, whatever its name. */
export type Sniffed = WorkbookFormat | 'text' | { other: string };

export interface SheetLayout {
  /** The workbook on disk. */
  file: string;
  sheet: string;
  /** 1-based position among all the workbook's sheets. */
  sheetNumber: number;
  /** The format, shown where a CSV file shows its encoding. */
  encoding: WorkbookFormat;
  delimiter: '';
  /** Excel's row number of the (first) header row. */
  headerLine: number;
  /** Excel's row number of the last header row (a two-row header ends one below). */
  headerEnd: number;
  headerCells: string[];
}

export function isSheetLayout(layout: { delimiter: string }): layout is SheetLayout {
  return layout.delimiter === '';
}

type Cell = XLSX.CellObject & { f?: string };
type Grid = (Cell | undefined)[][];

interface ParsedSheet {
  name: string;
  number: number;
  /** Why it is not read as a table: hidden, a chart sheet, empty. */
  skip: 'hidden' | 'chart' | 'empty' | null;
  grid: Grid;
  merges: XLSX.Range[];
}

export interface ParsedWorkbook {
  file: string;
  format: WorkbookFormat;
  date1904: boolean;
  sheets: ParsedSheet[];
}

/** iconv-lite's name for any detected encoding (codecName covers the non-UTF-8 ones). */
const codec = (encoding: string): string => (encoding.startsWith('utf-8') ? 'utf8' : codecName(encoding));

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Buffer, magic: number[]): boolean => magic.every((m, i) => b[i] === m);

export function sniffBytes(head: Buffer): Sniffed {
  if (startsWith(head, ZIP)) return 'xlsx';
  if (startsWith(head, CFB)) return 'xls';
  if (head.length === 0) return 'text';
  const encoding = detectEncoding(head, false);
  const text = iconv.decode(head.subarray(0, 4096), codec(encoding)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|table|\?xml|meta|head|body)/.test(text)) return 'html';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return { other: 'PDF' };
  // Text is text when it has no control bytes other than tab, CR, LF (UTF-16 aside).
  if (encoding.startsWith('utf-16') || !/[\x00-\x08\x0e-\x1f]/.test(head.subarray(0, 4096).toString('latin1'))) return 'text';
  return { other: 'binary' };
}

/** Workbooks by name: the extensions a folder scan and an explicit input treat as Excel. */
export function hasWorkbookExtension(file: string): boolean {
  return /\.xlsx?$/i.test(path.extname(file));
}

async function refuseIfTooBig(file: string): Promise<void> {
  const { size } = await stat(file);
  if (size > MAX_WORKBOOK_BYTES) throw new IslaError('workbook-too-big', { file, size: `${Math.round(size / 1024 / 1024)} MB`, limit: '50 MB' });
}

const tooManyRows = (file: string): IslaError => new IslaError('workbook-too-big', { file, size: `> ${MAX_SHEET_ROWS} 行`, limit: `${MAX_SHEET_ROWS} 行` });

/** The bytes as SheetJS's workbook, read with the options SPEC §12 asks for. */
function readBook(file: string, bytes: Buffer, format: WorkbookFormat): XLSX.WorkBook {
  // Without JS dates (cellDates follows the machine's zone and lands a millisecond
  // early): dates are decided from each cell's number format below.
  const options: XLSX.ParsingOptions = {
    dense: true,
    cellNF: true,
    cellDates: false,
    cellHTML: false,
    // No display text for every cell (a fifth of the reading time): the few number
    // cells shown as text are formatted on demand below.
    cellText: false,
    cellFormula: true,
    // Without stubs SheetJS drops a formula that has no cached result; with them it is
    // a 'z' cell that still carries its formula, and can reject its row.
    sheetStubs: true,
    sheetRows: MAX_SHEET_ROWS + 2,
  };
  if (format === 'html') {
    // A bank back office's "xls" is an HTML table, often in GBK: decode it here, and keep
    // its cells as the text they are (raw) so they meet the same parsers as a CSV file.
    const charset = /charset\s*=\s*["']?([\w-]+)/i.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1]?.toLowerCase();
    const encoding = charset && /^gb/.test(charset) ? 'gb18030' : detectEncoding(bytes, true);
    return XLSX.read(iconv.decode(bytes, codec(encoding)), { ...options, type: 'string', raw: true });
  }
  const zip = format === 'xlsx' ? unzipWorkbook(bytes) : null;
  if (zip === null) return XLSX.read(bytes, { ...options, type: 'buffer' });
  // Refused before SheetJS builds a cell of it: the rows say so in the XML already.
  if (lastRowNumber(zip) > MAX_SHEET_ROWS) throw tooManyRows(file);
  // An .xlsx none of whose sheets holds a formula (most exports) is read without
  // formulas and stubs (they only matter for a formula's row); its cells by isla.
  const formulas = hasFormulas(zip);
  if (!formulas) Object.assign(options, { cellFormula: false, sheetStubs: false });
  const read = withSheetData(zip, formulas, (stripped) => parseZip(stripped, options));
  if (read) return read;
  easeSheetSearches(zip);
  return parseZip(zip, options);
}

const parseZip = (zip: ZipContainer, options: XLSX.ParsingOptions): XLSX.WorkBook =>
  (XLSX as unknown as { parse_zip(zip: ZipContainer, opts: XLSX.ParsingOptions): XLSX.WorkBook }).parse_zip(zip, options);

/** Read a workbook whole; callers decide which sheets become tables. */
export async function parseWorkbook(file: string, format: WorkbookFormat): Promise<ParsedWorkbook> {
  await refuseIfTooBig(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new IslaError('unreadable', { file, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  }
  let wb: XLSX.WorkBook;
  try {
    wb = readBook(file, bytes, format);
  } catch (cause) {
    if (cause instanceof IslaError) throw cause;
    throw new IslaError('not-a-workbook', { file, what: format === 'xls' ? 'Excel 97–2003' : format }, { cause });
  }
  const props = wb.Workbook?.WBProps as { date1904?: boolean | string | number } | undefined;
  const date1904 = props?.date1904 === true || props?.date1904 === 'true' || props?.date1904 === 1 || props?.date1904 === '1';
  const sheets = wb.SheetNames.map((name, i): ParsedSheet => {
    const ws = wb.Sheets[name] as (XLSX.WorkSheet & { '!data'?: Grid; '!type'?: string }) | undefined;
    const grid: Grid = ws?.['!data'] ?? [];
    if (grid.length > MAX_SHEET_ROWS) throw tooManyRows(file);
    const hidden = (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0;
    const chart = ws?.['!type'] === 'chart';
    const skip = hidden ? 'hidden' : chart ? 'chart' : grid.every((row) => !row || row.every((c) => cellText(c) === '')) ? 'empty' : null;
    return { name, number: i + 1, skip, grid, merges: ws?.['!merges'] ?? [] };
  });
  return { file, format, date1904, sheets };
}

/** The text a cell shows, for headers and for the totals-row test. */
function cellText(c: Cell | undefined): string {
  if (!c || c.t === 'z' || c.v === undefined || c.v === null) return '';
  if (c.t === 's') return String(c.v);
  return c.w ?? String(c.v);
}

interface HeaderBand {
  start: number;
  end: number;
  cells: string[];
  score: number;
}

/**
 * The header among the first ten rows: the row (or a row and the one below it, when
 * merged group cells start there) whose cells name the most known columns. A
 * two-row header gives each column its lowest non-empty cell: 日期 over 发生日期 |
 * 报销日期 reads as 发生日期, 报销日期, and a 部门 merged down both rows as 部门.
 */
export function findSheetHeader(sheet: ParsedSheet, known: Set<string>): HeaderBand | null {
  let best: HeaderBand | null = null;
  let fallback: HeaderBand | null = null;
  for (let start = 0; start < Math.min(sheet.grid.length, HEADER_SEARCH_ROWS); start++) {
    let end = start;
    for (const m of sheet.merges) {
      if (m.s.r !== start) continue;
      if (m.e.r > end) end = m.e.r;
      else if (m.e.c > m.s.c) end = Math.max(end, start + 1);
    }
    const width = Math.max(0, ...sheet.grid.slice(start, end + 1).map((r) => r?.length ?? 0));
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      let text = '';
      for (let r = end; r >= start && text === ''; r--) text = cellText(sheet.grid[r]?.[c]).trim();
      cells.push(text);
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length < 2) continue;
    const score = knownHeaderCount(cells, known);
    const band = { start, end, cells, score };
    // Equal scores: the band of fewer rows (a merged title row above is not header).
    if (score > 0 && (best === null || score > best.score || (score === best.score && end - start < best.end - best.start))) best = band;
    const filled = cells.filter((c) => c !== '').length;
    if (fallback === null && filled >= 2 && filled * 2 >= cells.length) fallback = band;
  }
  return best ?? fallback;
}

export function sheetLayout(book: ParsedWorkbook, sheet: ParsedSheet, header: HeaderBand): SheetLayout {
  return {
    file: book.file,
    sheet: sheet.name,
    sheetNumber: sheet.number,
    encoding: book.format,
    delimiter: '',
    headerLine: header.start + 1,
    headerEnd: header.end + 1,
    headerCells: header.cells,
  };
}

// Workbooks read by openInput wait here for their sheets' rows, so a sheet is not
// parsed twice in one thread; the entry goes when the last opened sheet was read.
const pending = new Map<string, { book: Promise<ParsedWorkbook>; readsLeft: number }>();

export function rememberWorkbook(book: ParsedWorkbook, reads: number): void {
  if (reads <= 0) return;
  const entry = pending.get(book.file);
  if (entry) entry.readsLeft += reads;
  else pending.set(book.file, { book: Promise.resolve(book), readsLeft: reads });
}

/** A workbook opened by an earlier input of this run (`swipes=book.xlsx#1 expenses=book.xlsx#2`) is not parsed again. */
export async function openWorkbook(file: string, format: WorkbookFormat): Promise<ParsedWorkbook> {
  return (await pending.get(file)?.book) ?? parseWorkbook(file, format);
}

async function workbookFor(layout: SheetLayout): Promise<ParsedWorkbook> {
  const entry = pending.get(layout.file);
  if (!entry) return parseWorkbook(layout.file, layout.encoding); // another thread opened it
  if (--entry.readsLeft <= 0) pending.delete(layout.file);
  return entry.book;
}

const MS_PER_DAY = 86_400_000;
/** Serial day of 1970-01-01 in the 1900 system; the 1904 system counts 1,462 days fewer. */
const EPOCH_1900 = 25569;
const EPOCH_1904 = 24107;

/** Whether a date format shows a time of day (h or s outside quoted text); asked once a format. */
const timeFormats = new Map<string, boolean>();
function formatHasTime(z: string): boolean {
  let t = timeFormats.get(z);
  if (t === undefined) timeFormats.set(z, (t = /[hs]/i.test(z.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, ''))));
  return t;
}

const dateFormats = new Map<string, boolean>();
function isDateFormat(z: string | number | undefined): boolean {
  if (typeof z !== 'string' || z === 'General') return false;
  let d = dateFormats.get(z);
  if (d === undefined) dateFormats.set(z, (d = XLSX.SSF.is_date(z) === true));
  return d;
}

/**
 * A serial as the wall-clock text Excel shows, rounded to whole seconds: plain
 * arithmetic on the serial, never a `Date` in the machine's zone.
 */
export function serialText(serial: number, date1904: boolean, withTime: boolean): string {
  const total = Math.round(serial * 86400);
  const days = Math.floor(total / 86400);
  const day = days - (date1904 ? EPOCH_1904 : EPOCH_1900);
  if (!Number.isFinite(day) || Math.abs(day * MS_PER_DAY) > 8.64e15) return String(serial);
  return withTime ? `${isoDate(day)} ${isoTime(total - days * 86400)}` : isoDate(day);
}

/** Excel's name for a cell: C12. */
export function cellName(row: number, col: number): string {
  return XLSX.utils.encode_cell({ r: row, c: col });
}

export interface SheetRead {
  /** Date cells read as dates from their number format. */
  dateCells: number;
}

/** A cell that rejects its row: an error value, or a formula Excel never calculated. */
export type BadCellSink = (line: number, column: number, value: string, cell: string) => void;

/**
 * Stream a sheet's records below its header as CSV-like text fields, each with its
 * Excel row number. `types` is each header column's type ('' for a column no
 * dataset column reads): it decides how a number cell is written.
 */
export async function streamSheetRecords(
  layout: SheetLayout,
  types: (ColumnType | '')[],
  sink: RecordSink,
  onBadCell: BadCellSink,
): Promise<SheetRead> {
  const book = await workbookFor(layout);
  const sheet = book.sheets.find((s) => s.name === layout.sheet)!;
  const grid = sheet.grid;
  // A value written once over a merged range (客服部 over three rows) is every row's.
  for (const m of sheet.merges) {
    if (m.s.r < layout.headerEnd) continue;
    const top = grid[m.s.r]?.[m.s.c];
    if (!top) continue;
    for (let r = m.s.r; r <= m.e.r; r++) {
      const row = (grid[r] ??= []);
      for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) row[c] = top;
    }
  }
  const width = layout.headerCells.length;
  const read: SheetRead = { dateCells: 0 };
  for (let r = layout.headerEnd; r < grid.length; r++) {
    const row = grid[r];
    if (!row) continue;
    const fields = new Array<string>(width);
    let blank = true;
    let bad = -1;
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      const type = types[c]!;
      if (!cell || (!cell.f && (cell.t === 'z' || cell.v === undefined || cell.v === null))) {
        fields[c] = '';
        continue;
      }
      blank = false;
      if (cell.t === 'e' || cell.t === 'z' || cell.v === undefined || cell.v === null) {
        if (type !== '' && bad === -1) bad = c;
        fields[c] = errorText(cell);
        continue;
      }
      fields[c] = fieldText(cell, type, book.date1904, read);
    }
    if (blank) continue; // .xls from LibreOffice reports a thousand blank rows below the data
    if (bad !== -1) {
      const cell = row[bad]!;
      onBadCell(r + 1, bad, cell.t === 'e' ? errorText(cell) : `=${cell.f ?? ''}`, cellName(r, bad));
      continue;
    }
    sink(fields, r + 1);
  }
  return read;
}

/** Excel's error codes, as the cell shows them. */
const ERRORS: Record<number, string> = { 0: '#NULL!', 7: '#DIV/0!', 15: '#VALUE!', 23: '#REF!', 29: '#NAME?', 36: '#NUM!', 42: '#N/A', 43: '#GETTING_DATA' };

function errorText(cell: Cell): string {
  if (cell.t !== 'e') return '';
  return cell.w ?? (typeof cell.v === 'number' ? ERRORS[cell.v] : undefined) ?? String(cell.v);
}

/** `="LSVAU2180N2131676"`: the text guard DMS exports put on codes, as a formula. */
const STRING_LITERAL_FORMULA = /^"((?:[^"]|"")*)"$/;

function fieldText(cell: Cell, type: ColumnType | '', date1904: boolean, read: SheetRead): string {
  if (cell.t === 's') return String(cell.v);
  // SheetJS reads the text result of such a formula in an .xls written by LibreOffice
  // as the number 0; the formula itself says what the cell shows.
  const literal = cell.f ? STRING_LITERAL_FORMULA.exec(cell.f) : null;
  if (literal) return literal[1]!.replace(/""/g, '"');
  if (cell.t === 'b') return type === 'text' || type === '' ? (cell.v ? 'TRUE' : 'FALSE') : cell.v ? 'true' : 'false';
  if (cell.t !== 'n' || typeof cell.v !== 'number') return cell.w ?? String(cell.v);
  const v = cell.v;
  const z = cell.z as string | undefined;
  if (type === 'date' || type === 'datetime' || type === 'month') {
    const dated = isDateFormat(z);
    if (dated) read.dateCells++;
    // A plain number in a date column is a serial too, counted in this workbook's date system.
    if (dated || (v >= 20000 && v <= 80000)) {
      const text = serialText(v, date1904, type !== 'date' && (dated ? formatHasTime(z!) : !Number.isInteger(v)));
      return type === 'month' ? text.slice(0, 7) : text;
    }
    return String(v);
  }
  // Amounts and yes/no as the number; a column nothing reads only needs to be non-empty.
  if (type === 'amount' || type === 'boolean' || type === '') return String(v);
  // Text, key and unread columns: what Excel shows (a 合同编号 in General format as
  // all its digits, never 1.23457E+16; 00123 under the format 00000 as 00123).
  if (z === undefined || z === 'General') return Number.isInteger(v) ? String(v) : XLSX.SSF.format('General', v);
  return cell.w ?? XLSX.SSF.format(z, v, { date1904 });
}
