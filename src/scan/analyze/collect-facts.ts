/**
 * Facts for every discovered file: from the cache when the file is unchanged, from the worker pool
 * otherwise. The cache is updated and written back atomically.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../../config/types.js';
import type { RuleSet } from '../../rules/load-rules.js';
import { packageInfo } from '../../shared/package-root.js';
import { FactsCache } from '../cache/facts-cache.js';
import type { FileFacts } from '../facts.js';
import type { FileOutcome, FileTask } from './text-stage.js';
import { analyzeFiles, MIN_FILES_FOR_WORKERS, workersAvailable } from './pool.js';
import { WorkerHeadStart } from './worker-start.js';

export interface CollectOptions {
  onProgress?: (done: number, total: number) => void;
  /** Force worker threads or in-process analysis (tests compare both). */
  mode?: 'workers' | 'in-process';
  /** Workers started ahead (`workersAhead`): used first; those not needed are stopped. */
  headStart?: WorkerHeadStart;
  /** Work for this thread while workers parse, given the outcomes so far (see `PoolOptions.sideWork`). */
  sideWork?: (outcomes: readonly FileOutcome[]) => boolean;
}

/**
 * Starting the analysis workers early, before the files and rules are known: a worker spends its first
 * few hundred milliseconds loading the compiler, which then overlaps discovery and rule loading.
 * Its `seen` is called with the number of files seen so far and starts the workers once that number
 * shows a tree large enough for them (see `analyzeFiles`).
 * Never when the analysis runs in process, nor when a facts cache exists (a warm scan rarely parses,
 * and would pay the compiler load for nothing). The caller passes the workers to `collectFacts`, and
 * releases them if the scan stops before.
 */
export function workersAhead(config: ResolvedConfig, mode?: 'workers' | 'in-process'): WorkersAhead {
  let enabled = mode !== 'in-process' && workersAvailable() && (mode === 'workers' || config.concurrency > 1);
  if (enabled && config.cache.enabled && FactsCache.exists(config.cache.dir)) enabled = false;
  let started: WorkerHeadStart | undefined;
  return {
    seen(files) {
      if (enabled && !started && (files >= MIN_FILES_FOR_WORKERS || mode === 'workers')) started = new WorkerHeadStart(Math.max(1, config.concurrency - 1));
    },
    started: () => started,
  };
}

/** Workers started early, once the files seen make them worth it (see `workersAhead`). */
export interface WorkersAhead {
  /** The number of files seen so far: starts the workers when it is large enough. */
  seen(files: number): void;
  /** The workers, if started. */
  started(): WorkerHeadStart | undefined;
}

export interface CollectStats {
  /** Files whose facts came from the cache without being read. */
  cached: number;
  /** Files read and hashed whose cached facts still held. */
  rehashed: number;
  /** Files analyzed (parsed or lexed). */
  analyzed: number;
  /** Files among the analyzed ones that were fully parsed (the rest only lexed for imports and exports). */
  parsed: number;
  /** Files read (analyzed or rehashed) on worker threads. */
  onWorkers: number;
}

let toolId: string | undefined;

/**
 * Identifies the code that computes facts (the scan and parser modules), so a cache written by
 * another build of ssot is never trusted, even when the version number did not change.
 */
export function toolFingerprint(): string {
  if (toolId) return toolId;
  const hash = createHash('sha1').update(packageInfo().version);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, '..'), join(here, '..', '..', 'parser')]) {
    const walk = (folder: string): void => {
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(?:js|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          const s = statSync(full);
          hash.update(`${full}\0${s.size}\0${s.mtimeMs}\n`);
        }
      }
    };
    walk(dir);
  }
  return (toolId = hash.digest('hex'));
}

/** Facts of `files` (posix, relative to the root), in the same order. */
export async function collectFacts(
  config: ResolvedConfig,
  files: string[],
  ruleSet: RuleSet,
  options: CollectOptions = {},
): Promise<{ facts: FileFacts[]; stats: CollectStats }> {
  const cache = config.cache.enabled ? await FactsCache.open(config.cache.dir, { version: toolFingerprint(), rules: ruleSet.hash }) : null;
  const byFile = new Map<string, FileFacts>();
  const tasks: FileTask[] = [];
  // On posix systems, joining a path with no `.`, `..` or empty segment to the root is concatenation,
  // which spares a normalization per file (discovered paths are all like that, bar dot folders).
  const rootPrefix = sep === '/' ? join(config.root, '/') : undefined;
  for (const file of files) {
    const plain = rootPrefix !== undefined && file.charCodeAt(0) !== 46 /* . */ && !file.includes('/.') && !file.includes('//');
    const path = plain ? rootPrefix + file : join(config.root, file);
    if (!cache) {
      tasks.push({ file, path });
      continue;
    }
    const knownHash = cache.knownHash(file);
    if (knownHash !== undefined) {
      try {
        const s = statSync(path);
        const cached = cache.byStat(file, s.size, s.mtimeMs);
        if (cached) {
          byFile.set(file, cached);
          continue;
        }
      } catch {
        // unreadable now: the worker reports it
      }
    }
    tasks.push(knownHash === undefined ? { file, path, wantStat: true } : { file, path, knownHash, wantStat: true });
  }
  const cachedCount = byFile.size;
  options.onProgress?.(cachedCount, files.length);
  let analyzed;
  try {
    analyzed = await analyzeFiles(tasks, {
      definitions: ruleSet.definitions,
      concurrency: config.concurrency,
      onProgress: (done) => options.onProgress?.(cachedCount + done, files.length),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.headStart ? { headStart: options.headStart } : {}),
      ...(options.sideWork ? { sideWork: options.sideWork } : {}),
    });
  } finally {
    // Workers started ahead that the analysis did not need (a small tree, cached files, a failure).
    // Not awaited: a worker stops at its next chance, which may be after it finishes loading a module.
    void options.headStart?.release();
  }
  const { outcomes, onWorkers } = analyzed;
  let rehashed = 0;
  let parsed = 0;
  for (const outcome of outcomes) {
    let facts: FileFacts | undefined;
    if (outcome.hit) {
      facts = cache?.byHash(outcome.file, outcome.hash);
      rehashed++;
    } else {
      facts = outcome.facts;
      if (facts.parsed) parsed++;
    }
    if (!facts) continue;
    if (cache && outcome.stat) cache.set(outcome.file, facts, outcome.stat.size, outcome.stat.mtimeMs);
    byFile.set(outcome.file, facts);
  }
  if (cache) {
    cache.retain(new Set(files));
    await cache.save();
  }
  const facts = files.map((file) => byFile.get(file) ?? missingFacts(file));
  return { facts, stats: { cached: cachedCount, rehashed, analyzed: outcomes.length - rehashed, parsed, onWorkers } };
}

function missingFacts(file: string): FileFacts {
  return { file, hash: '', parsed: false, imports: [], exports: [], candidates: [], holders: [], producers: [], localUses: [], error: { message: 'no facts computed' } };
}
