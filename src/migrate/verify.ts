/**
 * Verification before writing: the TypeScript checker runs over the affected part of the program
 * twice, in memory, once with the files as they are and once with the planned texts (created files
 * present, deleted files absent), and reports the diagnostics the change adds. Diagnostics are matched
 * by file, code and message, not by position, since lines move. Imports that resolved before and no
 * longer do are reported too, for JavaScript files the checker does not check as well.
 *
 * The affected part: the changed files, the files importing them (through barrels that re-export
 * them, transitively), and whatever those need for their types, which the compiler loads itself.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../config/defaults.js';
import { effectiveChanges } from './apply/apply-changes.js';
import type { FileChange } from './types.js';
import { ConfigResolver, type ProjectConfig } from './verify-config.js';
import { ProgramPair } from './verify-diagnostics.js';
import { toCompilerPath, type Overlay, type SourceFileCache } from './verify-host.js';
import { ImportCheck, ImportResolver, importsOf, reExports } from './verify-imports.js';

export interface VerifyInput {
  /** Absolute path of the migration root; change paths are relative to it. */
  root: string;
  changes: readonly FileChange[];
  /**
   * Files importing a file (posix paths relative to the root), e.g. from the scan's module graph.
   * When absent, importers are found by reading every source file under the root.
   */
  importersOf?: (path: string) => readonly string[];
  /**
   * The files `importersOf` knows about (the scanned files). Source files under the root outside this
   * list (tests or generated code the scan leaves out, but the compiler sees) are read for imports too.
   */
  knownFiles?: readonly string[];
  /** Names of the repository's workspace packages (from the scan's module graph). */
  workspacePackages?: readonly string[];
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

  const known = input.importersOf && input.knownFiles ? new Set(input.knownFiles.map(abs)) : null;
  const discovered = !input.importersOf || known ? await discoverImporters(root, configs, known) : null;
  const importers = (file: string): string[] => {
    const fromGraph = input.importersOf ? input.importersOf(rel(file)).map(abs) : [];
    return discovered ? [...new Set([...fromGraph, ...discovered(file)])] : fromGraph;
  };
  const sourceFiles: SourceFileCache = new Map();
  // First the changed files alone: whose public shape changes? Only their importers can be affected.
  const changedFiles = changes.map((change) => abs(change.path));
  const firstPass = new Map<ProjectConfig, { pair: ProgramPair; roots: number }>();
  for (const [config, files] of groupBy(changedFiles.filter((file) => SOURCE.test(file)), (file) => configs.configFor(file))) {
    firstPass.set(config, { pair: new ProgramPair(config, files, overlay, sourceFiles), roots: files.length });
  }
  const queue = changedFiles.filter((file) => {
    const pair = SOURCE.test(file) ? firstPass.get(configs.configFor(file)) : undefined;
    return pair ? pair.pair.shapeChanged(file) : true;
  });
  const affected = new Set<string>(changedFiles);
  for (let i = 0; i < queue.length; i++) {
    for (const importer of importers(queue[i]!)) {
      if (affected.has(importer)) continue;
      affected.add(importer);
      const text = await beforeText(importer);
      if (text !== null && reExports(text)) queue.push(importer);
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
  const imports = new ImportCheck(overlay, sourceFiles, new Set(input.workspacePackages ?? []));
  for (const [config, files] of groups) {
    // Reuse the first pass when no importer joined; otherwise build on it.
    const first = firstPass.get(config);
    const pair = first && first.roots === files.length ? first.pair : new ProgramPair(config, files, overlay, sourceFiles, first?.pair);
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

/**
 * Importers per file, found by reading the source files under the root (all of them, or those not in
 * `skip`) and resolving their imports.
 */
async function discoverImporters(root: string, configs: ConfigResolver, skip: ReadonlySet<string> | null): Promise<(file: string) => string[]> {
  const found = new Map<string, string[]>();
  const files = await fg(DEFAULT_INCLUDE, { cwd: root, ignore: DEFAULT_EXCLUDE, absolute: true, dot: false });
  const resolver = new ImportResolver(null, new Map());
  for (const path of files) {
    const file = toCompilerPath(path);
    if (skip?.has(file)) continue;
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    const config = configs.configFor(file);
    for (const ref of importsOf(text)) {
      const target = resolver.resolve(ref.specifier, file, config);
      if (target.file && !target.external && target.file !== file) found.set(target.file, [...(found.get(target.file) ?? []), file]);
    }
  }
  return (file) => found.get(file) ?? [];
}
