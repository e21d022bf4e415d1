/**
 * Runs file analysis on `concurrency` worker threads: batches of files go out, outcomes stream back
 * as each batch finishes, and a free worker takes the next batch. Only facts cross threads, never
 * ASTs, so memory stays bounded by one file per worker plus the facts.
 *
 * Worker threads cannot load TypeScript sources, so when ssot itself runs from them (its own tests),
 * or when there is too little work to pay for starting threads, the same code runs in process.
 */
import { Worker } from 'node:worker_threads';
import type { RuleDefinition } from '../../rules/types.js';
import type { FileOutcome, FileTask } from './file-facts.js';
import type { BatchReply, WorkerInit } from './worker.js';

export interface PoolOptions {
  definitions: RuleDefinition[];
  concurrency: number;
  /** Called after each batch with the number of files done so far. */
  onProgress?: (done: number) => void;
  /** Force a mode (tests compare both); default picks workers when they can and should be used. */
  mode?: 'workers' | 'in-process';
}

/** Below this many files, starting threads costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 200;

/** True when this module runs from compiled JavaScript, where worker threads can load the worker. */
export function workersAvailable(): boolean {
  return !import.meta.url.endsWith('.ts');
}

/**
 * Node flags for the workers: the parent's, without those that only make sense for the main script
 * (`--input-type` would stop a worker from loading its module file).
 */
function workerExecArgv(): string[] {
  const args: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i]!;
    if (arg.startsWith('--input-type')) continue;
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') {
      i++;
      continue;
    }
    if (arg.startsWith('--eval=') || arg.startsWith('--print=')) continue;
    args.push(arg);
  }
  return args;
}

function batchSize(files: number, workers: number): number {
  return Math.max(16, Math.min(256, Math.ceil(files / (workers * 8))));
}

export interface PoolResult {
  /** One outcome per task, in task order. */
  outcomes: FileOutcome[];
  /** How many files worker threads analyzed (the rest ran in this thread). */
  onWorkers: number;
}

/** Analyzes every task; outcomes come back in task order. */
export async function analyzeFiles(tasks: FileTask[], options: PoolOptions): Promise<PoolResult> {
  if (tasks.length === 0) return { outcomes: [], onWorkers: 0 };
  const useWorkers =
    options.mode === 'workers' ||
    (options.mode !== 'in-process' && workersAvailable() && options.concurrency > 1 && tasks.length >= MIN_FILES_FOR_WORKERS);
  const result = useWorkers ? await runOnWorkers(tasks, options) : { outcomes: await runInProcess(tasks, options), onWorkers: 0 };
  const order = new Map(tasks.map((task, index) => [task.file, index]));
  result.outcomes.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  return result;
}

async function runInProcess(tasks: FileTask[], options: PoolOptions): Promise<FileOutcome[]> {
  const { createBatchAnalyzer } = await import('./file-facts.js');
  const analyze = createBatchAnalyzer(options.definitions);
  const size = batchSize(tasks.length, 1);
  const outcomes: FileOutcome[] = [];
  for (let start = 0; start < tasks.length; start += size) {
    outcomes.push(...analyze(tasks.slice(start, start + size)));
    options.onProgress?.(outcomes.length);
    // Let timers and progress output run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return outcomes;
}

/**
 * Guided self-scheduling: big batches while much work remains (less messaging), small ones at the end
 * so no thread sits idle while another finishes a long batch.
 */
function nextBatchSize(remaining: number, threads: number): number {
  return Math.max(4, Math.min(128, Math.ceil(remaining / (threads * 3))));
}

/**
 * Worker threads plus this thread: with `concurrency` N, N - 1 workers and the main thread share the
 * files (the main thread would otherwise only wait, and every worker pays for loading and warming up
 * the compiler). Each worker keeps two batches in flight so it never waits for the main thread, which
 * hands out work between its own (smaller) batches.
 */
async function runOnWorkers(tasks: FileTask[], options: PoolOptions): Promise<PoolResult> {
  const mainHelps = options.concurrency > 1;
  const workerCount = Math.max(1, Math.min(mainHelps ? options.concurrency - 1 : options.concurrency, Math.ceil(tasks.length / 16)));
  const threads = workerCount + (mainHelps ? 1 : 0);
  let next = 0;
  const take = (share: number): FileTask[] => {
    const size = Math.max(1, Math.round(nextBatchSize(tasks.length - next, threads) * share));
    const batch = tasks.slice(next, next + size);
    next += batch.length;
    return batch;
  };
  const outcomes: FileOutcome[] = [];
  let onWorkers = 0;
  /** Batches a worker failed on (crash, out of memory): analyzed in process afterwards, one by one. */
  const failed: FileTask[] = [];
  const init: WorkerInit = { definitions: options.definitions };
  const url = new URL('./worker.js', import.meta.url);
  let batchId = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(url, { workerData: init, execArgv: workerExecArgv() });
      const inFlight = new Map<number, FileTask[]>();
      let closing = false;
      const send = () => {
        if (next >= tasks.length) {
          if (inFlight.size === 0 && !closing) {
            closing = true;
            void worker.terminate().then(() => resolve());
          }
          return;
        }
        const id = batchId++;
        const batch = take(1);
        inFlight.set(id, batch);
        worker.postMessage({ id, tasks: batch });
      };
      worker.on('message', (reply: BatchReply) => {
        const batch = inFlight.get(reply.id);
        inFlight.delete(reply.id);
        if ('error' in reply) failed.push(...(batch ?? []));
        else {
          outcomes.push(...reply.outcomes);
          onWorkers += reply.outcomes.length;
        }
        options.onProgress?.(outcomes.length);
        send();
      });
      const lost = () => {
        for (const batch of inFlight.values()) failed.push(...batch);
        inFlight.clear();
        // The remaining batches go to the other threads (or to the in-process fallback).
        resolve();
      };
      worker.on('error', lost);
      worker.on('exit', lost);
      send();
      send();
    });
  const workersDone = Promise.all(Array.from({ length: workerCount }, runWorker));
  if (mainHelps) {
    const { createBatchAnalyzer } = await import('./file-facts.js');
    const analyze = createBatchAnalyzer(options.definitions);
    while (next < tasks.length) {
      // Half-size batches, so replies from the workers are handled (and new work sent) soon enough.
      outcomes.push(...analyze(take(0.5)));
      options.onProgress?.(outcomes.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await workersDone;
  // Batches nobody took (every worker died) and batches that failed run here, in process.
  const leftover = tasks.slice(next);
  if (failed.length > 0 || leftover.length > 0) {
    outcomes.push(...(await runInProcess([...failed, ...leftover], { ...options, onProgress: undefined })));
  }
  return { outcomes, onWorkers };
}
