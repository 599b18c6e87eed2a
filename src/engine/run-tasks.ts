// Runs dataset tasks side by side: one in this thread and the rest in worker
// threads, one dataset each, when the input is big enough to pay for threads.
// No task waits for another: the rows `exists` rules look up in another dataset
// come back as compact candidates and are joined once every dataset is read, so
// the threads stay busy and the biggest file alone bounds the run.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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

interface PooledWorker {
  worker: Worker;
  /** Settles when the thread dies, even before it was given a task (out of memory while starting). */
  died: Promise<Error>;
}

/**
 * A worker's young generation. Its default lets the nursery of a thread streaming a
 * file grow to tens of MB that count in the run's peak RSS; 16 MB measured the same
 * speed and about 20 MB less peak RSS on the million-row bench (medians of nine runs
 * each on a shared, noisy machine: 349 vs 370 MB).
 */
const WORKER_YOUNG_MB = 16;

function startWorker(): PooledWorker {
  const worker = new Worker(WORKER_FILE, {
    resourceLimits: { maxOldGenerationSizeMb: workerHeapMb(), maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
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
  /** Every dataset's looked-up values, for the `exists` candidates to be joined against. */
  exported: Map<string, Set<string>>;
}

export async function runTasks(tasks: DatasetTask[], slots: number, onProgress?: ProgressSink): Promise<TaskResults> {
  const outcomes: DatasetOutcome[] = new Array(tasks.length);
  const exported = new Map<string, Set<string>>();
  const waiting = tasks.map((task, index) => ({ task, index }));
  /** The next task this slot may run: a worker leaves the sheets this thread has parsed to it. */
  const next = (slot: number): (typeof waiting)[number] | undefined => {
    const at = waiting.findIndex(({ task }) => slot === 0 || !task.mainThread);
    return at === -1 ? undefined : waiting.splice(at, 1)[0];
  };

  const workers = Array.from({ length: slots - 1 }, startWorker);
  const run = async (slot: number): Promise<void> => {
    for (let item = next(slot); item; item = next(slot)) {
      const { task, index } = item;
      const worker = slot === 0 ? null : workers[slot - 1]!;
      let outcome: DatasetOutcome;
      try {
        outcome = worker ? await runOnWorker(worker, task, onProgress) : await runDatasetTask(task, onProgress);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
        workers[slot - 1] = startWorker();
        outcome = await runDatasetTask(task, onProgress);
      }
      for (const [k, v] of Object.entries(outcome.exported)) exported.set(k, v);
      outcome.exported = {};
      outcomes[index] = outcome;
    }
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
