// Which encoding a file is in, from its first bytes: a BOM decides; otherwise
// valid UTF-8 is UTF-8 and anything else is GB18030, which is what Excel on
// Chinese Windows writes when it saves "CSV".
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type EncodingName = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be' | string;

export function bomLength(encoding: EncodingName): number {
  if (encoding === 'utf-8-bom') return 3;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return 2;
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
  // UTF-16 without a BOM: ASCII text leaves every other byte zero.
  if (head.length >= 4) {
    const zerosOdd = countZeros(head, 1);
    const zerosEven = countZeros(head, 0);
    const half = head.length / 2;
    if (zerosOdd > half * 0.3 && zerosEven === 0) return 'utf-16le';
    if (zerosEven > half * 0.3 && zerosOdd === 0) return 'utf-16be';
  }
  const body = complete ? head : head.subarray(0, head.length - incompleteUtf8Tail(head));
  return isUtf8(body) ? 'utf-8' : 'gb18030';
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
  return iconv.encodingExists(n) ? n : null;
}

/** The iconv-lite codec name for a non-UTF-8 encoding. */
export function codecName(encoding: EncodingName): string {
  return encoding === 'utf-16le' ? 'utf16le' : encoding === 'utf-16be' ? 'utf16be' : encoding;
}
