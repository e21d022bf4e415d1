/**
 * Everything `ssot migrate` needs before the safety checks: the config, a scan with its module graph,
 * the plan, and the chosen phase's changes from the codemods. Also the scans behind `--report`: a
 * rescan after writing, or a scan of the projected tree in a dry run.
 */
import { isAbsolute, join, relative } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/types.js';
import { buildPlan } from '../plan/build-plan.js';
import { CANONICALS_FILE, canonicalsChange } from '../plan/canonicals-record.js';
import { phaseChanges } from '../plan/phase-changes.js';
import type { Blocker, MigrationPlan } from '../plan/types.js';
import { scanWithGraph, type ScanProgress } from '../../scan/scan.js';
import type { ModuleGraph } from '../../scan/graph-types.js';
import type { ScanResult } from '../../scan/types.js';
import { projectTree } from '../report-project.js';
import type { ChangeSummary, FileChange } from '../types.js';
import type { PhaseRun } from './run-phase.js';
import { importersFromGraph, planReader, resolvePhase } from './phase-select.js';

export interface PreparePhaseOptions {
  cwd: string;
  path?: string;
  configFile?: string | false;
  /** 1-based number or name. */
  phase: string;
  onStep?: (text: string) => void;
  /** Scan progress (files discovered, analyzed, linked). */
  onScanProgress?: (progress: ScanProgress) => void;
  /** Let the delete phase remove modules a publishable package may expose (`--delete-public`). */
  deletePublic?: boolean;
}

export interface PreparedPhase {
  config: ResolvedConfig;
  root: string;
  phaseName: string;
  /** 1-based. */
  phaseNumber: number;
  plan: MigrationPlan;
  scan: ScanResult;
  graph: ModuleGraph;
  changes: FileChange[];
  summary: ChangeSummary;
  blockers: Blocker[];
  importersOf: (path: string) => string[];
}

export async function preparePhase(options: PreparePhaseOptions): Promise<PreparedPhase> {
  const config = await loadConfig({
    cwd: options.cwd,
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
  });
  const { phase, number } = resolvePhase(config.phases, options.phase);
  options.onStep?.('scanning');
  const { result, graph } = await scanWithGraph(config, options.onScanProgress ? { onProgress: options.onScanProgress } : {});
  options.onStep?.('planning');
  const readFile = planReader(config.root);
  const plan = buildPlan({ result, graph, config, readFile, ...(options.deletePublic ? { deletePublic: true } : {}) });
  options.onStep?.(`running the codemods of phase ${phase.name}`);
  const computed = phaseChanges(plan, phase, readFile);
  // Every written phase records the canonical of every planned cluster, also when it has nothing else
  // to change (its plan settled them all the same), so the next run keeps them when the code moves the
  // scanner's suggestion; the same journalled, all-or-nothing write, so `--undo` takes it back with it.
  const record = canonicalsChange(plan, readFile(CANONICALS_FILE));
  const changes = record ? [...computed.changes, record].sort((a, b) => a.path.localeCompare(b.path)) : computed.changes;
  return {
    config,
    root: config.root,
    phaseName: phase.name,
    phaseNumber: number,
    plan,
    scan: result,
    graph,
    changes,
    summary: computed.summary,
    blockers: [...computed.blockers, ...unparsedWarnings(result, phase.name)],
    importersOf: importersFromGraph(graph),
  };
}

/**
 * A file the scan could not parse has imports the plan cannot see: it may import a module the phase
 * rewrites or deletes. Said with every phase; verification reads such files' imports from their text.
 */
function unparsedWarnings(scan: ScanResult, phase: string): Blocker[] {
  return scan.errors.map((error) => ({
    kind: 'unreadable' as const,
    severity: 'warning' as const,
    phase,
    file: error.file,
    line: error.line ?? 1,
    message: `${error.file} was not analyzed (${error.message}); the plan cannot see its imports, so it is not migrated`,
  }));
}

/**
 * The module graph for verification: files the scan could not parse are left out of it, so their
 * imports are read from their text instead of taken as none.
 */
export function graphForVerification(prepared: Pick<PreparedPhase, 'graph' | 'scan'>): ModuleGraph {
  const unparsed = new Set(prepared.scan.errors.map((error) => error.file));
  if (unparsed.size === 0) return prepared.graph;
  return { ...prepared.graph, files: prepared.graph.files.filter((file) => !unparsed.has(file)) };
}

/** The config, moved onto another root (the projected copy), with no cache. */
function rebase(config: ResolvedConfig, dir: string): ResolvedConfig {
  const move = (path: string) => {
    const inside = relative(config.root, path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : join(dir, inside);
  };
  return {
    ...config,
    root: dir,
    configFile: config.configFile ? move(config.configFile) : null,
    tsconfig: config.tsconfig === 'auto' ? 'auto' : config.tsconfig.map(move),
    baseline: move(config.baseline),
    cache: { enabled: false, dir: join(dir, '.ssot', 'cache') },
  };
}

/** The scans the `--report` compares: before, and after (a rescan when written, else the projected tree). */
export async function reportScans(
  prepared: PreparedPhase,
  run: PhaseRun,
): Promise<{ before: ScanResult; after: ScanResult | null; afterKind: 'rescan' | 'projected' }> {
  if (run.written) return { before: prepared.scan, after: (await scanWithGraph(prepared.config)).result, afterKind: 'rescan' };
  if (run.changes.length === 0) return { before: prepared.scan, after: prepared.scan, afterKind: 'projected' };
  const projected = await projectTree(prepared.root, run.changes);
  try {
    return { before: prepared.scan, after: (await scanWithGraph(rebase(prepared.config, projected.dir))).result, afterKind: 'projected' };
  } finally {
    await projected.dispose();
  }
}
