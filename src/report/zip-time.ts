// The times inside findings.xlsx's zip. The writer stamps every entry with the
// machine's clock in the machine's zone; isla stamps them with the run's as-of,
// finance's wall-clock reading, so the same check gives the same bytes on any
// machine, in any zone, at any hour (and a mail log's hash means something).
const LOCAL_HEADER = 0x04034b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;

/** `2026-11-06T09:00` as MS-DOS time and date fields (two-second steps, years from 1980). */
function dosTime(wallClock: string): { time: number; date: number } {
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(wallClock) ?? [];
  const year = Math.min(Math.max(Number(y ?? 1980), 1980), 2107);
  return {
    time: (Number(h) << 11) | (Number(mi) << 5) | Math.floor(Number(s) / 2),
    date: ((year - 1980) << 9) | (Number(mo ?? 1) << 5) | Number(d ?? 1),
  };
}

/** Every entry's modification time set to `wallClock`, in place; a zip it does not understand is left as it is. */
export function stampZipTimes(zip: Buffer, wallClock: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || zip.readUInt32LE(end) !== END_OF_DIRECTORY) return zip;
  const { time, date } = dosTime(wallClock);
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) return zip;
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== LOCAL_HEADER) return zip;
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(date, at + 14);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
