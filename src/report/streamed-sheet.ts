// 问题清单 written some twenty rows at a time (issue 16). write-excel-file writes
// the sheet's frame — columns, frozen header, the header row, the filter — around
// one probe row holding a cell of each style the findings use; the probe tells
// the style numbers the library gave them, and the findings' rows take its place,
// streamed through deflate. Text is written inline (<is>), not into the shared
// string table, whose every string the library would hold; SheetJS, LibreOffice,
// WPS and Excel read both alike.
import type { Cell } from 'write-excel-file/node';
import { sanitizeTextContent } from 'write-excel-file/utility';
import { type ZipEntry, deflatedEntry, entryText } from './zip-entries.js';

const PROBE_ROW = /<row r="2"[^>]*>(.*?)<\/row>/;
// Pieces of about 16 Ki characters: a longer string (64 Ki characters of Chinese are
// 128 KiB) goes to V8's large-object space and stays until a full collection, which
// had grown the heap by 350 MB over 200,000 rows in 2,000-row pieces.
const PIECE_CHARS = 16 * 1024;
const MS_PER_DAY = 86_400_000;
/** Days from Excel's 1900 epoch to 1970-01-01, as the library counts them. */
const UNIX_EPOCH_SERIAL = 25_569;

/**
 * The sheet `entry` with its probe row (row 2, cells of `probedFormats` in order)
 * replaced by `rows`, numbered from row 2. The entry's other XML stays as the library wrote it.
 */
export async function streamedSheet(entry: ZipEntry, probedFormats: (string | undefined)[], rows: Iterable<Cell[]>): Promise<ZipEntry> {
  const xml = entryText(entry);
  const probe = PROBE_ROW.exec(xml);
  if (!probe) throw new Error(`${entry.name}: the style probe row is missing`);
  const ids = [...probe[1]!.matchAll(/<c r="[A-Z]+2" s="(\d+)"/g)].map((m) => m[1]!);
  if (ids.length !== probedFormats.length) throw new Error(`${entry.name}: the style probe row has ${ids.length} styled cells`);
  const styles = new Map(probedFormats.map((format, i) => [format ?? '', ids[i]!]));
  const before = xml.slice(0, probe.index);
  const after = xml.slice(probe.index + probe[0].length);
  return deflatedEntry(entry.name, (function* () {
    yield before;
    yield* rowPieces(rows, styles);
    yield after;
  })());
}

function* rowPieces(rows: Iterable<Cell[]>, styles: Map<string, string>): Generator<string> {
  const columns: string[] = [];
  let piece: string[] = [];
  let chars = 0;
  let r = 2;
  for (const row of rows) {
    let cells = '';
    row.forEach((cell, i) => {
      cells += cellXml(cell, `${(columns[i] ??= columnLetters(i))}${r}`, styles);
    });
    const xml = `<row r="${r}">${cells}</row>`;
    piece.push(xml);
    chars += xml.length;
    r++;
    if (chars >= PIECE_CHARS) {
      yield piece.join('');
      piece = [];
      chars = 0;
    }
  }
  if (piece.length) yield piece.join('');
}

/** One cell as the library writes it, but text inline; an empty cell is left out, as the library does. */
function cellXml(cell: Cell, ref: string, styles: Map<string, string>): string {
  if (cell === null || cell === undefined) return '';
  const object = typeof cell === 'object' && 'value' in cell ? cell : { value: cell };
  const { value } = object;
  if (value === null || value === undefined || value === '') return '';
  const format = 'format' in object ? object.format : undefined;
  const s = styles.get(format ?? '');
  if (s === undefined) throw new Error(`no probed style for format ${format}`);
  if (value instanceof Date) return `<c r="${ref}" s="${s}"><v>${value.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL}</v></c>`;
  if (typeof value === 'number') return `<c r="${ref}" s="${s}"><v>${value}</v></c>`;
  const text = String(value);
  // As the library's shared strings: kept spaces at either end are said to be kept.
  const space = text.trim().length === text.length ? '' : ' xml:space="preserve"';
  return `<c r="${ref}" s="${s}" t="inlineStr"><is><t${space}>${sanitizeTextContent(text)}</t></is></c>`;
}

export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
