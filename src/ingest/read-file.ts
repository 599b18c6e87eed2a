// Bytes → records with their physical line: decode (BOM, UTF-8, GB18030, UTF-16),
// find the header below any Excel title lines, sniff the delimiter, then stream the
// rest through csv-parse. No file is held whole in memory.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { IslaError } from '../errors.js';
import {
  type EncodingName,
  bomLength,
  codecName,
  detectEncoding,
  incompleteUtf8Tail,
} from './encoding.js';
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
  const encoding = forcedEncoding ?? detectEncoding(head, complete);
  const text = decodeHead(head, encoding, complete);
  if (text.replace(/[\s,;|\t\uFEFF]/g, '') === '') throw new IslaError('empty-file', { file });
  if (isUtf8Family(encoding) && !isUtf8(head.subarray(bomLength(encoding, head), head.length - (complete ? 0 : incompleteUtf8Tail(head))))) {
    throw await undecodable(file, encoding);
  }
  // Keep each line's own ending (CRLF, LF or a lone CR) so the header's byte offset is exact.
  const rawLines = text.split(/(?<=\n|\r(?!\n))/);
  const guess = findHeader(rawLines.map((l) => l.replace(/\r?\n$|\r$/, '')), knownNames);
  if (guess === null) throw new IslaError('no-header', { file });
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
  const whole = wholeFiles.get(layout.file);
  wholeFiles.delete(layout.file);
  const stream = whole ? [whole.subarray(layout.headerOffset)] : createReadStream(layout.file, { start: layout.headerOffset, highWaterMark: 256 * 1024 });
  if (isUtf8Family(layout.encoding)) {
    // UTF-8 goes to csv-parse as raw bytes (it decodes fields itself); only validate.
    let carry: Buffer | null = null;
    for await (const raw of stream) {
      const chunk: Buffer = carry ? Buffer.concat([carry, raw as Buffer]) : (raw as Buffer);
      const tail = incompleteUtf8Tail(chunk);
      const whole = tail ? chunk.subarray(0, chunk.length - tail) : chunk;
      if (!isUtf8(whole)) throw await undecodable(layout.file, layout.encoding);
      carry = tail ? chunk.subarray(chunk.length - tail) : null;
      yield whole;
    }
    if (carry) throw await undecodable(layout.file, layout.encoding);
    return;
  }
  const decoder = chunkDecoder(layout.encoding);
  for await (const raw of stream) {
    const text = decoder.write(raw as Buffer);
    if (text.includes('\uFFFD')) throw await undecodable(layout.file, layout.encoding);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Called for every data record (blank lines skipped) with its 1-based start line. */
export type RecordSink = (fields: string[], line: number) => void;

function isBlank(fields: string[]): boolean {
  for (let i = 0; i < fields.length; i++) if (fields[i]!.trim() !== '') return false;
  return true;
}

/**
 * Stream the records below the header. Line numbers are counted here instead of
 * asking csv-parse for `info` (which costs ~50% of its speed): a record starts one
 * line after the previous one ended, and it spans one more line for every newline
 * inside its quoted cells. Blank lines come through as empty records and are skipped.
 */
export async function streamRecords(layout: FileLayout, sink: RecordSink): Promise<void> {
  const parser = parse({
    delimiter: layout.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    // Files edited by hand mix CRLF and LF; csv-parse would otherwise fix on the first.
    // Mac Excel's "CSV (Macintosh)" ends every line in a lone CR.
    record_delimiter: layout.loneCr ? ['\r'] : ['\r\n', '\n'],
  });
  const lineBreak = layout.loneCr ? '\r' : '\n';
  let line = layout.headerLine;
  let first = true;
  parser.on('data', (fields: string[]) => {
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
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') reject(new IslaError('unterminated-quote', { file: layout.file, line }));
      else reject(err);
    });
  });
  const source = Readable.from(decodedChunks(layout), { objectMode: false });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  await done;
}
