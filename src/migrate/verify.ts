/**
 * Verification before writing: the TypeScript checker runs over the affected part of the program
 * twice, in memory, once with the files as they are and once with the planned texts (created files
 * present, deleted files absent), and reports the diagnostics the change adds. Diagnostics are matched
 * by file, code and message, not by position, since lines move. Imports that resolved before and no
 * longer do are reported too, for JavaScript files the checker does not check as well.
 *
 * The affected part: the changed files, and the files that can see a difference through their imports
 * (see `verify-bindings.ts`), transitively while public shapes keep changing; the compiler loads
 * whatever those need for their types itself.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { effectiveChanges } from './apply/apply-changes.js';
import type { FileChange } from './types.js';
import { ConfigResolver, configBoundary } from './verify-config.js';
import { toCompilerPath, type Overlay } from './verify-host.js';
import { projectWork } from './verify-projects.js';
import { ImportCheck } from './verify-imports.js';
import { combine, graphIndex, textIndex, type GraphView } from './verify-affected.js';

export interface VerifyInput {
  /** Absolute path of the migration root; change paths are relative to it. */
  root: string;
  changes: readonly FileChange[];
  /**
   * The scan's module graph (paths relative to the root): who imports what, which names, and where
   * re-exported names come from. Source files it does not cover are read for their imports; without
   * it, every source file under the root is.
   */
  graph?: GraphView & { workspaces?: ReadonlyArray<{ name: string }> };
  /** Threads for the type checks, whole projects per thread. Default 1: all in this thread. */
  threads?: number;
}

export interface NewDiagnostic {
  /** Posix path relative to the root. */
  file: string;
  line: number;
  column: number;
  code: number;
  category: 'error' | 'warning' | 'suggestion' | 'message';
  message: string;
}

export interface BrokenImport {
  file: string;
  line: number;
  specifier: string;
  /** What it resolved to before the change (relative to the root), or null for a new import. */
  before: string | null;
}

export interface VerificationResult {
  /** True when the change adds no diagnostic and breaks no import. */
  ok: boolean;
  newDiagnostics: NewDiagnostic[];
  brokenImports: BrokenImport[];
  /** Diagnostics the change removes (good news, counted). */
  fixedDiagnostics: number;
  /** Files whose diagnostics were compared (changed files and their importers). */
  checkedFiles: string[];
  /** Config files used, relative to the root (`(defaults)` for files no config covers). */
  configs: string[];
  /** Config problems met on the way (the check still ran). */
  notes: string[];
}

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const MODULE_NOT_FOUND = new Set([2307, 2792]);

export async function verifyChanges(input: VerifyInput): Promise<VerificationResult> {
  const root = resolve(input.root);
  const changes = effectiveChanges(input.changes);
  const abs = (path: string) => toCompilerPath(join(root, ...path.split('/')));
  const rel = (file: string) => relative(root, file).split(sep).join('/');
  const overlay: Overlay = new Map(changes.map((change) => [abs(change.path), change.after]));
  const configs = new ConfigResolver(configBoundary(root));
  const byFile = new Map(changes.map((change) => [abs(change.path), change]));
  const beforeText = async (file: string): Promise<string | null> => {
    const change = byFile.get(file);
    if (change) return change.before;
    return readFile(file, 'utf8').catch(() => null);
  };
  const afterText = async (file: string): Promise<string | null> => (overlay.has(file) ? overlay.get(file)! : beforeText(file));

  const known = input.graph ? new Set(input.graph.files.map(abs)) : null;
  const fromText = await textIndex(root, configs, known);
  const index = input.graph ? combine(graphIndex(input.graph, abs), fromText) : fromText;
  const changedFiles = changes.map((change) => abs(change.path));
  const candidates = new Set([...changedFiles, ...index.candidates(changedFiles)]);
  // One pair of programs per config over everything that might be affected: the checker is lazy, so
  // only the files asked about below are checked, and each once per state.
  const projects = groupBy([...candidates].filter((file) => SOURCE.test(file)), (file) => configs.configFor(file));
  const work = projectWork({ projects, overlay, configs, threads: input.threads ?? 1 });

  try {
    // Only the importers of files whose public shape changes can be affected, and of those only the ones
    // whose imports resolve differently; an unchanged file that is affected and whose own public shape
    // changes as a result (an inferred type) passes the change on to its importers in turn.
    const shapedSources = changedFiles.filter((file) => SOURCE.test(file) && index.imported(file));
    const reshaped = new Set([...changedFiles.filter((file) => !SOURCE.test(file)), ...(await work.reshaped(shapedSources))]);
    const affected = new Set(changedFiles);
    for (let fresh: ReadonlySet<string> = reshaped; fresh.size > 0; ) {
      const pending = [...index.affected(fresh)].filter((file) => !affected.has(file));
      const sources = pending.filter((file) => SOURCE.test(file));
      for (const file of pending) if (!SOURCE.test(file)) affected.add(file);
      const judged = await work.judge(sources, [...reshaped], new Set(sources.filter((file) => index.imported(file))));
      for (const file of judged.affected) affected.add(file);
      fresh = new Set(judged.reshaped.filter((file) => !reshaped.has(file)));
      for (const file of fresh) reshaped.add(file);
    }
    const checked = [...affected].filter((file) => SOURCE.test(file)).sort();
    const groups = groupBy(checked, (file) => configs.configFor(file));
    const result: VerificationResult = {
      ok: true,
      newDiagnostics: [],
      brokenImports: [],
      fixedDiagnostics: 0,
      checkedFiles: checked.map(rel),
      configs: [...groups.keys()].map((config) => (config.path ? rel(config.path) : '(defaults)')),
      notes: [...new Set([...groups.keys()].flatMap((config) => config.problems))],
    };
    const imports = new ImportCheck(overlay, new Map(), new Set((input.graph?.workspaces ?? []).map((workspace) => workspace.name)));
    const compared = await work.compare(checked);
    result.fixedDiagnostics = compared.fixed;
    for (const diagnostic of compared.added.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)) {
      const { head: _head, ...shown } = diagnostic;
      result.newDiagnostics.push({ ...shown, file: rel(diagnostic.file) });
    }
    for (const [config, files] of groups) {
      for (const file of files) {
        const broken = imports.check(file, await beforeText(file), await afterText(file), config);
        for (const b of broken) result.brokenImports.push({ file: rel(file), line: b.line, specifier: b.specifier, before: b.before === null ? null : rel(b.before) });
      }
    }
    // A missing module is reported once, as a broken import; a package this environment cannot resolve
    // at all (not installed, or a workspace not built) is not the change's doing.
    imports.settle(result.brokenImports);
    const broken = new Set(result.brokenImports.map((b) => `${b.file}:${b.line}`));
    result.newDiagnostics = result.newDiagnostics.filter((d) => {
      if (!MODULE_NOT_FOUND.has(d.code)) return true;
      const specifier = /'([^']+)'/.exec(d.message)?.[1];
      return !broken.has(`${d.file}:${d.line}`) && !(specifier && imports.unavailable(specifier));
    });
    result.ok = result.newDiagnostics.length === 0 && result.brokenImports.length === 0;
    return result;
  } finally {
    await work.close();
  }
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
