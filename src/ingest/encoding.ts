// Which encoding a file is in, from its first bytes: a BOM decides; otherwise
// valid UTF-8 is UTF-8 and anything else is GB18030, which is what Excel on
// Chinese Windows writes when it saves "CSV".
import { isUtf8 } from 'node:buffer';
import { iconvLite } from './iconv.js';

export type EncodingName = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be' | string;

/**
 * The bytes of the byte-order mark actually at the start of `head`: a UTF-16 file
 * without one (detected, or named with --encoding) keeps its first character.
 */
export function bomLength(encoding: EncodingName, head: Buffer): number {
  if (encoding === 'utf-8-bom' || encoding === 'utf-8') return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (encoding === 'utf-16le') return head[0] === 0xff && head[1] === 0xfe ? 2 : 0;
  if (encoding === 'utf-16be') return head[0] === 0xfe && head[1] === 0xff ? 2 : 0;
  return 0;
}

/** Bytes at the end that may be the start of a UTF-8 character cut by the chunking. */
export function incompleteUtf8Tail(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

export function detectEncoding(head: Buffer, complete: boolean): EncodingName {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: the ASCII in it (delimiters, digits, line ends) leaves
  // every other byte zero. Chinese text has few zero bytes, and those few (U+4E00 一
  // is 00 4E in LE) sit on the other side, so compare the sides instead of asking
  // for none at all.
  if (head.length >= 4) {
    const zerosOdd = countZeros(head, 1);
    const zerosEven = countZeros(head, 0);
    const pairs = Math.min(head.length, 4096) / 2;
    if (zerosOdd > pairs * 0.2 && zerosEven * 10 < zerosOdd) return 'utf-16le';
    if (zerosEven > pairs * 0.2 && zerosOdd * 10 < zerosEven) return 'utf-16be';
  }
  const body = complete ? head : head.subarray(0, head.length - incompleteUtf8Tail(head));
  if (isUtf8(body)) return 'utf-8';
  // One stray GBK byte in a UTF-8 file must not turn all its Chinese into mojibake
  // (and a "missing column"): text that is mostly well-formed UTF-8 is UTF-8, and the
  // bad byte is reported on its line, as it is when it comes after the first 64 KiB.
  return looksLikeUtf8(body) ? 'utf-8' : 'gb18030';
}

/**
 * Well-formed three- and four-byte UTF-8 sequences (all of CJK) against bytes that
 * fit no sequence. GBK text makes the former only by accident, and rarely.
 */
export function looksLikeUtf8(bytes: Buffer): boolean {
  let valid = 0;
  let invalid = 0;
  const cont = (i: number): boolean => i < bytes.length && (bytes[i]! & 0xc0) === 0x80;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) i++;
    else if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) i += 2;
    else if (b >= 0xe0 && b <= 0xef && cont(i + 1) && cont(i + 2)) (valid++, (i += 3));
    else if (b >= 0xf0 && b <= 0xf4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) (valid++, (i += 4));
    else (invalid++, i++);
  }
  return valid >= 4 && invalid * 20 <= valid;
}

function countZeros(buf: Buffer, parity: number): number {
  let zeros = 0;
  for (let i = parity; i < Math.min(buf.length, 4096); i += 2) if (buf[i] === 0) zeros++;
  return zeros;
}

/** Normalise a user-given encoding name (`--encoding GBK`) to one iconv-lite knows. */
export function normaliseEncodingName(name: string): EncodingName | null {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  if (n === 'utf8' || n === 'utf-8') return 'utf-8';
  if (n === 'utf-8-bom' || n === 'utf8-bom') return 'utf-8-bom';
  if (n === 'gbk' || n === 'gb2312' || n === 'gb18030' || n === 'cp936') return 'gb18030';
  if (n === 'utf-16' || n === 'utf16le' || n === 'utf-16le' || n === 'unicode') return 'utf-16le';
  if (n === 'utf16be' || n === 'utf-16be') return 'utf-16be';
  return iconvLite().encodingExists(n) ? n : null;
}

/** The iconv-lite codec name for a non-UTF-8 encoding. */
export function codecName(encoding: EncodingName): string {
  return encoding === 'utf-16le' ? 'utf16le' : encoding === 'utf-16be' ? 'utf16be' : encoding;
}
