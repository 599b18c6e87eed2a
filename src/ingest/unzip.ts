// An .xlsx's zip container opened with Node's zlib, handed to SheetJS as the
// container its own zip reader would have built. SheetJS inflates in JavaScript
// (its native path leans on zlib's deprecated bytesRead, which warns on stderr):
// a tenth of a 100,000-row sheet's reading time. Anything this reader does not
// expect (ZIP64, encryption, an odd method) returns null, and SheetJS reads the
// bytes itself as before.
import { inflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import { zipDirectory } from '../zip-directory.js';

/** SheetJS's container: the entries by full path ("Root Entry/xl/workbook.xml"). */
export interface ZipContainer {
  FullPaths: string[];
  FileIndex: { name: string; content: Buffer }[];
}

interface CfbUtils {
  cfb_new(): ZipContainer;
  cfb_add(zip: ZipContainer, name: string, content: Buffer, opts: { unsafe: true }): void;
}

export function unzipWorkbook(bytes: Buffer): ZipContainer | null {
  const entries = zipDirectory(bytes);
  if (entries === null) return null;
  const utils = (XLSX.CFB as { utils: CfbUtils }).utils;
  const zip = utils.cfb_new();
  for (const { name, method, data } of entries) {
    if (name.endsWith('/')) continue;
    if (method === 8) utils.cfb_add(zip, name, inflateRawSync(data), { unsafe: true });
    else if (method === 0) utils.cfb_add(zip, name, Buffer.from(data), { unsafe: true });
    else return null;
  }
  return zip;
}

const worksheets = (zip: ZipContainer): Buffer[] => zip.FileIndex.filter((_, i) => /\/worksheets\/[^/]+\.xml$/i.test(zip.FullPaths[i]!)).map((f) => f.content);

/** Whether the XML holds a `<name …>` element, prefixed (`<x:name>`) or not: one scan a spelling. */
function hasElement(xml: Buffer, name: string): boolean {
  for (const opening of ['<' + name, ':' + name]) {
    for (let at = xml.indexOf(opening); at !== -1; at = xml.indexOf(opening, at + 1)) {
      const next = xml[at + opening.length];
      if (next === 0x3e || next === 0x20 || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) return true;
    }
  }
  return false;
}

/** Whether any worksheet holds a formula (`<f>`, `<x:f …>`): only then are formulas and stubs read. */
export function hasFormulas(zip: ZipContainer): boolean {
  return worksheets(zip).some((xml) => hasElement(xml, 'f'));
}

/** The highest row number any worksheet's last `<row r="…">` names (rows are written in order); 0 when none says. */
export function lastRowNumber(zip: ZipContainer): number {
  let highest = 0;
  for (const xml of worksheets(zip)) {
    let at = xml.lastIndexOf('<row ');
    if (at === -1) at = xml.lastIndexOf(':row ');
    if (at === -1) continue;
    const tag = xml.toString('latin1', at, Math.min(xml.length, at + 200)).split('>')[0]!;
    const r = /\sr="(\d+)"/.exec(tag);
    if (r) highest = Math.max(highest, Number(r[1]));
  }
  return highest;
}

// SheetJS looks for the elements around <sheetData> in the whole sheet XML (its
// sheetData match carries no index, so "the part before" is the whole string): an
// element a sheet lacks costs a regex pass over every row, ~40 ms a search on a
// 100,000-row sheet. The three searched for once and usually absent are given here
// as the empty stubs that read as their absence, before <sheetData>, where the search
// ends at once. The searches for every match (merges, hyperlinks, margins, the
// auto-filter) still pass over the whole sheet.
const SHEET_PR_EMPTY = /<(?:\w+:)?sheetPr\b[^<>]*?\/>/; // SheetJS's own pattern
const SHEET_PR_OPEN = /<((?:\w+:)?sheetPr\b[^<>]*)>/;
const DIMENSION = /<(?:\w*:)?dimension/; // SheetJS's own pattern
const SHEET_VIEWS = /<(?:\w+:)?sheetViews\b/;
/** SheetJS reads a dimension's ref in the 50 characters after `<dimension`: spaces, so a row's `spans="1:7"` is not taken for one. */
const NO_DIMENSION = '<dimension/>' + ' '.repeat(50);

/**
 * The stubs for one sheet's XML, or null when it needs none or is not as expected.
 * Each reads as what SheetJS finds without it: a self-closing copy of the sheetPr's
 * own opening tag (SheetJS reads only its attributes — the code name), empty
 * sheetViews, a dimension without a ref.
 */
function searchStubs(head: string): string | null {
  let stubs = '';
  if (!SHEET_PR_EMPTY.test(head)) {
    const open = SHEET_PR_OPEN.exec(head);
    stubs += open ? `<${open[1]}/>` : '<sheetPr/>';
  }
  if (!SHEET_VIEWS.test(head)) stubs += '<sheetViews></sheetViews>';
  if (!DIMENSION.test(head)) stubs += NO_DIMENSION;
  return stubs === '' ? null : stubs;
}

/** Each unprefixed worksheet's XML with the stubs its head lacks, just inside `<worksheet …>`. */
export function easeSheetSearches(zip: ZipContainer): void {
  zip.FileIndex.forEach((entry, i) => {
    if (!/\/worksheets\/[^/]+\.xml$/i.test(zip.FullPaths[i]!)) return;
    const xml = entry.content;
    const dataAt = xml.indexOf('<sheetData');
    if (dataAt === -1) return;
    const head = xml.toString('latin1', 0, dataAt);
    const sheetAt = head.indexOf('<worksheet');
    const inside = sheetAt === -1 ? -1 : head.indexOf('>', sheetAt) + 1;
    if (inside <= 0) return;
    const stubs = searchStubs(head);
    if (stubs) entry.content = Buffer.concat([xml.subarray(0, inside), Buffer.from(stubs, 'latin1'), xml.subarray(inside)]);
  });
}
