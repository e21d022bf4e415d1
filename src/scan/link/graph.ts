/**
 * The resolved module graph: every import (and re-export edge) of every scanned file with the file it
 * resolves to, the workspaces, and where each re-exported name really comes from.
 */
import type { FileFacts } from '../facts.js';
import type { ModuleGraph, ResolvedImport, WorkspacePackage } from '../graph-types.js';
import type { Resolution } from '../resolve/resolver.js';
import type { ExportResolver } from './export-resolver.js';

/** Resolves a specifier written in a file; results are cached by the resolver. */
export type ResolveFn = (from: string, specifier: string) => Resolution;

/**
 * Every import and re-export edge of `facts`, resolved, in file then line order. `prepared` gives the
 * edges of a file already resolved (`resolveFileImports`, while the analysis ran), if any.
 */
export function resolveImports(
  facts: readonly FileFacts[],
  resolve: ResolveFn,
  prepared?: (file: FileFacts) => readonly ResolvedImport[] | undefined,
): ResolvedImport[] {
  const edges: ResolvedImport[] = [];
  for (const file of facts) {
    const ofFile = prepared?.(file) ?? resolveFileImports(file, resolve);
    for (const edge of ofFile) edges.push(edge);
  }
  return edges;
}

/** The import and re-export edges of one file, resolved, in line order (they depend on that file alone). */
export function resolveFileImports(file: FileFacts, resolve: ResolveFn): ResolvedImport[] {
  const ofFile: ResolvedImport[] = [];
  // One edge per import and per re-export (`export ... from`), with what the resolver made of its specifier.
  const edgeTo = (specifier: string, rest: Omit<ResolvedImport, 'from' | 'specifier' | 'resolved' | 'external'>): ResolvedImport => {
    const resolution = resolve(file.file, specifier);
    const edge: ResolvedImport = { from: file.file, specifier, resolved: resolution.resolved, ...rest };
    if (resolution.external !== undefined) edge.external = resolution.external;
    return edge;
  };
  for (const fact of file.imports) {
    const edge = edgeTo(fact.specifier, { line: fact.line, kind: fact.kind, typeOnly: fact.typeOnly, bindings: fact.bindings });
    if (fact.namespaceMembers !== undefined) edge.namespaceMembers = fact.namespaceMembers;
    ofFile.push(edge);
  }
  for (const exp of file.exports) {
    if (exp.from === undefined) continue;
    const bindings = [{ imported: exp.imported ?? exp.name, local: exp.name }];
    ofFile.push(edgeTo(exp.from, { line: exp.line, kind: 'static', typeOnly: exp.typeOnly === true, bindings, reExport: true }));
  }
  ofFile.sort((a, b) => a.line - b.line);
  return ofFile;
}

/** `exportOrigins[file][name]` for every file that forwards names from elsewhere. */
export function exportOrigins(facts: readonly FileFacts[], exports: ExportResolver): ModuleGraph['exportOrigins'] {
  const origins: ModuleGraph['exportOrigins'] = {};
  for (const file of facts) {
    if (!exports.reExports(file.file)) continue;
    const entry: Record<string, { file: string; name: string }> = {};
    for (const name of exports.exportedNames(file.file)) {
      const trace = exports.resolveExport(file.file, name);
      if (trace && trace.origin.file !== file.file) entry[name] = { file: trace.origin.file, name: trace.origin.name };
    }
    if (Object.keys(entry).length > 0) origins[file.file] = entry;
  }
  return origins;
}

/**
 * The module graph of a scan. `exportOrigins` lists every name of every barrel, which is large in big
 * repositories and not every command needs it: it is computed on first access (an ordinary
 * enumerable property to readers and to JSON).
 */
export function buildModuleGraph(
  files: readonly string[],
  facts: readonly FileFacts[],
  imports: ResolvedImport[],
  workspaces: readonly WorkspacePackage[],
  exports: ExportResolver,
): ModuleGraph {
  const graph = {
    files: [...files],
    imports,
    workspaces: workspaces.map((w) => ({ name: w.name, dir: w.dir })),
  } as ModuleGraph;
  let origins: ModuleGraph['exportOrigins'] | undefined;
  Object.defineProperty(graph, 'exportOrigins', {
    enumerable: true,
    configurable: true,
    get: () => (origins ??= exportOrigins(facts, exports)),
    set: (value: ModuleGraph['exportOrigins']) => {
      origins = value;
    },
  });
  return graph;
}
