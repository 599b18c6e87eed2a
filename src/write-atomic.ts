// Reports are written to a temporary file in the same folder and renamed into
// place: a crash or a concurrent run never leaves half a report behind.
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IslaError } from './errors.js';

export async function writeAtomic(target: string, content: string | Buffer): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { flag: 'wx' });
    await rename(temp, target);
  } catch (cause) {
    await unlink(temp).catch(() => undefined);
    throw new IslaError('write-failed', { path: target, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  }
}
