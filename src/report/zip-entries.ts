// The zip container of findings.xlsx, read and written again with one entry's
// bytes supplied as a stream of text pieces. write-excel-file holds every sheet's
// XML whole (a string, then two byte copies of it) before it zips; for 200,000
// findings that is several hundred MB (issue 16). So the big sheet is written by
// isla a few rows at a time through zlib's deflate, and every other entry
// is copied from the library's zip as it was compressed. Every entry's time is the
// run's as-of (the library stamps the machine's clock in the machine's zone), so the
// same check gives the same bytes on any machine, in any zone, at any hour — and a
// mail log's hash means something.
import { once } from 'node:events';
import { createDeflateRaw, inflateRawSync } from 'node:zlib';
import { DIRECTORY_ENTRY, END_OF_DIRECTORY, LOCAL_HEADER, zipDirectory } from '../zip-directory.js';

const DEFLATE = 8;

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  size: number;
  /** The entry's bytes as stored (compressed by `method`), as chunks. */
  data: Buffer[];
}

/** The entries of a zip, in its central directory's order. Throws on what is not a plain zip (the library's is). */
export function readZip(zip: Buffer): ZipEntry[] {
  const entries = zipDirectory(zip);
  if (entries === null) throw new Error('zip: not a plain zip');
  return entries.map((e) => ({ ...e, data: [e.data] }));
}

/** An entry's uncompressed text (for the small entries only: it is read whole). */
export function entryText(entry: ZipEntry): string {
  const bytes = Buffer.concat(entry.data);
  return (entry.method === DEFLATE ? inflateRawSync(bytes) : bytes).toString('utf8');
}

/**
 * An entry deflated from text pieces as they come: only one piece and the
 * compressed output are held, never the whole text.
 */
export async function deflatedEntry(name: string, pieces: Iterable<string>): Promise<ZipEntry> {
  const deflate = createDeflateRaw();
  const data: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => data.push(chunk));
  const ended = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    const bytes = Buffer.from(piece, 'utf8');
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  return { name, method: DEFLATE, crc, size, data };
}

/** `2026-11-06T09:00` as MS-DOS time and date fields (two-second steps, years from 1980). */
function dosTime(wallClock: string): { time: number; date: number } {
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(wallClock) ?? [];
  const year = Math.min(Math.max(Number(y ?? 1980), 1980), 2107);
  return {
    time: (Number(h) << 11) | (Number(mi) << 5) | Math.floor(Number(s) / 2),
    date: ((year - 1980) << 9) | (Number(mo ?? 1) << 5) | Number(d ?? 1),
  };
}

/** The zip of `entries`, in their order, with no data descriptors, every entry timed at `wallClock` (finance's local ISO). */
export function writeZip(entries: ZipEntry[], wallClock: string): Buffer {
  const { time, date } = dosTime(wallClock);
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const compressed = e.data.reduce((n, b) => n + b.length, 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed: deflate
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(DIRECTORY_ENTRY, 0);
    central.writeUInt16LE(20, 4); // made by: MS-DOS, zip 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(compressed, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, ...e.data);
    directory.push(central, name);
    offset += 30 + name.length + compressed;
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...directory, end]);
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** The zip's CRC-32 of `bytes`, continuing from `crc` (zlib.crc32 is not in every Node 20). */
function crc32(bytes: Uint8Array, crc: number): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
