// Bytes → records with their physical line: decode (BOM, UTF-8, GB18030, UTF-16),
// find the header below any Excel title lines, sniff the delimiter, then stream the
// rest as records (csv-records.ts). No file is held whole in memory.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { IslaError } from '../errors.js';
import {
  type EncodingName,
  bomLength,
  codecName,
  detectEncoding,
  incompleteUtf8Tail,
  looksLikeUtf8,
} from './encoding.js';
import { readRecords } from './csv-records.js';
import { chunkDecoder, decodeAll } from './decode.js';
import { knownHeaderCount } from './headers.js';
import { iconvLite } from './iconv.js';

export type Delimiter = ',' | '\t' | ';' | '|';
const DELIMITERS: Delimiter[] = [',', '\t', ';', '|'];
const HEAD_BYTES = 64 * 1024;
/** SPEC §3.2: title lines above the header are skipped when the header is this close. */
const HEADER_SEARCH_LINES = 10;

export interface FileLayout {
  file: string;
  encoding: EncodingName;
  delimiter: Delimiter;
  /** 1-based physical line of the header. */
  headerLine: number;
  headerCells: string[];
  /** Byte offset of the header line's first byte. */
  headerOffset: number;
  /** Lines end in a lone CR (Mac Excel's "CSV (Macintosh)") rather than LF or CRLF. */
  loneCr: boolean;
  /** Set while streaming: some bytes of this UTF-8 file did not decode (shown as U+FFFD); their rows are rejected. */
  lossy?: boolean;
}

function isUtf8Family(e: EncodingName): boolean {
  return e === 'utf-8' || e === 'utf-8-bom';
}

function decodeHead(head: Buffer, encoding: EncodingName, complete: boolean): string {
  const body = head.subarray(bomLength(encoding, head));
  if (isUtf8Family(encoding)) return body.subarray(0, body.length - (complete ? 0 : incompleteUtf8Tail(body))).toString('utf8');
  return decodeAll(body, encoding);
}

/** Split one line on a delimiter, honouring double quotes (enough to read a header). */
export function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

interface HeaderGuess {
  index: number;
  delimiter: Delimiter;
  cells: string[];
  score: number;
}

/**
 * The header is the line among the first ten whose cells name the most known
 * columns; with no known names at all, the first line with two or more filled cells
 * that are mostly filled (a title like "2026年10月放贷记录,,," has one).
 */
export function findHeader(lines: string[], knownNames: Set<string>): HeaderGuess | null {
  let best: HeaderGuess | null = null;
  let fallback: HeaderGuess | null = null;
  for (let index = 0; index < Math.min(lines.length, HEADER_SEARCH_LINES); index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    for (const delimiter of DELIMITERS) {
      const cells = splitLine(line, delimiter);
      if (cells.length < 2) continue;
      const score = knownHeaderCount(cells, knownNames);
      if (score > 0 && (best === null || score > best.score)) best = { index, delimiter, cells, score };
      const filled = cells.filter((c) => c.trim() !== '').length;
      if (fallback === null && filled >= 2 && filled * 2 >= cells.length) fallback = { index, delimiter, cells, score };
    }
  }
  return best ?? fallback;
}

/**
 * The first 64 KiB, read synchronously: sniffing goes file by file anyway, and four
 * round trips through the thread pool per file were most of a small month's wait.
 * A file that fits whole is kept for `streamRecords`, so it is not opened twice.
 */
function readHead(file: string): { head: Buffer; complete: boolean } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (cause) {
    throw new IslaError('unreadable', { file, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const bytesRead = readSync(fd, buf, 0, HEAD_BYTES, 0);
    const complete = bytesRead >= fstatSync(fd).size;
    const head = buf.subarray(0, bytesRead);
    if (complete) wholeFiles.set(file, head);
    return { head, complete };
  } catch (cause) {
    throw new IslaError('unreadable', { file, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  } finally {
    closeSync(fd);
  }
}

/** Files read whole while sniffing (64 KiB at most each), taken by the first `streamRecords` of each. */
const wholeFiles = new Map<string, Buffer>();

/** Read the first 64 KiB and work out how the file is laid out. */
export async function sniffFile(file: string, knownNames: Set<string>, forcedEncoding?: EncodingName): Promise<FileLayout> {
  const { head, complete } = readHead(file);
  const detected = forcedEncoding ?? detectEncoding(head, complete);
  const headBody = head.subarray(bomLength(detected, head), head.length - (complete ? 0 : incompleteUtf8Tail(head)));
  // A few stray bytes in UTF-8 text reject their rows (streamRecords); a head that is
  // mostly not UTF-8 (--encoding utf-8 on a GBK file) stops here, naming the line.
  if (isUtf8Family(detected) && !isUtf8(headBody) && !looksLikeUtf8(headBody)) throw await undecodable(file, detected);
  const read = (encoding: EncodingName) => {
    const text = decodeHead(head, encoding, complete);
    // Keep each line's own ending (CRLF, LF or a lone CR) so the header's byte offset is exact.
    const rawLines = text.split(/(?<=\n|\r(?!\n))/);
    return { encoding, text, rawLines, guess: findHeader(rawLines.map((l) => l.replace(/\r?\n$|\r$/, '')), knownNames) };
  };
  let best = read(detected);
  // Neither clean UTF-8 nor a BOM: UTF-8 against GB18030 was a guess from byte
  // counts. The header decides it — whichever reading names more known columns —
  // so a few stray bytes never turn the header into mojibake and a "missing column".
  if (!forcedEncoding && (detected === 'gb18030' || (detected === 'utf-8' && !isUtf8(headBody)))) {
    const other = read(detected === 'utf-8' ? 'gb18030' : 'utf-8');
    if ((other.guess?.score ?? 0) > (best.guess?.score ?? 0)) best = other;
  }
  const { encoding, text, rawLines, guess } = best;
  if (text.replace(/[\s,;|\t\uFEFF]/g, '') === '') throw new IslaError('empty-file', { file });
  if (guess === null) throw new IslaError('no-header', { file });
  // A bad byte in the header (or above it) would become a "missing column": name its line instead.
  if (isUtf8Family(encoding) && rawLines.slice(0, guess.index + 1).some((l) => l.includes('\uFFFD'))) throw await undecodable(file, encoding);
  const before = rawLines.slice(0, guess.index).join('');
  const headerOffset = bomLength(encoding, head) + encodedLength(before, encoding, head.subarray(bomLength(encoding, head)), guess.index);
  return {
    file,
    encoding,
    delimiter: guess.delimiter,
    headerLine: guess.index + 1,
    headerCells: guess.cells.map((c) => c.trim()),
    headerOffset,
    loneCr: !text.includes('\n') && text.includes('\r'),
  };
}

/**
 * The bytes `before` (the first `lines` lines of the decoded head) took in the
 * file. UTF-16 has two bytes a code unit; in GB18030, as in UTF-8, a CR or LF byte
 * is never part of a character, so the lines are counted in the bytes themselves.
 */
function encodedLength(before: string, encoding: EncodingName, body: Buffer, lines: number): number {
  if (lines === 0) return 0;
  if (isUtf8Family(encoding)) return Buffer.byteLength(before, 'utf8');
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return before.length * 2;
  if (encoding === 'gb18030') {
    let i = 0;
    for (let seen = 0; seen < lines && i < body.length; i++) {
      // The split of the decoded text: after LF, and after a CR that no LF follows.
      if (body[i] === 0x0a || (body[i] === 0x0d && body[i + 1] !== 0x0a)) seen++;
    }
    return i;
  }
  return iconvLite().encode(before, codecName(encoding)).length;
}

/** The length of the longest prefix of `bytes` that is valid UTF-8. */
function validUtf8Prefix(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const prefix = bytes.subarray(0, mid);
    if (isUtf8(prefix.subarray(0, mid - incompleteUtf8Tail(prefix)))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The error for a file that does not decode, naming the line of the first bad
 * byte. Only reached when decoding failed; reads the file again in chunks.
 */
async function undecodable(file: string, encoding: EncodingName): Promise<IslaError> {
  let line = 1;
  const fail = (): IslaError => new IslaError('undecodable', { file, encoding, line });
  if (isUtf8Family(encoding)) {
    // 0x0A never occurs inside a multi-byte UTF-8 character: count bytes.
    const countLines = (bytes: Buffer): void => {
      for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) line++;
    };
    let carry = Buffer.alloc(0);
    for await (const raw of createReadStream(file)) {
      const chunk = Buffer.concat([carry, raw as Buffer]);
      const whole = chunk.subarray(0, chunk.length - incompleteUtf8Tail(chunk));
      if (!isUtf8(whole)) {
        countLines(whole.subarray(0, validUtf8Prefix(whole)));
        return fail();
      }
      countLines(whole);
      carry = chunk.subarray(whole.length);
    }
    return fail(); // a character cut off by the end of the file
  }
  const decoder = chunkDecoder(encoding);
  for await (const raw of createReadStream(file)) {
    const text = decoder.write(raw as Buffer);
    const at = text.indexOf('\uFFFD');
    for (let i = text.indexOf('\n'); i !== -1 && (at === -1 || i < at); i = text.indexOf('\n', i + 1)) line++;
    if (at !== -1) return fail();
  }
  return fail();
}

/** Chunks of the file from the header on, as csv-parse wants them. */
async function* decodedChunks(layout: FileLayout): AsyncGenerator<Buffer | string> {
  const cached = wholeFiles.get(layout.file);
  wholeFiles.delete(layout.file);
  const stream = cached ? [cached.subarray(layout.headerOffset)] : createReadStream(layout.file, { start: layout.headerOffset, highWaterMark: 256 * 1024 });
  let decoder = isUtf8Family(layout.encoding) ? null : chunkDecoder(layout.encoding);
  let carry: Buffer | null = null;
  // Plain ASCII so far (the header included): reads the same in UTF-8 and GB18030.
  let ascii = decoder === null && layout.headerCells.every((c) => isAscii(Buffer.from(c)));
  for await (const raw of stream) {
    if (decoder) {
      const text = decoder.write(raw as Buffer);
      if (text.includes('\uFFFD')) throw await undecodable(layout.file, layout.encoding);
      if (text) yield text;
      continue;
    }
    // UTF-8 goes to csv-parse as raw bytes (it decodes fields itself); only validate.
    const chunk: Buffer = carry ? Buffer.concat([carry, raw as Buffer]) : (raw as Buffer);
    const tail = incompleteUtf8Tail(chunk);
    const whole = tail ? chunk.subarray(0, chunk.length - tail) : chunk;
    carry = tail ? chunk.subarray(chunk.length - tail) : null;
    const asciiBefore = ascii;
    if (ascii) ascii = isAscii(whole);
    if (isUtf8(whole)) yield whole;
    else if (asciiBefore && !looksLikeUtf8(whole)) {
      // Revisit the guess: a GBK file whose first 64 KiB had no Chinese switches
      // here, losslessly, since everything before was ASCII.
      layout.encoding = 'gb18030';
      decoder = chunkDecoder('gb18030');
      const text = decoder.write(chunk);
      carry = null;
      if (text.includes('\uFFFD')) throw await undecodable(layout.file, layout.encoding);
      yield text;
    } else {
      // A stray byte in UTF-8 text: decoded as U+FFFD, and its row is rejected.
      layout.lossy = true;
      yield whole.toString('utf8');
    }
  }
  if (carry) throw await undecodable(layout.file, layout.encoding);
  const rest = decoder?.end();
  if (rest) yield rest;
}

/** Called for every data record (blank lines skipped) with its 1-based start line. */
export type RecordSink = (fields: string[], line: number) => void;

function isBlank(fields: string[]): boolean {
  for (let i = 0; i < fields.length; i++) if (fields[i]!.trim() !== '') return false;
  return true;
}

/**
 * Stream the records below the header. Line numbers are counted from the records
 * (neither reader keeps them): a record starts one line after the previous one
 * ended, and it spans one more line for every newline inside its quoted cells.
 * Blank lines come through as empty records and are skipped.
 */
export async function streamRecords(layout: FileLayout, sink: RecordSink): Promise<void> {
  const lineBreak = layout.loneCr ? '\r' : '\n';
  let line = layout.headerLine;
  let first = true;
  const onRecord = (fields: string[]): void => {
    const start = line;
    let extra = 0;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.includes(lineBreak)) for (let j = f.indexOf(lineBreak); j !== -1; j = f.indexOf(lineBreak, j + 1)) extra++;
    }
    line += 1 + extra;
    if (first) {
      first = false; // the header itself
      return;
    }
    if (!isBlank(fields)) sink(fields, start);
  };
  try {
    await readRecords(decodedChunks(layout), layout, onRecord);
  } catch (err) {
    if ((err as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') throw new IslaError('unterminated-quote', { file: layout.file, line });
    throw err;
  }
}
