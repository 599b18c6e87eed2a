// A worksheet's <sheetData> read by isla instead of SheetJS (SPEC §12, the 8× budget).
// SheetJS splits every row and cell of the XML with regular expressions and builds
// an attribute object per tag: two thirds of a 100,000-row sheet's time. The cells
// of an export are simple enough to read byte by byte: this reader gives the cells
// SheetJS would build with isla's reading options (dense, with number formats, no
// display text; formulas and empty stub cells when the workbook has formulas), and
// says `null` for anything it does not expect — a prefixed element, single quotes, a
// date-typed cell, a rich inline string, a shared or array formula, CDATA, an odd
// entity — so that workbook is read by SheetJS whole, as before.
// test/ingest/sheet-data.test.ts holds it to SheetJS's cells on every test workbook.
import type * as XLSX from 'xlsx';

export type SheetCell = Pick<XLSX.CellObject, 't' | 'v' | 'z' | 'f'>;
export type SheetGrid = (SheetCell | undefined)[][];

/** What a cell's `s` and `t="s"` point at: the parsed workbook's styles and shared strings. */
export interface SheetContext {
  /** numFmtId of each cell style (`cellXfs`), by style index. */
  formatIds: (number | undefined)[];
  /** SheetJS's format table after it read the styles: numFmtId → format string. */
  formats: Record<number, string>;
  sharedStrings: string[];
}

/** Excel's error texts as SheetJS numbers them (its RBErr). */
const ERROR_CODES: Record<string, number> = { '#NULL!': 0, '#DIV/0!': 7, '#VALUE!': 15, '#REF!': 23, '#NAME?': 29, '#NUM!': 36, '#N/A': 42, '#GETTING_DATA': 43, '#WTF?': 255 };

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", gt: '>', lt: '<', amp: '&' };

/** Thrown inside the reader when the XML is not what it expects; caught at the top. */
class Unexpected extends Error {}

/**
 * XML text as SheetJS unescapes it (its raw_unescapexml): the five entities, numeric
 * references (as UTF-16 code units), then Excel's `_xHHHH_` escapes.
 */
function unescape(text: string): string {
  if (text.includes('<![CDATA[')) throw new Unexpected();
  let out = text;
  if (out.includes('&')) {
    out = out.replace(/&(#x?[\da-fA-F]+|[a-zA-Z]+);|&/g, (all, name: string | undefined) => {
      if (name === undefined) return all;
      // SheetJS reads &#X41; in base 10: left to it.
      if (name[0] === '#') {
        if (name[1] === 'X') throw new Unexpected();
        return String.fromCharCode(name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
      }
      const plain = ENTITIES[name];
      if (plain === undefined) throw new Unexpected(); // SheetJS's reading of &AMP; and the like is its own
      return plain;
    });
  }
  if (out.includes('_x')) out = out.replace(/_x([\da-fA-F]{4})_/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out;
}

/** Bytes of the XML, UTF-8 as a latin1 string would hold them (SheetJS's utf8read of its binary string). */
const text = (xml: Buffer, from: number, to: number): string => xml.toString('utf8', from, to);

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const SPACE = 0x20;
const ROW_OPEN = Buffer.from('<row');
const ROW_CLOSE = Buffer.from('</row>');
const CELL_OPEN = Buffer.from('<c');
const CELL_CLOSE = Buffer.from('</c>');
const V_CLOSE = Buffer.from('</v>');
const T_CLOSE = Buffer.from('</t>');
const IS_OPEN = Buffer.from('<is>');
const F_CLOSE = Buffer.from('</f>');
const IS_CLOSE = Buffer.from('</is>');

/** What a tag's attributes r, s and t say; `at` is the byte after the tag's `>`. */
interface Tag {
  /** 0-based row and column from `r`, or -1 when it has none. */
  row: number;
  column: number;
  style: number;
  type: string | undefined;
  at: number;
  selfClosing: boolean;
}

const tag: Tag = { row: -1, column: -1, style: -1, type: undefined, at: 0, selfClosing: false };

/** A decimal integer's bytes, or -1 when they are not one. */
function integer(xml: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 9) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = xml[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The attributes of the tag whose name ends at `from`, read into `tag`. Only `name="value"`
 * pairs separated by single spaces: single quotes, tabs or line breaks are SheetJS's.
 */
function readTag(xml: Buffer, from: number, cell: boolean): void {
  tag.row = -1;
  tag.column = -1;
  tag.style = -1;
  tag.type = undefined;
  let i = from;
  for (;;) {
    const b = xml[i];
    if (b === GT) {
      tag.selfClosing = false;
      tag.at = i + 1;
      return;
    }
    if (b === SLASH && xml[i + 1] === GT) {
      tag.selfClosing = true;
      tag.at = i + 2;
      return;
    }
    if (b !== SPACE) throw new Unexpected();
    const nameAt = i + 1;
    const eq = xml.indexOf(0x3d /* = */, nameAt);
    if (eq === -1 || xml[eq + 1] !== QUOTE) throw new Unexpected();
    const end = xml.indexOf(QUOTE, eq + 2);
    if (end === -1) throw new Unexpected();
    for (let k = nameAt; k < eq; k++) if (xml[k]! <= SPACE || xml[k] === GT || xml[k] === 0x27) throw new Unexpected();
    if (eq - nameAt === 1) {
      const name = xml[nameAt];
      if (name === 0x72 /* r */) readRef(xml, eq + 2, end, cell);
      else if (name === 0x73 /* s */ && cell) {
        tag.style = integer(xml, eq + 2, end);
        if (tag.style === -1) throw new Unexpected();
      } else if (name === 0x74 /* t */ && cell) tag.type = xml.toString('latin1', eq + 2, end);
    }
    i = end + 1;
  }
}

/** `r="AB12"` on a cell (column and row) or `r="12"` on a row. */
function readRef(xml: Buffer, from: number, to: number, cell: boolean): void {
  let i = from;
  let column = 0;
  if (cell) {
    for (; i < to && xml[i]! >= 65 && xml[i]! <= 90; i++) column = column * 26 + xml[i]! - 64;
    if (i === from) throw new Unexpected();
  }
  const row = integer(xml, i, to);
  if (row < 1) throw new Unexpected();
  tag.row = row - 1;
  tag.column = column - 1;
}

/** Whether `bytes` are at `at`. */
function at(xml: Buffer, pos: number, bytes: Buffer): boolean {
  for (let k = 0; k < bytes.length; k++) if (xml[pos + k] !== bytes[k]) return false;
  return true;
}

/** The position of the next `<` from `from` (text holds none: XML escapes it), or throws at the end. */
function nextTag(xml: Buffer, from: number): number {
  for (let i = from; i < xml.length; i++) if (xml[i] === LT) return i;
  throw new Unexpected();
}

/** End of the cell's content read by readCell, where `</c>` must follow. */
let contentEnd = 0;

/**
 * The bytes of `<name>text</name>` at `pos` as [start, end) — null for `<name/>` or an
 * empty element — with contentEnd after it. `attributes`: the opening tag may carry
 * some (`<t xml:space="preserve">`).
 */
function element(xml: Buffer, pos: number, name: number, close: Buffer, attributes = false): [number, number] | null {
  if (xml[pos] !== LT || xml[pos + 1] !== name) throw new Unexpected(); // <f> before <v>, whitespace, another element
  let start = pos + 2;
  if (attributes && xml[start] === SPACE) start = nextGt(xml, start);
  if (xml[start] === SLASH && xml[start + 1] === GT) {
    contentEnd = start + 2; // <v/>
    return null;
  }
  if (xml[start] !== GT) throw new Unexpected();
  start++;
  const end = nextTag(xml, start);
  if (!at(xml, end, close)) throw new Unexpected();
  contentEnd = end + close.length;
  return end === start ? null : [start, end];
}

/** The `>` or `/>` ending an opening tag's attributes (values in double quotes). */
function nextGt(xml: Buffer, from: number): number {
  for (let i = from; i < xml.length; i++) {
    const b = xml[i];
    if (b === QUOTE) {
      i = xml.indexOf(QUOTE, i + 1);
      if (i === -1) break;
    } else if (b === GT) return xml[i - 1] === SLASH ? i - 1 : i;
    else if (b === LT || b === 0x27) break;
  }
  throw new Unexpected();
}

/**
 * A cell's `<f …>text</f>` at `pos` as SheetJS keeps it (`_xlfn.` prefixes dropped), or
 * undefined for an empty or self-closing one; contentEnd after it. Shared and array
 * formulas (`t="shared"`, `t="array"`) are SheetJS's.
 */
function readFormula(xml: Buffer, pos: number): string | undefined {
  let end = pos + 2;
  if (xml[end] === SPACE) {
    end = nextGt(xml, end);
    if (xml.toString('latin1', pos, end).includes(' t="')) throw new Unexpected();
  }
  if (xml[end] === SLASH && xml[end + 1] === GT) {
    contentEnd = end + 2;
    return undefined;
  }
  if (xml[end] !== GT) throw new Unexpected();
  const close = nextTag(xml, end + 1);
  if (!at(xml, close, F_CLOSE)) throw new Unexpected();
  contentEnd = close + F_CLOSE.length;
  return close === end + 1 ? undefined : unescape(text(xml, end + 1, close)).replace(/\r\n/g, '\n').replace(/_xlfn\./g, '');
}

/**
 * One cell's value as SheetJS reads it, or undefined where SheetJS keeps no cell;
 * contentEnd after its content. `stubs`: the workbook has formulas, read as SheetJS
 * reads them with sheetStubs — a cell without a value is kept as an empty 'z' cell.
 */
function readCell(xml: Buffer, ctx: SheetContext, stubs: boolean): SheetCell | undefined {
  const type = tag.type;
  let pos = tag.at;
  contentEnd = pos;
  let empty = tag.selfClosing || at(xml, pos, CELL_CLOSE);
  // Every cell is made with its number format, so all have one shape.
  const z = ctx.formats[tag.style === -1 ? 0 : (ctx.formatIds[tag.style] ?? 0)];
  let f: string | undefined;
  if (!empty && xml[pos] === LT && xml[pos + 1] === 0x66 /* f */) {
    if (!stubs) throw new Unexpected(); // a formula where the workbook was said to have none
    f = readFormula(xml, pos);
    pos = contentEnd;
    empty = at(xml, pos, CELL_CLOSE);
  }
  let cell: SheetCell;
  if (type === 'inlineStr') {
    if (empty) cell = { t: 's', v: '', z };
    else {
      // Only a plain <is><t>…</t></is>; rich runs and phonetic text are SheetJS's.
      if (!at(xml, pos, IS_OPEN)) throw new Unexpected();
      const t = element(xml, pos + IS_OPEN.length, 0x74 /* t */, T_CLOSE, true);
      if (t === null || !at(xml, contentEnd, IS_CLOSE)) throw new Unexpected();
      contentEnd += IS_CLOSE.length;
      cell = { t: 's', v: unescape(text(xml, t[0], t[1])).replace(/\r\n/g, '\n'), z };
    }
  } else {
    const v = empty ? null : element(xml, pos, 0x76 /* v */, V_CLOSE);
    if (v === null) {
      // SheetJS gives a formula without a result the value 0, then finds 0 == "" and keeps it as a stub.
      if (type === undefined && f !== undefined) cell = { t: 'z', v: 0, z };
      else if (type === undefined || type === 'n' || type === 's') {
        if (!stubs) return undefined;
        cell = { t: 'z', v: undefined, z };
      } else if (type === 'str') cell = { t: 's', v: '', z };
      else if (type === 'b') cell = { t: 'b', v: false, z };
      else if (type === 'e') cell = { t: 'e', v: undefined as unknown as number, z };
      else throw new Unexpected();
    } else if (type === undefined || type === 'n') {
      const n = integer(xml, v[0], v[1]);
      cell = { t: 'n', v: n !== -1 ? n : parseFloat(unescape(xml.toString('latin1', v[0], v[1]))), z };
    } else if (type === 's') {
      let index = integer(xml, v[0], v[1]);
      if (index === -1) index = parseInt(unescape(xml.toString('latin1', v[0], v[1])), 10);
      const shared = ctx.sharedStrings[index];
      if (shared === undefined) throw new Unexpected();
      cell = { t: 's', v: shared, z };
    } else if (type === 'str') {
      // SheetJS unescapes a formula's text result twice; so is it here.
      cell = { t: 's', v: unescape(utf8(unescape(xml.toString('latin1', v[0], v[1])))).replace(/\r\n/g, '\n'), z };
    } else if (type === 'b') {
      const raw = unescape(xml.toString('latin1', v[0], v[1]));
      cell = { t: 'b', v: raw === '1' || raw === 'true', z };
    } else if (type === 'e') {
      cell = { t: 'e', v: ERROR_CODES[unescape(xml.toString('latin1', v[0], v[1]))]!, z };
    } else throw new Unexpected(); // 'd' (an ISO date cell) and anything newer
  }
  if (f !== undefined) cell.f = f;
  return cell;
}

/** A latin1 string of UTF-8 bytes as the text it spells (SheetJS's utf8read). */
function utf8(latin1: string): string {
  if (/[^\x00-\xff]/.test(latin1)) throw new Unexpected(); // a reference unescaped to a wide character first
  return /[\x80-\xff]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

/**
 * The cells of one `<sheetData>…</sheetData>` (its bytes) in SheetJS's dense layout,
 * or null when it holds something this reader leaves to SheetJS.
 */
export function readSheetData(xml: Buffer, ctx: SheetContext, formulas: boolean): SheetGrid | null {
  try {
    return readRows(xml, ctx, formulas);
  } catch (e) {
    if (e instanceof Unexpected) return null;
    throw e;
  }
}

function readRows(xml: Buffer, ctx: SheetContext, formulas: boolean): SheetGrid {
  const grid: SheetGrid = [];
  let rowNumber = 0;
  let pos = xml.indexOf(ROW_OPEN);
  while (pos !== -1) {
    readTag(xml, pos + ROW_OPEN.length, false);
    if (tag.selfClosing) {
      pos = xml.indexOf(ROW_OPEN, tag.at);
      continue; // an empty row, <row r="5"/>: SheetJS keeps nothing of it
    }
    rowNumber = tag.row === -1 ? rowNumber + 1 : tag.row + 1;
    let column = -1;
    pos = tag.at;
    for (;;) {
      const b = xml[pos];
      if (b === undefined) throw new Unexpected();
      if (b <= SPACE) {
        pos++; // whitespace between cells
        continue;
      }
      if (at(xml, pos, ROW_CLOSE)) break;
      // Any element in a row but a cell is SheetJS's.
      if (b !== LT || xml[pos + 1] !== 0x63 /* c */) throw new Unexpected();
      readTag(xml, pos + CELL_OPEN.length, true);
      let row = rowNumber - 1;
      if (tag.row === -1) column++;
      else {
        row = tag.row;
        column = tag.column;
      }
      const selfClosing = tag.selfClosing;
      const cell = readCell(xml, ctx, formulas);
      if (cell) (grid[row] ??= [])[column] = cell;
      if (selfClosing) pos = tag.at;
      else if (at(xml, contentEnd, CELL_CLOSE)) pos = contentEnd + CELL_CLOSE.length;
      else throw new Unexpected(); // more in the cell than its value
    }
    pos = xml.indexOf(ROW_OPEN, pos + ROW_CLOSE.length);
  }
  return grid;
}
