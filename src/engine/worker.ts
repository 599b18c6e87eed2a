// A worker thread runs one dataset task at a time, so two datasets are read on two
// cores. Errors cross the thread boundary as plain data.
import { parentPort } from 'node:worker_threads';
import { IslaError } from '../errors.js';
import { onWorkerThread } from '../ingest/local-time.js';
import { type DatasetTask, runDatasetTask } from './dataset-task.js';

onWorkerThread();

parentPort!.on('message', async (task: DatasetTask) => {
  try {
    const outcome = await runDatasetTask(task, (file, rows) => parentPort!.postMessage({ progress: { file, rows } }));
    parentPort!.postMessage({ outcome });
  } catch (err) {
    if (err instanceof IslaError) parentPort!.postMessage({ islaError: { code: err.code, params: err.params } });
    else parentPort!.postMessage({ crash: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
