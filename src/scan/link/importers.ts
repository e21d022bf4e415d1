/**
 * Importers per exported symbol: every file that imports a name, directly or through barrels and
 * re-export modules, is an importer of the declaration the name comes from and of every module the
 * name passed through. Namespace imports count for the members they use (all of them when unknown);
 * type-only and dynamic imports count; a file that only forwards an import (`import { X }` +
 * `export { X }`) is not an importer of it.
 */
import type { FileFacts } from '../facts.js';
import type { ResolvedImport } from '../graph-types.js';
import type { ExportResolver } from './export-resolver.js';

/** Importing files per file and name (a declaration's local name, or an exported name at a hop). */
export class ImporterIndex {
  private readonly byFile = new Map<string, Map<string, Set<string>>>();

  add(file: string, name: string, importer: string): void {
    if (file === importer) return;
    let byName = this.byFile.get(file);
    if (!byName) this.byFile.set(file, (byName = new Map()));
    let set = byName.get(name);
    if (!set) byName.set(name, (set = new Set()));
    set.add(importer);
  }

  /** Importers of `name` in `file`, sorted. */
  of(file: string, name: string): string[] {
    const set = this.byFile.get(file)?.get(name);
    return set ? [...set].sort() : [];
  }
}

/** Names a binding reaches in the module it imports. */
function importedNames(edge: ResolvedImport, imported: string, exports: ExportResolver, target: string): string[] {
  if (imported !== '*') return [imported];
  // `const x = require()` / `import x = require()` also reach the module's own value (`default`).
  const withDefault = (names: string[]) => (edge.kind === 'dynamic' ? names : [...new Set([...names, 'default'])]);
  if (edge.namespaceMembers) return withDefault(edge.namespaceMembers);
  return withDefault(exports.exportedNames(target));
}

/** Locals a file re-exports without using them itself: forwarding is not importing. */
function forwardedLocals(facts: FileFacts): Set<string> {
  const uses = new Set(facts.localUses);
  const forwarded = new Set<string>();
  for (const exp of facts.exports) {
    if (exp.from === undefined && exp.local !== undefined && !uses.has(exp.local)) forwarded.add(exp.local);
  }
  return forwarded;
}

/** Builds the importer index from the resolved imports of every file. */
export function computeImporters(
  facts: ReadonlyMap<string, FileFacts>,
  imports: readonly ResolvedImport[],
  exports: ExportResolver,
): ImporterIndex {
  const index = new ImporterIndex();
  const forwardedByFile = new Map<string, Set<string>>();
  for (const edge of imports) {
    if (edge.reExport || edge.resolved === null || edge.kind === 'side-effect') continue;
    const target = edge.resolved;
    let forwarded = forwardedByFile.get(edge.from);
    if (!forwarded) {
      const fileFacts = facts.get(edge.from);
      forwarded = fileFacts ? forwardedLocals(fileFacts) : new Set<string>();
      forwardedByFile.set(edge.from, forwarded);
    }
    for (const binding of edge.bindings) {
      if (binding.local !== '' && forwarded.has(binding.local)) continue;
      for (const name of importedNames(edge, binding.imported, exports, target)) {
        const trace = exports.resolveExport(target, name);
        if (!trace) continue;
        for (const hop of trace.hops) index.add(hop.file, hop.name, edge.from);
        if (trace.origin.name !== '*') {
          index.add(trace.origin.file, trace.origin.name, edge.from);
          continue;
        }
        // A namespace re-exported under a name (`export * as utils`): its members are used in unknown ways.
        for (const member of exports.exportedNames(trace.origin.file)) {
          const inner = exports.resolveExport(trace.origin.file, member);
          if (!inner || inner.origin.name === '*') continue;
          index.add(inner.origin.file, inner.origin.name, edge.from);
          for (const hop of inner.hops) index.add(hop.file, hop.name, edge.from);
        }
      }
    }
  }
  return index;
}
