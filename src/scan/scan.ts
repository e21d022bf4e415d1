import type { ResolvedConfig } from '../config/types.js';
import { loadRuleSet } from '../rules/load-rules.js';
import { collectFacts, type CollectStats } from './analyze/collect-facts.js';
import { discoverFiles, toPosix } from './discover.js';
import type { ModuleGraph } from './graph-types.js';
import { link } from './link/link.js';
import { createResolver } from './resolve/create-resolver.js';
import type { ScanResult } from './types.js';

export interface ScanProgress {
  phase: 'discover' | 'analyze' | 'link';
  done: number;
  total: number;
}

export interface ScanOptions {
  /** Called as work advances; the CLI shows it on a TTY only. */
  onProgress?: (progress: ScanProgress) => void;
  /**
   * Where files are analyzed: worker threads (the default when running from the built package and
   * there is enough work) or this thread. Mostly for tests and benchmarks.
   */
  analysis?: 'workers' | 'in-process';
  /** Receives how the files were analyzed (cached, parsed, lexed, on which threads): for benchmarks. */
  onStats?: (stats: CollectStats) => void;
}

/**
 * Scans `config.root` and returns the inventory. Never prints; a broken file is recorded in
 * `result.errors` and skipped.
 */
export async function scan(config: ResolvedConfig, options: ScanOptions = {}): Promise<ScanResult> {
  return (await scanWithGraph(config, options)).result;
}

/** The scan result together with the resolved module graph it was built from (for check and migrate). */
export async function scanWithGraph(
  config: ResolvedConfig,
  options: ScanOptions = {},
): Promise<{ result: ScanResult; graph: ModuleGraph }> {
  const report = options.onProgress ?? (() => {});
  report({ phase: 'discover', done: 0, total: 0 });
  const [ruleSet, discovery] = await Promise.all([loadRuleSet(config), discoverFiles(config)]);
  const files = discovery.files;
  report({ phase: 'discover', done: files.length, total: files.length });

  const { facts, stats } = await collectFacts(config, files, ruleSet, {
    onProgress: (done, total) => report({ phase: 'analyze', done, total }),
    ...(options.analysis ? { mode: options.analysis } : {}),
  });
  options.onStats?.(stats);

  const { resolver, workspaces } = await createResolver(config, files);
  return link({
    root: toPosix(config.root),
    files,
    facts,
    resolve: (from, specifier) => resolver.resolve(from, specifier),
    workspaces,
    definitions: ruleSet.definitions,
    config,
    errors: discovery.errors,
    onProgress: (done, total) => report({ phase: 'link', done, total }),
  });
}
