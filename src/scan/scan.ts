import type { ResolvedConfig } from '../config/types.js';
import { loadRuleSet } from '../rules/load-rules.js';
import { collectFacts, type CollectStats, workersAhead } from './analyze/collect-facts.js';
import { discoverFiles, toPosix } from './discover.js';
import type { ModuleGraph } from './graph-types.js';
import { LinkAhead } from './link/link-ahead.js';
import { link } from './link/link.js';
import { startResolver, TSCONFIG_NAMES } from './resolve/create-resolver.js';
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

/**
 * Finds the files, loads the rules, and collects every file's facts. Workers start as soon as the
 * walk shows a large tree, so they load the compiler while this thread finishes discovery.
 */
async function discoverAndCollect(config: ResolvedConfig, options: ScanOptions, report: (progress: ScanProgress) => void) {
  const ahead = workersAhead(config, options.analysis);
  try {
    report({ phase: 'discover', done: 0, total: 0 });
    // The resolver's workspaces are found beside discovery, whose walk for .gitignore files finds the
    // tsconfig files too (rather than a walk of their own); this thread prepares the link for analyzed
    // files between its batches of files and while it waits for the workers (`LinkAhead`).
    const discovering = discoverFiles(config, { onFilesSeen: (files) => ahead.seen(files), alsoFind: config.tsconfig === 'auto' ? TSCONFIG_NAMES : [] });
    const resolverStart = startResolver(config, { foundTsconfigs: discovering.then((found) => found.alsoFound) });
    const [ruleSet, discovery] = await Promise.all([loadRuleSet(config), discovering]);
    report({ phase: 'discover', done: discovery.files.length, total: discovery.files.length });
    ahead.seen(discovery.files.length);
    const headStart = ahead.started();
    const resolverSetup = resolverStart.forFiles(discovery.files);
    // Awaited by the caller after the analysis; a failure is reported there, not as an unhandled rejection.
    resolverSetup.catch(() => {});
    const linkAhead = new LinkAhead(resolverSetup);
    const { facts, stats } = await collectFacts(config, discovery.files, ruleSet, {
      onProgress: (done, total) => report({ phase: 'analyze', done, total }),
      ...(options.analysis ? { mode: options.analysis } : {}),
      ...(headStart ? { headStart } : {}),
      sideWork: (outcomes) => linkAhead.step(outcomes),
    });
    return { ruleSet, discovery, facts, stats, resolverSetup, linkAhead };
  } finally {
    // Workers nobody took (a small tree, a failure): stopped, whatever happened.
    void ahead.started()?.release();
  }
}

/** The scan result together with the resolved module graph it was built from (for check and migrate). */
export async function scanWithGraph(
  config: ResolvedConfig,
  options: ScanOptions = {},
): Promise<{ result: ScanResult; graph: ModuleGraph }> {
  const report = options.onProgress ?? (() => {});
  const { ruleSet, discovery, facts, stats, resolverSetup, linkAhead } = await discoverAndCollect(config, options, report);
  const files = discovery.files;
  options.onStats?.(stats);

  const { resolver, workspaces } = await resolverSetup;
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
    ...(linkAhead.exports ? { exports: linkAhead.exports } : {}),
    preparedImports: (fileFacts) => linkAhead.importsOf(fileFacts),
  });
}
