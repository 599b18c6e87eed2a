// The records of a CSV file, as csv-parse reads them with isla's options (issue #19).
// csv-parse walks every byte through its state machine and decodes every field on
// its own: on a big month that was nearly half of isla's time, five times what
// finding the records takes here. A record here is one line decoded at once; a line
// without quotes is split on the delimiter, one with quotes is read field by field.
// Whatever this reader does not expect — a quote inside an unquoted field, text after
// a closing quote, a record running on for 64 KiB, text that was not UTF-8
// bytes, lone-CR line ends — is handed to csv-parse from that record on, so the
// records, and the errors, are csv-parse's. test/ingest/csv-records.test.ts holds the
// two to the same records on generated text cut into chunks at every point.
import { once } from 'node:events';
import { type Parser, parse } from 'csv-parse';
import type { Delimiter } from './read-file.js';

export interface Dialect {
  delimiter: Delimiter;
  /** Lines end in a lone CR (Mac Excel's "CSV (Macintosh)"). */
  loneCr: boolean;
}

type RecordCallback = (fields: string[]) => void;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** A record still open after this many bytes is left to csv-parse (a quote never closed it may call unterminated). */
const MAX_OPEN_RECORD_BYTES = 64 * 1024;

/** What reading one record's text gave: its fields, or why not. */
const NEED_MORE = 1;
const UNEXPECTED = 2;

/**
 * Fields of one record's text (without its line end) into `out`; NEED_MORE when a
 * quoted field runs past the text (its line break is inside the quotes), UNEXPECTED
 * where csv-parse's relaxed rules would apply.
 */
function readQuoted(text: string, delimiter: string, out: string[]): 0 | typeof NEED_MORE | typeof UNEXPECTED {
  const length = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let from = i + 1;
      let value = '';
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) return NEED_MORE;
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += text.slice(from, close + 1); // "" is one quote
          from = close + 2;
          continue;
        }
        value += text.slice(from, close);
        i = close + 1;
        break;
      }
      out.push(value);
      if (i === length) return 0;
      if (text[i] !== delimiter) return UNEXPECTED;
      i++;
    } else {
      const next = text.indexOf(delimiter, i);
      const field = text.slice(i, next === -1 ? length : next);
      if (field.includes('"')) return UNEXPECTED;
      out.push(field);
      if (next === -1) return 0;
      i = next + 1;
    }
  }
}

/** Where a record's text ends: before the CR of a CRLF (a CR at the very end of the text is the text's). */
function textEnd(bytes: Buffer, start: number, lineEnd: number): number {
  return lineEnd < bytes.length && lineEnd > start && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
}

/** csv-parse with isla's options: any number of fields a record, quotes relaxed, CRLF or LF (or lone CR). */
function csvParse(dialect: Dialect): Parser {
  return parse({
    delimiter: dialect.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    // Files edited by hand mix CRLF and LF; csv-parse would otherwise fix on the first.
    record_delimiter: dialect.loneCr ? ['\r'] : ['\r\n', '\n'],
  });
}

/**
 * Calls `onRecord` with every record of the chunks (UTF-8 bytes, or text already
 * decoded), in order; empty lines are records of one empty field, as in csv-parse.
 * Rejects with csv-parse's error (CSV_QUOTE_NOT_CLOSED …) or the chunks' own.
 */
export async function readRecords(chunks: AsyncIterable<Buffer | string>, dialect: Dialect, onRecord: RecordCallback): Promise<void> {
  const { delimiter } = dialect;
  // Set by handOver, also from inside splitLines: typed so that TypeScript does not narrow it to null.
  let parser = null as Parser | null;
  let parsed: Promise<void> = Promise.resolve();
  /** From here on csv-parse reads, starting with `rest` (the bytes from the record it is given). */
  const handOver = (rest: Buffer | null): Parser => {
    const p = csvParse(dialect);
    p.on('data', onRecord);
    parsed = new Promise<void>((resolve, reject) => {
      p.on('end', resolve);
      p.on('error', reject);
    });
    // Awaited at the end; an error before then also fails the next write.
    parsed.catch(() => undefined);
    if (rest && rest.length > 0) p.write(rest);
    return (parser = p);
  };
  if (dialect.loneCr) handOver(null);

  /** The records of `bytes` up to its last line end (all of it when `last`); the offset of what is left. */
  const splitLines = (bytes: Buffer, last: boolean): number => {
    let start = 0;
    let quote = bytes.indexOf(QUOTE);
    for (;;) {
      let lineEnd = bytes.indexOf(LF, start);
      if (lineEnd === -1) {
        if (!last || start === bytes.length) return start;
        lineEnd = bytes.length;
      }
      if (quote !== -1 && quote < start) quote = bytes.indexOf(QUOTE, start);
      if (quote === -1 || quote >= lineEnd) {
        onRecord(bytes.toString('utf8', start, textEnd(bytes, start, lineEnd)).split(delimiter));
      } else {
        const fields: string[] = [];
        let read = readQuoted(bytes.toString('utf8', start, textEnd(bytes, start, lineEnd)), delimiter, fields);
        // A line break inside quotes: the record goes on to the next line end.
        while (read === NEED_MORE && lineEnd < bytes.length && lineEnd - start < MAX_OPEN_RECORD_BYTES) {
          const next = bytes.indexOf(LF, lineEnd + 1);
          if (next === -1 && !last) return start;
          lineEnd = next === -1 ? bytes.length : next;
          fields.length = 0;
          read = readQuoted(bytes.toString('utf8', start, textEnd(bytes, start, lineEnd)), delimiter, fields);
        }
        if (read !== 0) {
          if (read === NEED_MORE && !last && lineEnd - start < MAX_OPEN_RECORD_BYTES) return start;
          handOver(bytes.subarray(start));
          return bytes.length;
        }
        onRecord(fields);
      }
      if (lineEnd >= bytes.length) return bytes.length;
      start = lineEnd + 1;
    }
  };

  let carry: Buffer | null = null;
  try {
    for await (const chunk of chunks) {
      if (!parser && typeof chunk === 'string') handOver(carry);
      if (parser) {
        if (parser.destroyed) break; // csv-parse failed: its error is awaited below
        if (!parser.write(chunk)) await once(parser, 'drain');
        continue;
      }
      const bytes: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      const used = splitLines(bytes, false);
      carry = used < bytes.length && !parser ? bytes.subarray(used) : null;
      // A record still open after 64 KiB (one huge line, a quote never closed) is
      // csv-parse's: carried from chunk to chunk it would be copied again each time.
      if (carry && carry.length > MAX_OPEN_RECORD_BYTES) {
        handOver(carry);
        carry = null;
      }
    }
    if (!parser && carry) splitLines(carry, true);
  } catch (err) {
    parser?.destroy();
    throw err;
  }
  parser?.end();
  await parsed;
}
