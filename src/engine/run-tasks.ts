// Runs dataset tasks side by side: one in this thread and the rest in worker
// threads, one dataset each, when the input is big enough to pay for threads.
// A task whose `exists` rules look up another dataset waits, when it can, until
// that dataset has been read, so the lookup happens inline and nothing needs
// remembering for a join afterwards.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { IslaError, type IslaErrorCode } from '../errors.js';
import { type DatasetOutcome, type DatasetTask, type ProgressSink, runDatasetTask } from './dataset-task.js';

/** Below this many input bytes, starting threads costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

/**
 * A worker's old-generation cap. Left alone, V8 lets each isolate's heap grow to
 * several times its live data while a file streams through; the cap keeps two
 * threads within the memory target. A dataset that really needs more is not lost:
 * its task is run again on this thread, which has no such cap.
 * `ISLA_WORKER_HEAP_MB` changes it.
 */
function workerHeapMb(): number {
  return Number(process.env.ISLA_WORKER_HEAP_MB) || 256;
}

/**
 * A worker's young generation. V8's default (48 MB) is a second nursery beside this
 * thread's, for rows that die within their chunk anyway. With the heap growth below,
 * 16 MB kept the 1M-row bench at 283–294 MB; 8 MB saved 10 MB more but doubled the
 * worker's scavenges (a fifth of its time).
 */
const WORKER_YOUNG_MB = 16;

/**
 * How far V8 lets a heap grow past what its last full collection kept, once the
 * input is big enough for threads. By default it lets the old generation reach about
 * 2.5 times its live data before collecting, and on a big month that is garbage: a
 * finished task's key and lookup sets, the rows of a worker's outcome. At 30% the
 * 1M-row bench peaked at about 290 MB instead of 330–350, at 5–10% of its time.
 * V8 reads the flag at each collection. Set here, after the CLI was compiled, it
 * leaves the code cache's flag check alone; a small month (the build's cache run
 * among them) never sets it.
 */
const HEAP_GROWING_PERCENT = 30;

interface PooledWorker {
  worker: Worker;
  /** Settles when the thread dies, even before it was given a task (out of memory while starting). */
  died: Promise<Error>;
}

function startWorker(Worker: typeof import('node:worker_threads').Worker): PooledWorker {
  const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: workerHeapMb(), maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  return { worker, died: new Promise((resolve) => worker.once('error', resolve)) };
}

/**
 * How many tasks run at once (this thread counts as one). `ISLA_WORKERS=0` forces
 * one; `ISLA_WORKERS=N` forces N worker threads beside this one.
 */
export function parallelism(totalBytes: number, tasks: number): number {
  // Under vitest the sources are TypeScript and there is no built worker to start.
  if (!existsSync(WORKER_FILE)) return 1;
  const forced = process.env.ISLA_WORKERS;
  if (forced !== undefined && forced !== '') return Math.max(1, Math.min((Number(forced) || 0) + 1, tasks));
  if (totalBytes < WORKER_THRESHOLD_BYTES || tasks < 2) return 1;
  return Math.min(availableParallelism(), tasks);
}

export interface TaskResults {
  outcomes: DatasetOutcome[];
  /** Every dataset's looked-up values, for the `exists` rows that could not be checked inline. */
  exported: Map<string, Set<string>>;
}

export async function runTasks(tasks: DatasetTask[], slots: number, onProgress?: ProgressSink): Promise<TaskResults> {
  const outcomes: DatasetOutcome[] = new Array(tasks.length);
  const exported = new Map<string, Set<string>>();
  const waiting = tasks.map((task, index) => ({ task, index }));
  const running = new Set<string>();
  const sleepers: (() => void)[] = [];
  const wakeAll = (): void => sleepers.splice(0).forEach((wake) => wake());

  /** The next task whose lookups are all read, or any when nothing else can finish first. */
  const next = async (slot: number): Promise<(typeof waiting)[number] | undefined> => {
    for (;;) {
      if (waiting.length === 0) return undefined;
      const ready = waiting.findIndex(
        ({ task }) => (slot === 0 || !task.mainThread) && task.needs.every((n) => exported.has(n) || n.startsWith(`${task.datasetId}.`)),
      );
      const pick = ready !== -1 ? ready : running.size === 0 ? 0 : -1;
      if (pick !== -1) return waiting.splice(pick, 1)[0];
      await new Promise<void>((resolve) => sleepers.push(resolve));
    }
  };

  // Loaded only when threads start: node:worker_threads is milliseconds of a small month's start.
  const { Worker } = slots > 1 ? await import('node:worker_threads') : { Worker: undefined };
  if (slots > 1) (await import('node:v8')).setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const workers = Array.from({ length: slots - 1 }, () => startWorker(Worker!));
  const run = async (slot: number): Promise<void> => {
    for (let item = await next(slot); item; item = await next(slot)) {
      const { task, index } = item;
      task.lookups = Object.fromEntries(task.needs.filter((n) => exported.has(n)).map((n) => [n, exported.get(n)!]));
      running.add(task.datasetId);
      const worker = slot === 0 ? null : workers[slot - 1]!;
      let outcome: DatasetOutcome;
      try {
        outcome = worker ? await runOnWorker(worker, task, onProgress) : await runDatasetTask(task, onProgress);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
        workers[slot - 1] = startWorker(Worker!);
        outcome = await runDatasetTask(task, onProgress);
      }
      running.delete(task.datasetId);
      for (const [k, v] of Object.entries(outcome.exported)) exported.set(k, v);
      outcome.exported = {};
      outcomes[index] = outcome;
      wakeAll();
    }
    wakeAll();
  };
  try {
    await Promise.all(Array.from({ length: slots }, (_, slot) => run(slot)));
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
  return { outcomes, exported };
}

function runOnWorker({ worker, died }: PooledWorker, task: DatasetTask, onProgress?: ProgressSink): Promise<DatasetOutcome> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: {
      outcome?: DatasetOutcome;
      progress?: { file: string; rows: number };
      islaError?: { code: IslaErrorCode; params: Record<string, string | number | string[]> };
      crash?: string;
    }): void => {
      if (msg.progress) {
        onProgress?.(msg.progress.file, msg.progress.rows);
        return;
      }
      worker.off('message', onMessage);
      if (msg.outcome) resolve(msg.outcome);
      else if (msg.islaError) reject(new IslaError(msg.islaError.code, msg.islaError.params));
      else reject(new Error(msg.crash));
    };
    worker.on('message', onMessage);
    died.then(reject);
    worker.postMessage(task);
  });
}
