/**
 * The compiler work of verification, per project (one config, one pair of programs): in this thread,
 * or spread over worker threads, whole projects per thread, since checking is the bulk of a
 * migration's time and projects are independent. Only file names and diagnostics cross threads.
 *
 * Threads are opt-in: each parses the files its projects share with others' again and loads its own
 * copy of the compiler, so they cost CPU time and memory, and pay off in wall time only on a machine
 * with idle cores (measured on the generated 5,000-file tree on a busy machine: more CPU, more memory
 * and a longer run than one thread).
 *
 * Worker threads cannot load TypeScript sources, so when ssot runs from them (its own tests) the work
 * stays in this thread.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../scan/analyze/worker-start.js';
import { ConfigResolver, type ProjectConfig } from './verify-config.js';
import { ProgramPair, type LocatedDiagnostic } from './verify-diagnostics.js';
import type { Overlay, SourceFileCache } from './verify-host.js';

/** What the projects are asked, for files of any project (each goes to the project checking it). */
export interface ProjectWork {
  /** Of `files` (changed files), those whose public shape changes. */
  reshaped(files: readonly string[]): Promise<string[]>;
  /**
   * Of `files` (unchanged importers), those that may see a difference through their imports given the
   * files that may differ; and of those, the ones whose own public shape changes (`shaped` says which
   * ones to compare: those something imports).
   */
  judge(files: readonly string[], mayDiffer: readonly string[], shaped: ReadonlySet<string>): Promise<{ affected: string[]; reshaped: string[] }>;
  /** Diagnostics the change adds to `files`, and how many it removes. */
  compare(files: readonly string[]): Promise<{ added: LocatedDiagnostic[]; fixed: number }>;
  close(): Promise<void>;
}

export interface ProjectWorkOptions {
  /** Roots per project: every file verification may ask about. */
  projects: ReadonlyMap<ProjectConfig, readonly string[]>;
  overlay: Overlay;
  configs: ConfigResolver;
  /** Threads to use; 1 keeps everything here. */
  threads: number;
  /** The worker module to start instead of the verification worker: for tests of failing workers only. */
  workerUrl?: URL;
}

/** The work of one or more projects in this thread. */
export class LocalProjects {
  private readonly pairs = new Map<string, ProgramPair>();
  private readonly cache: SourceFileCache = new Map();

  constructor(
    projects: ReadonlyMap<ProjectConfig, readonly string[]>,
    private readonly overlay: Overlay,
    private readonly configs: ConfigResolver,
  ) {
    for (const [config, roots] of projects) this.pairs.set(keyOf(config), new ProgramPair(config, roots, overlay, this.cache));
  }

  private pairFor(file: string): ProgramPair | undefined {
    return this.pairs.get(keyOf(this.configs.configFor(file)));
  }

  reshaped(files: readonly string[]): string[] {
    return files.filter((file) => this.pairFor(file)?.shapeChanged(file) ?? true);
  }

  judge(files: readonly string[], mayDiffer: readonly string[], shaped: ReadonlySet<string>): { affected: string[]; reshaped: string[] } {
    const differ = new Set(mayDiffer);
    const affected: string[] = [];
    const reshaped: string[] = [];
    for (const file of files) {
      const pair = this.pairFor(file);
      if (pair && !pair.importsSeeChange(file, (target) => differ.has(target))) continue;
      affected.push(file);
      if (shaped.has(file) && pair?.holds(file) && !this.overlay.has(file) && pair.shapeChanged(file)) reshaped.push(file);
    }
    return { affected, reshaped };
  }

  compare(files: readonly string[]): { added: LocatedDiagnostic[]; fixed: number } {
    const groups = new Map<ProgramPair, string[]>();
    for (const file of files) {
      const pair = this.pairFor(file);
      if (pair) groups.set(pair, [...(groups.get(pair) ?? []), file]);
    }
    const result = { added: [] as LocatedDiagnostic[], fixed: 0 };
    for (const [pair, group] of groups) {
      const compared = pair.compare(group);
      result.added.push(...compared.added);
      result.fixed += compared.fixed;
    }
    return result;
  }
}

function keyOf(config: ProjectConfig): string {
  return config.path ?? '';
}

/** Messages to a verification worker. */
export type WorkerRequest =
  | { id: number; op: 'reshaped'; files: string[] }
  | { id: number; op: 'judge'; files: string[]; mayDiffer: string[]; shaped: string[] }
  | { id: number; op: 'compare'; files: string[] };

export type WorkerReply = { id: number; result: unknown } | { id: number; error: string };

export interface WorkerInit {
  overlay: Array<[string, string | null]>;
  /** Per project: one of its roots (to find its config again) and all of them. */
  projects: string[][];
  /** Where the config search stops (`ConfigResolver.boundary`). */
  boundary: string | null;
}

/** True for a reply a verification worker may send. */
function isWorkerReply(value: unknown): value is WorkerReply {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as Record<string, unknown>;
  return typeof reply['id'] === 'number' && (typeof reply['error'] === 'string' || 'result' in reply);
}

/**
 * Projects spread over worker threads, each holding the programs of the projects it was given.
 *
 * A worker that fails (cannot load, throws, exits, answers something that is not a reply) fails the
 * verification: every question waiting on it, and every later one, rejects with the reason, and
 * `close` stops the other workers. No fallback to this thread: the worker held whole projects' programs,
 * which this thread would have to build again, and what made a worker fail (its code, its memory) would
 * likely fail here too; a verification that cannot finish refuses the write, so nothing is lost.
 */
class ThreadedProjects implements ProjectWork {
  private readonly workers: Worker[] = [];
  private readonly owner = new Map<string, number>();
  private readonly pending = new Map<number, { worker: number; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  /** Per worker, why it stopped, once it has. */
  private readonly failures: Array<Error | undefined> = [];
  private closing = false;
  private nextId = 0;

  constructor(private readonly options: ProjectWorkOptions) {
    // Largest projects first, each to the least loaded thread.
    const loads = Array.from({ length: options.threads }, () => ({ files: 0, projects: [] as string[][] }));
    for (const [config, roots] of [...options.projects].sort((a, b) => b[1].length - a[1].length)) {
      const target = loads.reduce((best, load) => (load.files < best.files ? load : best));
      target.files += roots.length;
      target.projects.push([...roots]);
      this.owner.set(keyOf(config), loads.indexOf(target));
    }
    const overlay = [...options.overlay];
    for (const load of loads) {
      const index = this.workers.length;
      // With the parent's Node flags less those a worker refuses (V8 options, `--input-type`), which
      // would otherwise fail every worker at start.
      const worker = startWorker(options.workerUrl ?? new URL('./verify-worker.js', import.meta.url), { overlay, projects: load.projects, boundary: options.configs.boundary } satisfies WorkerInit);
      worker.on('message', (reply: unknown) => {
        const waiting = isWorkerReply(reply) ? this.pending.get(reply.id) : undefined;
        if (!isWorkerReply(reply) || !waiting || waiting.worker !== index) {
          this.lose(index, new Error(`a verification worker answered something that is not a reply: ${JSON.stringify(reply) ?? String(reply)}`.slice(0, 300)));
          return;
        }
        this.pending.delete(reply.id);
        if ('error' in reply) waiting.reject(new Error(`verification worker failed: ${reply.error}`));
        else waiting.resolve(reply.result);
      });
      worker.on('error', (error: Error) => this.lose(index, new Error(`a verification worker failed: ${error.message}`, { cause: error })));
      worker.on('messageerror', (error: Error) => this.lose(index, new Error(`a verification worker sent a message that cannot be read: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => this.lose(index, new Error(`a verification worker stopped (exit code ${code}) before it finished`)));
      this.workers.push(worker);
      this.failures.push(undefined);
    }
  }

  /** Records why worker `index` failed (the first reason), rejects what waits on it, and stops it. */
  private lose(index: number, error: Error): void {
    if (this.closing || this.failures[index]) return;
    this.failures[index] = error;
    for (const [id, waiting] of this.pending) {
      if (waiting.worker !== index) continue;
      this.pending.delete(id);
      waiting.reject(error);
    }
    void this.workers[index]!.terminate();
  }

  /** Splits `files` by the thread holding their project and asks each thread about its share. */
  private async ask<T>(files: readonly string[], request: (files: string[]) => Omit<WorkerRequest, 'id'>, merge: (results: T[]) => T): Promise<T> {
    const shares = this.workers.map(() => [] as string[]);
    for (const file of files) shares[this.owner.get(keyOf(this.options.configs.configFor(file))) ?? 0]!.push(file);
    const results = await Promise.all(
      shares.map((share, index) => {
        if (share.length === 0) return Promise.resolve(null);
        const failure = this.failures[index];
        if (failure) return Promise.reject(failure);
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
          this.pending.set(id, { worker: index, resolve: resolve as (value: unknown) => void, reject });
          this.workers[index]!.postMessage({ id, ...request(share) });
        });
      }),
    );
    return merge(results.filter((result): result is Awaited<T> => result !== null) as T[]);
  }

  reshaped(files: readonly string[]): Promise<string[]> {
    return this.ask<string[]>(files, (share) => ({ op: 'reshaped', files: share }), (results) => results.flat());
  }

  judge(files: readonly string[], mayDiffer: readonly string[], shaped: ReadonlySet<string>): Promise<{ affected: string[]; reshaped: string[] }> {
    return this.ask(
      files,
      (share) => ({ op: 'judge', files: share, mayDiffer: [...mayDiffer], shaped: share.filter((file) => shaped.has(file)) }),
      (results: Array<{ affected: string[]; reshaped: string[] }>) => ({ affected: results.flatMap((r) => r.affected), reshaped: results.flatMap((r) => r.reshaped) }),
    );
  }

  compare(files: readonly string[]): Promise<{ added: LocatedDiagnostic[]; fixed: number }> {
    return this.ask(
      files,
      (share) => ({ op: 'compare', files: share }),
      (results: Array<{ added: LocatedDiagnostic[]; fixed: number }>) => ({ added: results.flatMap((r) => r.added), fixed: results.reduce((sum, r) => sum + r.fixed, 0) }),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** The project work for these options: on threads when asked for more than one, else here. */
export function projectWork(options: ProjectWorkOptions): ProjectWork {
  if (options.threads > 1 && options.projects.size > 1 && !import.meta.url.endsWith('.ts')) return new ThreadedProjects(options);
  const local = new LocalProjects(options.projects, options.overlay, options.configs);
  return {
    reshaped: async (files) => local.reshaped(files),
    judge: async (files, mayDiffer, shaped) => local.judge(files, mayDiffer, shaped),
    compare: async (files) => local.compare(files),
    close: async () => {},
  };
}
