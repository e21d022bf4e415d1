/**
 * Starting the analysis worker threads, possibly ahead of the work: a worker spends its first few
 * hundred milliseconds loading the TypeScript compiler, which can overlap file discovery and rule
 * loading on the main thread when the worker is started before them. The rules reach a worker by
 * message once known, so a worker can start before they are loaded.
 */
import { Worker } from 'node:worker_threads';

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

/** Flags a worker refused (`ERR_WORKER_INVALID_EXEC_ARGV`): V8 and process-wide options, which the workers share anyway. */
let refusedFlags: ReadonlySet<string> = new Set();

/**
 * Starts a worker with the parent's Node flags, less those a worker refuses: V8 options such as
 * `--max-old-space-size` apply to the whole process, workers included, but a worker given one in its
 * `execArgv` fails to start. The error names them; the worker starts again without them.
 */
export function startWorker(url: URL, workerData: unknown, execArgv = workerExecArgv()): Worker {
  const without = (refused: ReadonlySet<string>): string[] =>
    execArgv.filter((arg, i) => {
      const flag = arg.split('=')[0]!;
      const previous = execArgv[i - 1];
      // `--flag value` given as two arguments: the value goes with its flag.
      const isValueOfRefused = previous !== undefined && !previous.includes('=') && refused.has(previous) && !arg.startsWith('-');
      return !refused.has(arg) && !refused.has(flag) && !isValueOfRefused;
    });
  try {
    return new Worker(url, { workerData, execArgv: without(refusedFlags) });
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    const listed = message.slice(message.indexOf(':') + 1).split(',').map((flag) => flag.trim()).filter(Boolean);
    refusedFlags = new Set([...refusedFlags, ...listed, ...listed.map((flag) => flag.split('=')[0]!)]);
    return new Worker(url, { workerData, execArgv: without(refusedFlags) });
  }
}

/** The analysis worker's module. */
export const ANALYSIS_WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * An analysis worker started before its work: whether it has already stopped is recorded from the
 * start, so a worker that dies before the pool adopts it is not waited for.
 */
export interface StartedWorker {
  worker: Worker;
  /** Set once the worker exits or fails (before or after adoption). */
  lost: boolean;
  /** The error the worker failed with (its `error` event: a module that cannot load, a throw), if any. */
  failure?: Error;
}

/**
 * Starts one analysis worker, which loads the compiler at once and waits for its rules. Returns
 * undefined when no thread can be created (`new Worker` throws: no resources for a thread), so the
 * caller does the work in this thread instead.
 */
export function startAnalysisWorker(url: URL = ANALYSIS_WORKER_URL): StartedWorker | undefined {
  let worker: Worker;
  try {
    worker = startWorker(url, undefined);
  } catch {
    return undefined;
  }
  const started: StartedWorker = { worker, lost: false };
  worker.on('error', (error: Error) => {
    started.lost = true;
    started.failure ??= error;
  });
  worker.on('exit', () => {
    started.lost = true;
  });
  return started;
}

/**
 * Analysis workers started ahead of the work. The pool takes them (`take`); whatever it does not take,
 * `release` stops, so a scan that needs no worker (a small tree, every file cached) leaves none running.
 */
export class WorkerHeadStart {
  private readonly waiting: StartedWorker[];

  constructor(count: number, url: URL = ANALYSIS_WORKER_URL) {
    this.waiting = Array.from({ length: count }, () => startAnalysisWorker(url)).filter((started) => started !== undefined);
  }

  /** How many of the workers not yet taken have stopped already (crashed, or could not load). */
  get lost(): number {
    return this.waiting.filter((started) => started.lost).length;
  }

  /** Up to `count` of the started workers, now owned by the caller. */
  take(count: number): StartedWorker[] {
    return this.waiting.splice(0, Math.max(0, count));
  }

  /** Stops the workers nobody took. */
  async release(): Promise<void> {
    await Promise.all(this.waiting.splice(0).map((started) => started.worker.terminate()));
  }
}
