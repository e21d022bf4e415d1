/**
 * Where an exported name really comes from: through named re-exports, `export *`, barrels, exported
 * imports (`import { X } from './x'; export { X }`) and CommonJS forwards, with cycle guards.
 *
 * `export *` is resolved per module rather than per name: each module's complete export map is built
 * once (from its own exports and its star sources' maps) and memoized, so deep barrel trees cost
 * time proportional to the names they export, not to names × modules searched.
 */
import type { ExportFact, FileFacts, ImportBinding } from '../facts.js';
import { isBarrel } from './barrel.js';

/** A module export name: `{ file, name }`. `name` is a local declaration name at the origin. */
export interface SymbolRef {
  file: string;
  name: string;
}

export interface ExportTrace {
  /** The declaration the name designates: its file and local name (`*` for a whole module). */
  origin: SymbolRef;
  /**
   * Modules passed on the way (each with the name it exports), in order from the one asked. Barrels
   * (`index.*`) are left out: they never hold findings, and leaving them out lets a barrel share its
   * sources' traces instead of copying them.
   */
  hops: SymbolRef[];
}

/** Resolves a specifier written in `from` to a scanned file (or null). */
export type SpecifierResolver = (from: string, specifier: string) => string | null;

/** Marks a name being followed, in the memo of followed names. */
const FOLLOWING = Symbol('following');

/** A file's exports indexed for lookups: the first export of each name, and its `export *` sources. */
interface ExportTable {
  byName: Map<string, ExportFact>;
  stars: string[];
}

export class ExportResolver {
  private readonly tables = new Map<string, ExportTable | null>();
  /** Memoized traces per file and name; `FOLLOWING` while that name is being followed (a cycle guard). */
  private readonly named = new Map<string, Map<string, ExportTrace | null | typeof FOLLOWING>>();
  private readonly fullMaps = new Map<string, Map<string, ExportTrace>>();
  private readonly sortedNames = new Map<string, string[]>();
  private readonly importsByLocal = new Map<string, Map<string, { binding: ImportBinding; target: string | null }>>();
  /** Files whose export maps are being built right now (a cycle guard). */
  private readonly buildingMaps = new Set<string>();
  /** Counts cycles met, so results computed inside a cycle are not memoized as complete. */
  private cycles = 0;

  private readonly facts: Map<string, FileFacts>;

  /** `facts`: the files to resolve through; more may be added (`add`) until the first resolution. */
  constructor(
    facts: ReadonlyMap<string, FileFacts>,
    private readonly resolveSpecifier: SpecifierResolver,
  ) {
    this.facts = new Map(facts);
  }

  /** How many files the resolver knows. */
  get size(): number {
    return this.facts.size;
  }

  /**
   * Adds (or replaces) a file's facts; with `index`, indexes at once its own exports and imports, which
   * depend on no other file (a scan adds files as their analysis ends, while it waits for the rest).
   * Only before the first resolution, whose memoized answers depend on every file.
   */
  add(facts: FileFacts, options: { index?: boolean } = {}): void {
    if (this.facts.get(facts.file) !== facts) {
      if (this.named.size > 0 || this.fullMaps.size > 0) throw new Error('ExportResolver.add after a resolution');
      this.facts.set(facts.file, facts);
      this.tables.delete(facts.file);
      this.importsByLocal.delete(facts.file);
    }
    if (options.index) {
      this.table(facts.file);
      this.bindingsOf(facts.file);
    }
  }

  private table(file: string): ExportTable | null {
    let table = this.tables.get(file);
    if (table === undefined) {
      const facts = this.facts.get(file);
      if (!facts) table = null;
      else {
        const byName = new Map<string, ExportFact>();
        const stars: string[] = [];
        for (const exp of facts.exports) {
          if (exp.name === '*') {
            if (exp.from === undefined) continue;
            const target = this.resolveSpecifier(file, exp.from);
            if (target && !stars.includes(target)) stars.push(target);
          } else if (!byName.has(exp.name)) {
            byName.set(exp.name, exp);
          }
        }
        table = { byName, stars };
      }
      this.tables.set(file, table);
    }
    return table;
  }

  /** The import binding that declares `local` in `file`, with the file it resolves to. */
  importBinding(file: string, local: string): { binding: ImportBinding; target: string | null } | undefined {
    return this.bindingsOf(file).get(local);
  }

  /** A file's import bindings by local name, each with the file it resolves to. */
  private bindingsOf(file: string): Map<string, { binding: ImportBinding; target: string | null }> {
    let byLocal = this.importsByLocal.get(file);
    if (!byLocal) {
      byLocal = new Map();
      for (const fact of this.facts.get(file)?.imports ?? []) {
        const target = this.resolveSpecifier(file, fact.specifier);
        for (const binding of fact.bindings) if (binding.local !== '' && !byLocal.has(binding.local)) byLocal.set(binding.local, { binding, target });
      }
      this.importsByLocal.set(file, byLocal);
    }
    return byLocal;
  }

  /** What the local name `local` of `file` designates: a declaration there, or an imported one. */
  resolveLocal(file: string, local: string): ExportTrace | null {
    const imported = this.importBinding(file, local);
    if (!imported) return { origin: { file, name: local }, hops: [] };
    if (!imported.target) return null;
    if (imported.binding.imported === '*') return { origin: { file: imported.target, name: '*' }, hops: [] };
    return this.resolveExport(imported.target, imported.binding.imported);
  }

  /** Follows `name` exported by `file` to its declaration. Null when it cannot be followed. */
  resolveExport(file: string, name: string): ExportTrace | null {
    const table = this.table(file);
    if (!table) return null;
    if (table.byName.has(name)) return this.followNamed(file, name, table.byName.get(name)!);
    // `export *` never forwards a default export.
    if (name === 'default' || name === '*') return null;
    return this.fullMap(file).get(name) ?? null;
  }

  /** An explicitly exported name (local, re-exported by name, or an exported import). */
  private followNamed(file: string, name: string, exp: ExportFact): ExportTrace | null {
    let perFile = this.named.get(file);
    if (!perFile) this.named.set(file, (perFile = new Map()));
    const memoized = perFile.get(name);
    if (memoized === FOLLOWING) {
      this.cycles++;
      return null;
    }
    if (memoized !== undefined) return memoized;
    // Marked in the memo itself: a guard keyed by file and name would cost a string per name followed.
    perFile.set(name, FOLLOWING);
    const before = this.cycles;
    const trace = this.followNamedUncached(file, name, exp);
    if (this.cycles === before) perFile.set(name, trace);
    else perFile.delete(name);
    return trace;
  }

  private followNamedUncached(file: string, name: string, exp: ExportFact): ExportTrace | null {
    const hop = isBarrel(file) ? null : { file, name };
    let target: string | null;
    let imported: string;
    if (exp.from !== undefined) {
      target = this.resolveSpecifier(file, exp.from);
      imported = exp.imported ?? name;
    } else if (exp.local !== undefined) {
      const binding = this.importBinding(file, exp.local);
      if (!binding) return { origin: { file, name: exp.local }, hops: [] };
      target = binding.target;
      imported = binding.binding.imported;
    } else {
      return { origin: { file, name }, hops: [] };
    }
    if (!target) return null;
    if (imported === '*') return { origin: { file: target, name: '*' }, hops: hop ? [hop] : [] };
    const inner = this.resolveExport(target, imported);
    if (!inner || !hop) return inner;
    return { origin: inner.origin, hops: [hop, ...inner.hops] };
  }

  /** Every name `file` exports (its own, then those of its `export *` sources but `default`) with its trace. */
  private fullMap(file: string): Map<string, ExportTrace> {
    const memoized = this.fullMaps.get(file);
    if (memoized) return memoized;
    const map = new Map<string, ExportTrace>();
    const table = this.table(file);
    if (!table) return map;
    if (this.buildingMaps.has(file)) {
      this.cycles++;
      return map;
    }
    this.buildingMaps.add(file);
    const before = this.cycles;
    for (const [name, exp] of table.byName) {
      const trace = this.followNamed(file, name, exp);
      if (trace) map.set(name, trace);
    }
    const barrel = isBarrel(file);
    for (const source of table.stars) {
      for (const [name, trace] of this.fullMap(source)) {
        if (name === 'default' || map.has(name)) continue;
        map.set(name, barrel ? trace : { origin: trace.origin, hops: [{ file, name }, ...trace.hops] });
      }
    }
    this.buildingMaps.delete(file);
    if (this.cycles === before || this.buildingMaps.size === 0) this.fullMaps.set(file, map);
    return map;
  }

  /** Every name `file` exports, `export *` expanded (without `default`), sorted. */
  exportedNames(file: string): string[] {
    let names = this.sortedNames.get(file);
    if (!names) {
      const table = this.table(file);
      const all = new Set(this.fullMap(file).keys());
      // Names whose origin cannot be followed (unresolved re-exports) are still exported.
      for (const name of table?.byName.keys() ?? []) all.add(name);
      names = [...all].sort();
      this.sortedNames.set(file, names);
    }
    return names;
  }

  /** True when `file` forwards names from other modules (re-exports, exported imports, CommonJS forwards). */
  reExports(file: string): boolean {
    const facts = this.facts.get(file);
    if (!facts) return false;
    return facts.exports.some((exp) => exp.from !== undefined || (exp.local !== undefined && this.importBinding(file, exp.local) !== undefined));
  }
}
