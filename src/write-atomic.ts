// Reports are written to a temporary file in the same folder and renamed into
// place: a crash or a concurrent run never leaves half a report behind, and the
// previous report stays whole until the new one is complete. A report set (a
// folder) is built beside the old one and swapped in whole. Whatever temporary
// file or folder exists when SIGINT or SIGTERM arrives is removed before exiting.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { stdoutClosed } from './closed-pipe.js';
import { IslaError } from './errors.js';

/** Text comes in chunks so a report of 100,000 findings is never one giant string. */
export type Chunks = Iterable<string>;

/** Undo steps for what is half-done right now, run (synchronously) if a signal ends the run. */
const pendingCleanups = new Set<() => void>();
let signalsHooked = false;

function onInterrupt(signal: NodeJS.Signals): void {
  for (const cleanup of [...pendingCleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the next cleanup must still run.
    }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Run `work` with `cleanup` registered for SIGINT/SIGTERM; unregistered when it ends. */
async function guarded<T>(cleanup: () => void, work: () => Promise<T>): Promise<T> {
  if (!signalsHooked) {
    signalsHooked = true;
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
  }
  pendingCleanups.add(cleanup);
  try {
    return await work();
  } finally {
    pendingCleanups.delete(cleanup);
  }
}

let tempCount = 0;

/**
 * A temporary name beside the target: the pid and a count keep this process's names
 * apart, a random tail keeps them off a leftover of an earlier process with the same
 * pid. Files are created exclusively ('wx') and folders by mkdir, so a name already
 * taken fails rather than being written through; nothing here needs node:crypto,
 * whose loading was a few milliseconds of every start.
 */
const tempName = (target: string, suffix: string): string =>
  path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${(++tempCount).toString(36)}${Math.random().toString(36).slice(2, 8)}.${suffix}`);

async function writeTo(file: string, content: Chunks | Buffer, flags: string): Promise<void> {
  const handle = await open(file, flags);
  try {
    if (Buffer.isBuffer(content)) await handle.write(content);
    else {
      // One buffer, reused for every write, with room for a write's characters plus
      // the chunk that took it past them: no trail of buffers outside the heap.
      const room = 2 * WRITE_CHARS;
      const bytes = Buffer.allocUnsafe(room * 3);
      await writeChunks(content, async (s) => {
        if (s.length > room) return void (await handle.write(s));
        const length = bytes.write(s);
        // A pipe or a device may take part of it at a time.
        for (let done = 0; done < length; ) done += (await handle.write(bytes, done, length - done)).bytesWritten;
      });
    }
  } finally {
    await handle.close();
  }
}

const writeFailed = (target: string, cause: unknown): IslaError =>
  cause instanceof IslaError ? cause : new IslaError('write-failed', { path: target, reason: (cause as NodeJS.ErrnoException).code ?? String(cause) }, { cause });

/**
 * Write `target` atomically. A device or FIFO (`-o /dev/null`, a named pipe) is
 * written to directly: renaming over it would replace the device node with a file.
 */
export async function writeAtomic(target: string, content: Chunks | Buffer): Promise<void> {
  const existing = await stat(target).catch(() => null);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    try {
      await writeTo(target, content, 'w');
      return;
    } catch (cause) {
      throw writeFailed(target, cause);
    }
  }
  const temp = tempName(target, 'tmp');
  try {
    await guarded(
      () => rmSync(temp, { force: true }),
      async () => {
        await writeTo(temp, content, 'wx');
        await rename(temp, target);
      },
    );
  } catch (cause) {
    await unlink(temp).catch(() => undefined);
    throw writeFailed(target, cause);
  }
}

/**
 * `mkdir -p`, one level at a time. Node's own `mkdir(…, { recursive: true })` loops
 * for ever where every mkdir answers ENOENT although the parent exists (`/proc`,
 * `/sys`): here the first level that cannot be made ends it with that error.
 */
export async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !(await stat(at).catch(() => null)); at = path.dirname(at)) {
    missing.push(at);
    if (path.dirname(at) === at) break;
  }
  for (const level of missing.reverse()) {
    await mkdir(level).catch((cause: NodeJS.ErrnoException) => {
      if (cause.code !== 'EEXIST') throw cause; // made meanwhile by a concurrent run
    });
  }
}

/**
 * Replace the folder `target` as a whole: `fill` writes the new contents into a
 * temporary folder beside it, the files of the old folder that `carry` names (its
 * history, such as mail-log.json) are copied over, and the new folder is renamed
 * into place. Until that rename the old folder is untouched; after it, the old one
 * is removed. An interruption at any point leaves one whole folder and no temporaries.
 */
export async function replaceFolder(target: string, fill: (folder: string) => Promise<void>, carry: (name: string) => boolean): Promise<void> {
  const fresh = tempName(target, 'tmp');
  const old = tempName(target, 'old');
  try {
    await makeFolder(path.dirname(target));
    await guarded(
      () => {
        // Interrupted between the two renames: put the previous set back.
        if (!existsSync(target) && existsSync(old)) renameSync(old, target);
        rmSync(fresh, { recursive: true, force: true });
        rmSync(old, { recursive: true, force: true });
      },
      async () => {
        await mkdir(fresh);
        await fill(fresh);
        const previous = await readdir(target, { withFileTypes: true }).catch(() => null);
        for (const entry of previous ?? []) {
          if (entry.isFile() && carry(entry.name) && !existsSync(path.join(fresh, entry.name))) {
            await copyFile(path.join(target, entry.name), path.join(fresh, entry.name));
          }
        }
        if (previous) await rename(target, old);
        await rename(fresh, target);
        if (previous) await rm(old, { recursive: true, force: true });
      },
    );
  } catch (cause) {
    if (!existsSync(target) && existsSync(old)) renameSync(old, target);
    await rm(fresh, { recursive: true, force: true }).catch(() => undefined);
    throw writeFailed(target, cause);
  }
}

/**
 * Characters per write (UTF-8 needs at most three bytes for each). Kept small on
 * purpose: a string of Chinese text past 64 Ki characters is over 128 KiB, which V8
 * puts straight into large-object space, kept until the next full collection — a
 * 200 MB page grew the heap by 2.6 MB for every young-generation collection.
 */
const WRITE_CHARS = 1 << 14;

/** Join small chunks into writes of about WRITE_CHARS characters. */
export async function writeChunks(chunks: Chunks, write: (s: string) => Promise<void>): Promise<void> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= WRITE_CHARS) {
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
