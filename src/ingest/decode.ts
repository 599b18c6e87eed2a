// Text decoders for the encodings that are not UTF-8. GB18030 and UTF-16 — what
// Excel writes — are decoded by Node itself (ICU's GB18030 converter, the built-in
// UTF-16 decoder); iconv-lite, whose GB18030 codec builds its decode and encode
// tables at every start (tens of milliseconds), is loaded only for another
// encoding named with --encoding (big5, shift_jis …).
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import { type EncodingName, codecName } from './encoding.js';
import { iconvLite } from './iconv.js';

/** A streaming decoder: `write` each chunk in order, then `end` once. */
export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

/**
 * GB18030 through ICU (`TextDecoder`). Undecodable bytes become U+FFFD, which the
 * reader reports as an undecodable line. A Node built without full ICU has no
 * GB18030 decoder: iconv-lite then.
 */
function gb18030Decoder(): ChunkDecoder | null {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder('gb18030');
  } catch {
    return null;
  }
  return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
}

/** UTF-16 BE: each byte pair swapped into LE, an odd byte carried to the next chunk. */
function utf16beDecoder(): ChunkDecoder {
  const le = new StringDecoder('utf16le');
  let carry: number | null = null;
  return {
    write(chunk) {
      if (chunk.length === 0) return '';
      const start = carry === null ? 0 : 1;
      const pairs = (chunk.length - start) >> 1;
      const swapped = Buffer.allocUnsafe((start ? 2 : 0) + pairs * 2);
      let j = 0;
      if (carry !== null) {
        swapped[j++] = chunk[0]!;
        swapped[j++] = carry;
      }
      for (let i = start; i + 1 < chunk.length; i += 2) {
        swapped[j++] = chunk[i + 1]!;
        swapped[j++] = chunk[i]!;
      }
      carry = (chunk.length - start) % 2 === 1 ? chunk[chunk.length - 1]! : null;
      return le.write(swapped);
    },
    end() {
      carry = null;
      return le.end();
    },
  };
}

/** A decoder for `encoding` (not UTF-8); a BOM is passed through as U+FEFF, never stripped. */
export function chunkDecoder(encoding: EncodingName): ChunkDecoder {
  if (encoding === 'utf-16le') {
    const le = new StringDecoder('utf16le');
    return { write: (chunk) => le.write(chunk), end: () => le.end() };
  }
  if (encoding === 'utf-16be') return utf16beDecoder();
  const native = encoding === 'gb18030' ? gb18030Decoder() : null;
  if (native) return native;
  const decoder = iconvLite().getDecoder(codecName(encoding), { stripBOM: false });
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

/** A whole buffer decoded. */
export function decodeAll(bytes: Buffer, encoding: EncodingName): string {
  const decoder = chunkDecoder(encoding);
  return decoder.write(bytes) + decoder.end();
}
