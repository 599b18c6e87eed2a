// Runs dataset tasks in worker threads when the input is big enough to pay for
// them (one dataset per core), else in this thread. Same code either way.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IslaError, type IslaErrorCode } from '../errors.js';
import { type DatasetOutcome, type DatasetTask, type ProgressSink, runDatasetTask } from './dataset-task.js';

/** Below this many input bytes, starting threads costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

/** `ISLA_WORKERS=0` forces one thread; `ISLA_WORKERS=N` forces N workers. */
export function workerCount(totalBytes: number, tasks: number): number {
  const forced = process.env.ISLA_WORKERS;
  // Under vitest the sources are TypeScript and there is no built worker to start.
  if (!existsSync(WORKER_FILE)) return 0;
  if (forced !== undefined && forced !== '') return Math.min(Number(forced) || 0, tasks);
  if (totalBytes < WORKER_THRESHOLD_BYTES || tasks < 2) return 0;
  return Math.min(availableParallelism(), tasks);
}

export async function runTasks(tasks: DatasetTask[], workers: number, onProgress?: ProgressSink): Promise<DatasetOutcome[]> {
  if (workers <= 0) {
    const outcomes: DatasetOutcome[] = [];
    for (const task of tasks) outcomes.push(await runDatasetTask(task, onProgress));
    return outcomes;
  }
  // Tasks come biggest first (check.ts), so the cores finish at about the same time.
  const queue = tasks.map((task, index) => ({ task, index }));
  const outcomes: DatasetOutcome[] = new Array(tasks.length);
  const pool = Array.from({ length: workers }, () => new Worker(WORKER_FILE));
  try {
    await Promise.all(
      pool.map(async (worker) => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          outcomes[next.index] = await runOnWorker(worker, next.task, onProgress);
        }
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return outcomes;
}

function runOnWorker(worker: Worker, task: DatasetTask, onProgress?: ProgressSink): Promise<DatasetOutcome> {
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
      worker.off('error', reject);
      if (msg.outcome) resolve(msg.outcome);
      else if (msg.islaError) reject(new IslaError(msg.islaError.code, msg.islaError.params));
      else reject(new Error(msg.crash));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.postMessage(task);
  });
}
