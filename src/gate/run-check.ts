/**
 * The gate's orchestration for the CLI and the bench: read the baseline and the forbidden list, work
 * out the changed files, scan, read the notes, evaluate, and (on request) write the shrunk baseline.
 * Returns data; printing and exit codes belong to the CLI.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { scanWithGraph, type ScanOptions } from '../scan/scan.js';
import type { ModuleGraph } from '../scan/graph-types.js';
import type { ScanResult } from '../scan/types.js';
import { SsotError } from '../shared/errors.js';
import { packageInfo } from '../shared/package-root.js';
import { readBaselineFile, writeBaselineFile } from './baseline-file.js';
import { changedFilesSince } from './changed-files.js';
import { evaluateGate, gatedFindings, shapesOf } from './evaluate.js';
import { FORBIDDEN_LIST_FILE, parseForbiddenList } from './forbidden-list.js';
import { NOTES_CACHE_FILE } from './notes-cache.js';
import { readNotes } from './read-notes.js';
import { forbiddenSymbolNames } from './structure-rules.js';
import type { Baseline, FileNotes, ForbiddenList, GateVerdict } from './types.js';
import { buildBaseline, type BaselineUpdate } from './update.js';

export type ScanWithGraph = (config: ResolvedConfig, options?: ScanOptions) => Promise<{ result: ScanResult; graph: ModuleGraph }>;

export interface CheckOptions {
  /** Report and fail only on files changed since this git ref. */
  changedSince?: string;
  /** Also fail on stale baseline entries and unused suppressions. */
  strict?: boolean;
  /** Write the shrunk baseline (fixed entries dropped, moved and changed ones refreshed; nothing added). */
  updateBaseline?: boolean;
  onProgress?: ScanOptions['onProgress'];
  /** The scanner; the real one unless a caller supplies another. */
  scan?: ScanWithGraph;
}

export interface CheckRun {
  verdict: GateVerdict;
  /** Set when `updateBaseline` wrote the baseline file. */
  update: BaselineUpdate | null;
  /** Files the scan covered. */
  files: number;
}

export interface BaselineRun extends BaselineUpdate {
  /** False when the file already held exactly this baseline (nothing written). */
  written: boolean;
  /** Whether a baseline file existed before. */
  existed: boolean;
  /** Findings skipped because they live in deprecation shims or are re-exports. */
  findings: number;
  /** Files the scan covered. */
  files: number;
}

interface Scanned {
  result: ScanResult;
  graph: ModuleGraph;
  notes: FileNotes;
  baseline: Baseline | null;
  forbidden: ForbiddenList | null;
}

/** `ssot check`. */
export async function runCheck(config: ResolvedConfig, options: CheckOptions = {}): Promise<CheckRun> {
  const changed = options.changedSince
    ? { ref: options.changedSince, files: await changedFilesSince(config.root, options.changedSince) }
    : null;
  const scanned = await scanForGate(config, options);
  const input = { ...scanned, forbid: config.forbid, max: config.max, canonical: config.canonical, changed, strict: options.strict ?? false };
  let verdict = evaluateGate(input);
  let update: BaselineUpdate | null = null;
  if (options.updateBaseline && scanned.baseline) {
    update = buildBaseline(gatedFindings(scanned.result, scanned.notes), shapesOf(scanned.notes), toolName(), scanned.baseline, true, unparsedFiles(scanned.result));
    if (update.added.length > 0 || update.removed.length > 0) {
      await writeBaselineFile(config.baseline, update.baseline);
      // Judge strictness against what is now on disk, but still tell what was fixed and pruned.
      const fixed = verdict.fixed;
      verdict = evaluateGate({ ...input, baseline: update.baseline });
      verdict = { ...verdict, fixed, summary: { ...verdict.summary, fixed: fixed.length } };
    } else update = null;
  }
  return { verdict, update, files: scanned.result.files };
}

/** `ssot baseline` (`prune`: only shrink and refresh, never add). */
export async function runBaseline(config: ResolvedConfig, options: { prune?: boolean; onProgress?: ScanOptions['onProgress']; scan?: ScanWithGraph } = {}): Promise<BaselineRun> {
  const scanned = await scanForGate(config, options);
  const findings = gatedFindings(scanned.result, scanned.notes);
  const update = buildBaseline(findings, shapesOf(scanned.notes), toolName(), scanned.baseline, options.prune ?? false, unparsedFiles(scanned.result));
  const written = scanned.baseline === null ? !(options.prune ?? false) : update.added.length > 0 || update.removed.length > 0;
  if (written) await writeBaselineFile(config.baseline, update.baseline);
  return { ...update, written, existed: scanned.baseline !== null, findings: findings.length, files: scanned.result.files };
}

async function scanForGate(config: ResolvedConfig, options: { onProgress?: ScanOptions['onProgress']; scan?: ScanWithGraph }): Promise<Scanned> {
  // Bad input files fail before the (long) scan.
  const baseline = await readBaselineFile(config.baseline, displayPath(config, config.baseline));
  const forbidden = await readForbiddenList(config);
  const scan = options.scan ?? scanWithGraph;
  const { result, graph } = await scan(config, options.onProgress ? { onProgress: options.onProgress } : {});
  if (result.files === 0 && baseline !== null && baseline.entries.length > 0) throw new EmptyScanError(config, baseline);
  const notesCache = config.cache.enabled ? { file: join(config.cache.dir, NOTES_CACHE_FILE), tool: toolName() } : undefined;
  const notes = await readNotes(config.root, graph.files, result.findings, forbiddenSymbolNames(config.forbid, forbidden), notesCache);
  return { result, graph, notes, baseline, forbidden };
}

/**
 * A scan that found no file while the baseline records findings: the path, `root`, `include` or
 * `exclude` is wrong, not the code fixed. Judging would pass the gate on nothing and an update would
 * empty the baseline, so the gate stops (exit 2) and leaves the baseline as it is.
 */
export class EmptyScanError extends SsotError {
  constructor(config: ResolvedConfig, baseline: Baseline) {
    const count = baseline.entries.length;
    super('baseline', `scanned no file in ${config.root}, but the baseline records ${count} finding${count === 1 ? '' : 's'}`, [
      {
        path: displayPath(config, config.baseline),
        message: 'nothing to compare it with: the path, root, include or exclude leaves out every file; the baseline is left as it is',
      },
    ]);
  }
}

/** `.ssot/forbidden.json` next to the config file, else under the scan root; null when there is none. */
async function readForbiddenList(config: ResolvedConfig): Promise<ForbiddenList | null> {
  const places = [...new Set([config.configFile ? join(dirname(config.configFile), FORBIDDEN_LIST_FILE) : null, join(config.root, FORBIDDEN_LIST_FILE)])];
  for (const place of places) {
    if (!place) continue;
    let text: string;
    try {
      text = await readFile(place, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    return parseForbiddenList(text, displayPath(config, place));
  }
  return null;
}

/** A path as users know it: relative to the config file's folder (or the scan root). */
function displayPath(config: ResolvedConfig, path: string): string {
  const base = config.configFile ? dirname(config.configFile) : config.root;
  const rel = relative(base, resolve(path));
  return rel.startsWith('..') ? path : rel.split(sep).join('/');
}

function unparsedFiles(result: ScanResult): Set<string> {
  return new Set(result.errors.map((error) => error.file));
}

function toolName(): string {
  return `ssot ${packageInfo().version}`;
}
