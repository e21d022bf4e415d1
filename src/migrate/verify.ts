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
import { ConfigResolver, type ProjectConfig } from './verify-config.js';
import { ProgramPair } from './verify-diagnostics.js';
import { toCompilerPath, type Overlay, type SourceFileCache } from './verify-host.js';
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
  const configs = new ConfigResolver();
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
  const sourceFiles: SourceFileCache = new Map();
  const pairs = new Map<ProjectConfig, ProgramPair>();
  for (const [config, files] of groupBy([...candidates].filter((file) => SOURCE.test(file)), (file) => configs.configFor(file))) {
    pairs.set(config, new ProgramPair(config, files, overlay, sourceFiles));
  }
  const pairFor = (file: string) => (SOURCE.test(file) ? pairs.get(configs.configFor(file)) : undefined);
  // Only the importers of files whose public shape changes can be affected, and of those only the ones
  // whose imports resolve differently; an unchanged file that is affected and whose own public shape
  // changes as a result (an inferred type) passes the change on to its importers in turn.
  const reshaped = new Set(changedFiles.filter((file) => index.imported(file) && (pairFor(file)?.shapeChanged(file) ?? true)));
  const affected = new Set(changedFiles);
  for (let grew = true; grew; ) {
    grew = false;
    for (const file of index.affected(reshaped)) {
      if (affected.has(file)) continue;
      const pair = pairFor(file);
      if (pair && !pair.importsSeeChange(file, (target) => reshaped.has(target))) continue;
      affected.add(file);
      if (index.imported(file) && pair?.holds(file) && pair.shapeChanged(file)) {
        reshaped.add(file);
        grew = true;
      }
    }
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
  const imports = new ImportCheck(overlay, sourceFiles, new Set((input.graph?.workspaces ?? []).map((workspace) => workspace.name)));
  for (const [config, files] of groups) {
    const pair = pairs.get(config) ?? new ProgramPair(config, files, overlay, sourceFiles);
    const compared = pair.compare(files);
    result.fixedDiagnostics += compared.fixed;
    for (const diagnostic of compared.added) {
      const { head: _head, ...shown } = diagnostic;
      result.newDiagnostics.push({ ...shown, file: rel(diagnostic.file) });
    }
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
