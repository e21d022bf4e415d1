/**
 * Runs file analysis on `concurrency` worker threads: batches of files go out, outcomes stream back
 * as each batch finishes, and a free worker takes the next batch. Only facts cross threads, never
 * ASTs, so memory stays bounded by one file per worker plus the facts.
 *
 * Worker threads cannot load TypeScript sources, so when ssot itself runs from them (its own tests),
 * or when there is too little work to pay for starting threads, the same code runs in process.
 *
 * When a worker fails, the scan ends promptly either way, with every worker stopped:
 * - A worker that fails with an error before it is ready (its module cannot load, as when ssot's
 *   files change under a running scan; a throw at load; its rules do not compile) failed in code this
 *   thread runs too: the scan rejects with that error (`WorkerStartError`) rather than retry here.
 * - A worker that stops before it is ready without an error (exits), or that cannot be created at all,
 *   leaves nothing to report: its share runs on the other threads or here, with the same results (if
 *   the code is broken, running it here says so).
 * - A worker that crashes mid-task (an error, an exit) or answers something that is not a reply is
 *   stopped, and its batches in flight run here, where a file whose analysis throws becomes an error
 *   fact (reported in the scan's `errors`) instead of a crash.
 * - When this thread fails, the error propagates once every worker is stopped.
 */
import type { Worker } from 'node:worker_threads';
import type { RuleDefinition } from '../../rules/types.js';
import type { CompiledRules } from '../detect/analyze-file.js';
import type { FileOutcome, FileTask, ParseTask } from './text-stage.js';
import type { BatchRequest, WorkerReply, WorkerRequest } from './worker.js';
import { startAnalysisWorker, type StartedWorker, type WorkerHeadStart } from './worker-start.js';

export interface PoolOptions {
  definitions: RuleDefinition[];
  concurrency: number;
  /** Called after each batch with the number of files done so far. */
  onProgress?: (done: number) => void;
  /** Force a mode (tests compare both); default picks workers when they can and should be used. */
  mode?: 'workers' | 'in-process';
  /** Workers started ahead of the work: used before starting new ones. */
  headStart?: WorkerHeadStart;
  /** The worker module to start instead of the analysis worker: for tests of failing workers only. */
  workerUrl?: URL;
  /**
   * Work for this thread while worker threads parse: called between looks at the workers with the
   * outcomes so far (in the order they came; the array only grows), it does a small step and returns
   * false when it has nothing left to do for now. This thread catches up with it after each batch of
   * files it reads (so little of it is left for after the analysis, and idle workers take more of the
   * unread files meanwhile), before helping to parse, and while it waits for the workers. Never called
   * when no worker runs.
   */
  sideWork?: (outcomes: readonly FileOutcome[]) => boolean;
}

/** An analysis worker failed before it was ready: in code this thread would run too, so the scan stops. */
export class WorkerStartError extends Error {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`an analysis worker failed to start: ${reason} (is ssot's installation being rebuilt or damaged?)`, { cause });
    this.name = 'WorkerStartError';
  }
}

/** True for a reply a worker may send; anything else means the worker is broken. */
function isWorkerReply(value: unknown): value is WorkerReply {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as Record<string, unknown>;
  if (reply['ready'] === true) return true;
  if (typeof reply['id'] !== 'number') return false;
  return typeof reply['error'] === 'string' || Array.isArray(reply['outcomes']);
}

/** Below this many files, starting threads costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 200;

/** True when this module runs from compiled JavaScript, where worker threads can load the worker. */
export function workersAvailable(): boolean {
  return !import.meta.url.endsWith('.ts');
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

/** Files the main thread reads and lexes between two looks at its workers' replies. */
const MAIN_TEXT_BATCH = 32;
/** Files a worker parses per batch (a parse with detection costs a few milliseconds). */
const PARSE_BATCH = 16;
/** Files the main thread parses per batch when it helps, so it hands out work to workers often enough. */
const MAIN_PARSE_BATCH = 4;
/** The main thread helps parse while the workers, at their pace so far, would need longer than this for the queue. */
const HELP_AFTER_MS = 1000;
/** Before the workers' pace is known, the queue length from which the main thread helps. */
const HELP_UNKNOWN_PACE = 256;

interface WorkerSlot {
  worker: Worker;
  ready: boolean;
  closing: boolean;
  /** Ends the worker's part in the pool: once its work is done, or once it is lost. */
  finish: () => void;
  inFlight: Map<number, { tasks?: FileTask[]; parse?: ParseTask[] }>;
}

/**
 * Worker threads plus this thread, split by stage so each thread warms up (and loads) mostly the code
 * of one stage: the main thread reads, hashes and lexes every file (the text stage, most of which ends
 * there) and queues the files that need the full parse; workers parse and analyze those. A worker with
 * nothing to parse takes whole files (both stages) from the far end of the list, and the main thread,
 * once every file is read, helps parse while a long queue remains. Each worker keeps two batches in
 * flight so it never waits for the main thread, which hands out work between its own small batches.
 */
async function runOnWorkers(tasks: FileTask[], options: PoolOptions): Promise<PoolResult> {
  const mainHelps = options.concurrency > 1;
  const workerCount = Math.max(1, Math.min(mainHelps ? options.concurrency - 1 : options.concurrency, Math.ceil(tasks.length / 16)));
  const threads = workerCount + (mainHelps ? 1 : 0);
  /** Unread files: the main thread takes them from the front, idle workers from the back. */
  let front = 0;
  let back = tasks.length;
  /** Files read and lexed on this thread that need the full parse. */
  const parseQueue: ParseTask[] = [];
  let parseHead = 0;
  /** While the main thread is reading files, an idle worker waits for parse tasks instead of quitting. */
  let producing = mainHelps;
  const outcomes: FileOutcome[] = [];
  let onWorkers = 0;
  /** Work a worker failed on (crash, out of memory): done in process afterwards, one by one. */
  const failedTasks: FileTask[] = [];
  const failedParse: ParseTask[] = [];
  const init: WorkerRequest = { init: { definitions: options.definitions } };
  let batchId = 0;
  const slots: WorkerSlot[] = [];
  /** When the first worker became ready, and the parse tasks workers finished since: their pace. */
  let workersStarted = 0;
  let parsedOnWorkers = 0;
  /** Waiting for the next reply of any worker (side work waits so while the workers finish). */
  const replyWaiters: Array<() => void> = [];

  const takeParse = (size: number): ParseTask[] => {
    const batch = parseQueue.slice(parseHead, parseHead + size);
    parseHead += batch.length;
    if (parseHead > 1024 && parseHead * 2 > parseQueue.length) {
      parseQueue.splice(0, parseHead);
      parseHead = 0;
    }
    return batch;
  };
  const feed = (slot: WorkerSlot): void => {
    if (!slot.ready || slot.closing) return;
    while (slot.inFlight.size < 2) {
      let request: BatchRequest;
      if (parseHead < parseQueue.length) request = { id: batchId++, parse: takeParse(PARSE_BATCH) };
      else if (front < back) {
        const size = Math.min(back - front, nextBatchSize(back - front, threads));
        back -= size;
        request = { id: batchId++, tasks: tasks.slice(back, back + size) };
      } else break;
      slot.inFlight.set(request.id, request);
      slot.worker.postMessage(request);
    }
    if (slot.inFlight.size === 0 && !producing) {
      slot.closing = true;
      void slot.worker.terminate();
      // Its work is done: the pool goes on without waiting for the thread to stop (tearing down a
      // worker that loaded the compiler takes a while, which would otherwise hold up the scan).
      slot.finish();
    }
  };
  const feedAll = (): void => {
    for (const slot of slots) feed(slot);
  };

  const runWorker = (started: StartedWorker) =>
    new Promise<void>((resolve) => {
      const slot: WorkerSlot = { worker: started.worker, ready: false, closing: false, inFlight: new Map(), finish: resolve };
      slots.push(slot);
      slot.worker.on('message', (reply: unknown) => {
        if (lost) return;
        // A reply for no batch in flight is as broken as one of the wrong shape.
        if (!isWorkerReply(reply) || (!('ready' in reply) && !slot.inFlight.has(reply.id))) {
          onLost();
          return;
        }
        if ('ready' in reply) {
          slot.ready = true;
          workersStarted ||= performance.now();
          feed(slot);
          return;
        }
        const request = slot.inFlight.get(reply.id);
        slot.inFlight.delete(reply.id);
        if ('error' in reply) {
          failedTasks.push(...(request?.tasks ?? []));
          failedParse.push(...(request?.parse ?? []));
        } else {
          outcomes.push(...reply.outcomes);
          onWorkers += reply.outcomes.length;
          parsedOnWorkers += request?.parse?.length ?? 0;
        }
        options.onProgress?.(outcomes.length);
        feed(slot);
        for (const wake of replyWaiters.splice(0)) wake();
      });
      let lost = false;
      const onLost = (error?: Error) => {
        if (lost) return;
        lost = true;
        if (error && !slot.ready) fail(new WorkerStartError(error));
        if (!slot.closing) {
          slot.closing = true;
          // Stopped at once: a worker that answered garbage, or failed, may still be running.
          void slot.worker.terminate();
        }
        for (const request of slot.inFlight.values()) {
          failedTasks.push(...(request.tasks ?? []));
          failedParse.push(...(request.parse ?? []));
        }
        slot.inFlight.clear();
        // The remaining work goes to the other threads (or to the in-process fallback).
        resolve();
      };
      // 'error' precedes 'exit' when a worker throws, so the error is seen before the exit.
      slot.worker.on('error', (error: Error) => onLost(error));
      slot.worker.on('messageerror', () => onLost());
      slot.worker.on('exit', () => onLost());
      // A worker started ahead of the work may have stopped before it was adopted.
      if (started.lost) onLost(started.failure);
      else slot.worker.postMessage(init);
    });
  /** Set when the scan must stop (see the module comment); checked between batches. */
  let fatal: Error | undefined;
  const fail = (error: Error): void => {
    fatal ??= error;
    for (const slot of slots) {
      if (slot.closing) continue;
      slot.closing = true;
      void slot.worker.terminate();
    }
  };
  const adopted = options.headStart?.take(workerCount) ?? [];
  const fresh = Array.from({ length: workerCount - adopted.length }, () => startAnalysisWorker(options.workerUrl));
  const started = [...adopted, ...fresh.filter((worker) => worker !== undefined)];
  const workersDone = Promise.all(started.map(runWorker));
  let succeeded = false;
  try {
    const result = await shareWork();
    succeeded = true;
    return result;
  } finally {
    // Whatever happened (this thread failed, a worker failed), no worker outlives the pool: a live
    // worker would keep the process from exiting. After a success every worker is stopping already
    // with its work done, so its exit is not waited for; after a failure it is, so none is left running.
    const stopping = Promise.all(slots.map((slot) => slot.worker.terminate()));
    if (!succeeded) await stopping;
  }

  /**
   * Side work for the outcomes so far, without waiting: what is left of it once the workers are done
   * is a serial tail of the scan, so this thread keeps pace while it reads files. A step is short, so
   * handing out work between steps keeps the workers busy.
   */
  function catchUpSideWork(): void {
    const step = options.sideWork;
    while (step && !fatal && step(outcomes)) feedAll();
  }

  /** Runs the side work (see `PoolOptions.sideWork`) while it has something to do, handing out work between steps. */
  async function sideWork(): Promise<void> {
    const step = options.sideWork;
    while (step && !fatal && step(outcomes)) {
      feedAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (fatal) throw fatal;
  }

  async function shareWork(): Promise<PoolResult> {
    if (mainHelps) {
      // The text stage needs only the rules' keywords: this thread loads the compiler (and compiles the
      // rest of the rules) only once it helps parse, and not at all when the workers keep up.
      const { compileTextRules, readAndLex } = await import('./text-stage.js');
      const textRules = compileTextRules(options.definitions);
      // The text stage: every file not taken by an idle worker.
      while (front < back) {
        const end = Math.min(back, front + MAIN_TEXT_BATCH);
        for (; front < end; front++) {
          const result = readAndLex(tasks[front]!, textRules);
          if (result.outcome) outcomes.push(result.outcome);
          else parseQueue.push(result.parse);
        }
        feedAll();
        options.onProgress?.(outcomes.length);
        catchUpSideWork();
        // Let worker replies (and new work for them) and progress output through between batches.
        await new Promise((resolve) => setImmediate(resolve));
        if (fatal) throw fatal;
      }
      producing = false;
      // Work for the next stage first: this thread does it at full speed, while parsing here too would
      // first warm up a parser the workers already have warm.
      await sideWork();
      // Start helping parse only when the workers would need long for the queue: parsing here too costs
      // warming up the parser on this thread as well, which a short queue does not repay. Once this thread
      // has started, that cost is paid: it keeps taking from the queue until it is empty, rather than
      // waiting while the workers finish alone a queue both threads could share.
      let helping = false;
      const workersBehind = (): boolean => {
        const queued = parseQueue.length - parseHead;
        if (queued === 0) return false;
        if (helping || slots.every((slot) => slot.closing)) return true;
        const elapsed = performance.now() - workersStarted;
        if (workersStarted === 0 || parsedOnWorkers === 0 || elapsed <= 0) return queued > HELP_UNKNOWN_PACE;
        return (queued / (parsedOnWorkers / elapsed)) > HELP_AFTER_MS;
      };
      let parseStage: { analyzeParseTask: (task: ParseTask, rules: CompiledRules) => FileOutcome; rules: CompiledRules } | undefined;
      while (workersBehind()) {
        helping = true;
        if (!parseStage) {
          const { analyzeParseTask, compileRules } = await import('./file-facts.js');
          parseStage = { analyzeParseTask, rules: compileRules(options.definitions) };
        }
        for (const task of takeParse(MAIN_PARSE_BATCH)) outcomes.push(parseStage.analyzeParseTask(task, parseStage.rules));
        feedAll();
        options.onProgress?.(outcomes.length);
        await new Promise((resolve) => setImmediate(resolve));
        if (fatal) throw fatal;
      }
      feedAll();
    }
    if (options.sideWork) {
      // While the workers finish, the outcomes they send are side work too.
      let workersFinished = false;
      void workersDone.then(() => {
        workersFinished = true;
      });
      while (!workersFinished) {
        await sideWork();
        if (workersFinished) break;
        // Nothing to do until a worker replies: wait for a reply (or the end) without spinning.
        await Promise.race([workersDone, new Promise<void>((resolve) => replyWaiters.push(resolve))]);
      }
    }
    await workersDone;
    if (fatal) throw fatal;
    // Work nobody took (every worker died) and work that failed runs here, in process.
    const leftover = [...failedTasks, ...tasks.slice(front, back)];
    const leftoverParse = [...failedParse, ...parseQueue.slice(parseHead)];
    if (leftover.length > 0 || leftoverParse.length > 0) {
      const { compileRules, analyzeParseTask } = await import('./file-facts.js');
      const rules = compileRules(options.definitions);
      for (const task of leftoverParse) outcomes.push(analyzeParseTask(task, rules));
      outcomes.push(...(await runInProcess(leftover, { ...options, onProgress: undefined })));
    }
    return { outcomes, onWorkers };
  }
}
