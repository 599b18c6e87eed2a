// The worksheets of an .xlsx read in two parts (see sheet-data.ts): SheetJS reads the
// workbook with every <sheetData> cut out — names, hidden flags, merges, styles,
// shared strings, the date system — and isla reads the cells. Each cut sheetData is
// replaced by one marker cell naming it, so SheetJS's own resolution of which part
// is which sheet decides where the cells go.
import type * as XLSX from 'xlsx';
import * as SheetJS from 'xlsx';
import { type SheetContext, type SheetGrid, readSheetData } from './sheet-data.js';
import type { ZipContainer } from './unzip.js';

const OPEN = Buffer.from('<sheetData>');
const CLOSE = Buffer.from('</sheetData>');
const MARKER = 'isla-sheet-data-';
const marker = (k: number): Buffer => Buffer.from(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${MARKER}${k}</t></is></c></row></sheetData>`);

/**
 * The workbook parsed by `parse` from a copy of the zip without its sheets' cells, the
 * cells then filled in by isla (with formulas and stubs when `formulas`, as `parse`
 * reads them); null when a sheet holds what isla's reader leaves to SheetJS (the
 * caller then reads the original zip whole).
 */
export function withSheetData(zip: ZipContainer, formulas: boolean, parse: (stripped: ZipContainer) => XLSX.WorkBook): XLSX.WorkBook | null {
  const cut: Buffer[] = [];
  const stripped: ZipContainer = {
    ...zip,
    FileIndex: zip.FileIndex.map((entry, i) => {
      if (!/\/worksheets\/[^/]+\.xml$/i.test(zip.FullPaths[i]!)) return entry;
      const xml = entry.content;
      const open = xml.indexOf(OPEN);
      const close = open === -1 ? -1 : xml.indexOf(CLOSE, open);
      if (close === -1) return entry; // <sheetData/>, or prefixed: SheetJS reads it as it is
      cut.push(xml.subarray(open + OPEN.length, close));
      return { ...entry, content: Buffer.concat([xml.subarray(0, open), marker(cut.length - 1), xml.subarray(close + CLOSE.length)]) };
    }),
  };
  if (cut.length === 0) return null;
  const wb = parse(stripped);
  const context = sheetContext(wb);
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name] as { '!data'?: SheetGrid } | undefined;
    const first = ws?.['!data']?.[0]?.[0]?.v;
    if (typeof first !== 'string' || !first.startsWith(MARKER)) continue;
    const grid = readSheetData(cut[Number(first.slice(MARKER.length))]!, context, formulas);
    if (grid === null) return null;
    (ws as { '!data'?: SheetGrid })['!data'] = grid;
  }
  return wb;
}

/** The styles' number formats and the shared strings SheetJS read, as the cell reader needs them. */
function sheetContext(wb: XLSX.WorkBook): SheetContext {
  const book = wb as XLSX.WorkBook & { Strings?: { t?: string }[]; Styles?: { CellXf?: { numFmtId?: number }[] } };
  const xfs = book.Styles?.CellXf;
  return {
    formatIds: Array.isArray(xfs) ? xfs.map((xf) => xf?.numFmtId) : [],
    formats: SheetJS.SSF.get_table() as Record<number, string>,
    sharedStrings: (book.Strings ?? []).map((s) => s.t as string),
  };
}
