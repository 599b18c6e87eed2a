// Reports are written to a temporary file in the same folder and renamed into
// place: a crash or a concurrent run never leaves half a report behind, and the
// previous report stays whole until the new one is complete.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { stdoutClosed } from './closed-pipe.js';
import { IslaError } from './errors.js';

/** Text comes in chunks so a report of 100,000 findings is never one giant string. */
export type Chunks = Iterable<string>;

export async function writeAtomic(target: string, content: Chunks | Buffer): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      if (Buffer.isBuffer(content)) await handle.write(content);
      else await writeChunks(content, (s) => handle.write(s).then(() => undefined));
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (cause) {
    await unlink(temp).catch(() => undefined);
    throw new IslaError('write-failed', { path: target, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });
  }
}

/** Join small chunks into writes of about 1 MiB. */
export async function writeChunks(chunks: Chunks, write: (s: string) => Promise<void>): Promise<void> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= 1 << 16) {
      await write(pending);
      pending = '';
    }
  }
  if (pending) await write(pending);
}

/** stdout with backpressure, so a pipe into `mail` gets the whole report. */
export function writeStdout(chunks: Chunks): Promise<void> {
  return writeChunks(chunks, (s) =>
    new Promise((resolve, reject) => {
      if (stdoutClosed()) return resolve();
      process.stdout.write(s, (err) => {
        if (!err || (err as NodeJS.ErrnoException).code === 'EPIPE' || stdoutClosed()) resolve();
        else reject(new IslaError('write-failed', { path: 'stdout', reason: (err as NodeJS.ErrnoException).code ?? String(err) }, { cause: err }));
      });
    }),
  );
}
