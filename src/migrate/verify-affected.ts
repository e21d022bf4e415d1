/**
 * Which files a change can affect: importers of the changed files. Two sources: the scan's module
 * graph (with the names each import uses and where re-exported names come from, so a consumer of a
 * barrel is affected only when a name it imports comes from a changed file), and, for files the scan
 * did not cover, the imports read from their text (a consumer is then affected through any barrel
 * that re-exports a changed file).
 */
import { readFile } from 'node:fs/promises';
import fg from 'fast-glob';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../config/defaults.js';
import type { ModuleGraph, ResolvedImport } from '../scan/graph-types.js';
import type { ConfigResolver } from './verify-config.js';
import { toCompilerPath } from './verify-host.js';
import { ImportResolver, importsOf, reExports } from './verify-imports.js';

/** The part of the scan's module graph verification uses. */
export type GraphView = Pick<ModuleGraph, 'files' | 'imports' | 'exportOrigins'>;

export interface ImporterIndex {
  /**
   * Everything that might be affected: importers of `files`, transitively (an importer whose inferred
   * types change passes the change on), so the programs hold every file verification may ask about.
   */
  candidates(files: Iterable<string>): Set<string>;
  /** Whether anything imports the file: when nothing does, its public shape does not matter. */
  imported(file: string): boolean;
  /** Importers that use something from a file in `changed` (absolute compiler paths). */
  affected(changed: ReadonlySet<string>): Set<string>;
}

/** Closure over importers, going on through files that re-export. */
function closure(start: Iterable<string>, importersOf: (file: string) => readonly string[], passesOn: (file: string) => boolean): Set<string> {
  const found = new Set<string>();
  const queue = [...start];
  for (let i = 0; i < queue.length; i++) {
    for (const importer of importersOf(queue[i]!)) {
      if (found.has(importer)) continue;
      found.add(importer);
      if (passesOn(importer)) queue.push(importer);
    }
  }
  return found;
}

/** From the scan's module graph (paths relative to the root there; absolute here). */
export function graphIndex(graph: GraphView, abs: (path: string) => string): ImporterIndex {
  const importers = new Map<string, Set<string>>();
  const edgesFrom = new Map<string, ResolvedImport[]>();
  for (const edge of graph.imports) {
    if (!edge.resolved || edge.resolved === edge.from) continue;
    const target = abs(edge.resolved);
    const set = importers.get(target) ?? new Set<string>();
    set.add(abs(edge.from));
    importers.set(target, set);
    edgesFrom.set(edge.from, [...(edgesFrom.get(edge.from) ?? []), edge]);
  }
  const reExporting = (file: string) => graph.exportOrigins[file] !== undefined;
  return {
    candidates: (files) => closure(files, (file) => [...(importers.get(file) ?? [])], () => true),
    imported: (file) => importers.has(file),
    affected(changed) {
      const memo = new Map<string, boolean>();
      // Does a re-exporting file pass on anything from a changed file (when the names used are unknown)?
      const reaches = (file: string): boolean => {
        if (changed.has(abs(file))) return true;
        const known = memo.get(file);
        if (known !== undefined) return known;
        memo.set(file, false);
        const result = reExporting(file) && (edgesFrom.get(file) ?? []).some((edge) => edge.resolved !== null && reaches(edge.resolved));
        memo.set(file, result);
        return result;
      };
      const found = new Set<string>();
      for (const edge of graph.imports) {
        if (!edge.resolved || edge.resolved === edge.from) continue;
        if (changed.has(abs(edge.resolved))) {
          found.add(abs(edge.from));
          continue;
        }
        const origins = graph.exportOrigins[edge.resolved];
        if (!origins) continue;
        const names = edge.bindings.flatMap((binding) => (binding.imported === '*' ? (edge.namespaceMembers ?? [null]) : [binding.imported]));
        const uses = names.length === 0 || names.some((name) => {
          if (name === null) return reaches(edge.resolved!);
          const origin = origins[name];
          return origin ? changed.has(abs(origin.file)) : reaches(edge.resolved!);
        });
        if (uses) found.add(abs(edge.from));
      }
      return found;
    },
  };
}

/**
 * From the files' own text: every source file under the root (or those not in `skip`), its imports
 * resolved under its config. Without the names used, a barrel passes on everything.
 */
export async function textIndex(root: string, configs: ConfigResolver, skip: ReadonlySet<string> | null): Promise<ImporterIndex> {
  const importers = new Map<string, string[]>();
  const reExporting = new Set<string>();
  const files = await fg(DEFAULT_INCLUDE, { cwd: root, ignore: DEFAULT_EXCLUDE, absolute: true, dot: false });
  const resolver = new ImportResolver(null, new Map());
  for (const path of files) {
    const file = toCompilerPath(path);
    if (skip?.has(file)) continue;
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    if (reExports(text)) reExporting.add(file);
    const config = configs.configFor(file);
    for (const ref of importsOf(text)) {
      const target = resolver.resolve(ref.specifier, file, config);
      if (target.file && !target.external && target.file !== file) importers.set(target.file, [...(importers.get(target.file) ?? []), file]);
    }
  }
  return {
    candidates: (start) => closure(start, (file) => importers.get(file) ?? [], () => true),
    imported: (file) => importers.has(file),
    affected: (start) => closure(start, (file) => importers.get(file) ?? [], (file) => reExporting.has(file)),
  };
}

/**
 * The graph for the files it covers, the text for the others (tests or scripts the scan leaves out).
 * Unknown files importing anything the graph finds affected are taken as affected too, since the
 * text index cannot see through the graph's barrels.
 */
export function combine(graph: ImporterIndex, text: ImporterIndex): ImporterIndex {
  return {
    candidates(files) {
      let found = new Set(files);
      for (;;) {
        const next = new Set([...found, ...graph.candidates(found), ...text.candidates(found)]);
        if (next.size === found.size) return next;
        found = next;
      }
    },
    imported: (file) => graph.imported(file) || text.imported(file),
    affected(changed) {
      const known = graph.affected(changed);
      return new Set([...known, ...text.affected(new Set([...changed, ...known]))]);
    },
  };
}
