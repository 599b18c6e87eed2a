// The entries of a zip file, read from its central directory: what an .xlsx is on
// the way in (src/ingest/unzip.ts) and what write-excel-file gives back on the way
// out (src/report/zip-entries.ts). Only plain zips: anything else is null, and the
// caller falls back or refuses.
export const LOCAL_HEADER = 0x04034b50;
export const DIRECTORY_ENTRY = 0x02014b50;
export const END_OF_DIRECTORY = 0x06054b50;
const ZIP64 = 0xffffffff;
const UTF8_NAMES = 0x800;
const ENCRYPTED = 0x1;

export interface StoredEntry {
  name: string;
  /** 0 stored, 8 deflated; the caller decides what else it can take. */
  method: number;
  crc: number;
  /** Uncompressed size. */
  size: number;
  /** The entry's bytes as stored, a view into the zip. */
  data: Buffer;
}

/** The entries in the directory's order, or null for ZIP64, encryption or a damaged directory. */
export function zipDirectory(bytes: Buffer): StoredEntry[] | null {
  // The end record is the last 22 bytes, unless a zip comment (≤ 64 KB) follows it.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries: StoredEntry[] = [];
  let at = bytes.readUInt32LE(end + 16);
  for (let n = bytes.readUInt16LE(end + 10); n > 0; n--) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
    const flags = bytes.readUInt16LE(at + 8);
    const compressed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString(flags & UTF8_NAMES ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (flags & ENCRYPTED || compressed === ZIP64 || size === ZIP64 || local === ZIP64) return null;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_HEADER) return null;
    // The sizes are the directory's: a local header written before its data may hold
    // zeros, and its own name and extra lengths may differ from the directory's.
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    entries.push({ name, method, crc, size, data: bytes.subarray(start, start + compressed) });
  }
  return entries;
}
