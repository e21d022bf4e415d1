/**
 * Where an exported name really comes from: through named re-exports, `export *`, barrels, exported
 * imports (`import { X } from './x'; export { X }`) and CommonJS forwards, with cycle guards.
 */
import type { FileFacts, ImportBinding } from '../facts.js';

/** A module export name: `{ file, name }`. `name` is a local declaration name at the origin. */
export interface SymbolRef {
  file: string;
  name: string;
}

export interface ExportTrace {
  /** The declaration the name designates: its file and local name (`*` for a whole module). */
  origin: SymbolRef;
  /** Modules passed on the way (each with the name it exports), the first being the one asked. */
  hops: SymbolRef[];
}

/** Resolves a specifier written in `from` to a scanned file (or null). */
export type SpecifierResolver = (from: string, specifier: string) => string | null;

const key = (file: string, name: string): string => `${file}\0${name}`;

export class ExportResolver {
  private readonly memo = new Map<string, ExportTrace | null>();
  private readonly namesMemo = new Map<string, Set<string>>();
  private readonly importsByLocal = new Map<string, Map<string, { binding: ImportBinding; target: string | null }>>();

  constructor(
    private readonly facts: ReadonlyMap<string, FileFacts>,
    private readonly resolveSpecifier: SpecifierResolver,
  ) {}

  /** The import binding that declares `local` in `file`, with the file it resolves to. */
  importBinding(file: string, local: string): { binding: ImportBinding; target: string | null } | undefined {
    let byLocal = this.importsByLocal.get(file);
    if (!byLocal) {
      byLocal = new Map();
      for (const fact of this.facts.get(file)?.imports ?? []) {
        const target = this.resolveSpecifier(file, fact.specifier);
        for (const binding of fact.bindings) if (binding.local !== '' && !byLocal.has(binding.local)) byLocal.set(binding.local, { binding, target });
      }
      this.importsByLocal.set(file, byLocal);
    }
    return byLocal.get(local);
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
    const k = key(file, name);
    if (this.memo.has(k)) return this.memo.get(k)!;
    const state = { cycle: false };
    const trace = this.follow(file, name, new Set(), state);
    if (!state.cycle) this.memo.set(k, trace);
    return trace;
  }

  private follow(file: string, name: string, visiting: Set<string>, state: { cycle: boolean }): ExportTrace | null {
    const k = key(file, name);
    if (visiting.has(k)) {
      state.cycle = true;
      return null;
    }
    const memoized = this.memo.get(k);
    if (memoized !== undefined) return memoized;
    const facts = this.facts.get(file);
    if (!facts) return null;
    visiting.add(k);
    try {
      const hop = { file, name };
      for (const exp of facts.exports) {
        if (exp.name !== name) continue;
        if (exp.from !== undefined) {
          const target = this.resolveSpecifier(file, exp.from);
          if (!target) return null;
          if (exp.imported === '*') return { origin: { file: target, name: '*' }, hops: [hop] };
          const inner = this.follow(target, exp.imported ?? name, visiting, state);
          return inner && { origin: inner.origin, hops: [hop, ...inner.hops] };
        }
        if (exp.local !== undefined) {
          const imported = this.importBinding(file, exp.local);
          if (!imported) return { origin: { file, name: exp.local }, hops: [] };
          if (!imported.target) return null;
          if (imported.binding.imported === '*') return { origin: { file: imported.target, name: '*' }, hops: [hop] };
          const inner = this.follow(imported.target, imported.binding.imported, visiting, state);
          return inner && { origin: inner.origin, hops: [hop, ...inner.hops] };
        }
        return { origin: { file, name }, hops: [] };
      }
      // `export *` never forwards a default export.
      if (name === 'default' || name === '*') return null;
      for (const exp of facts.exports) {
        if (exp.name !== '*' || exp.from === undefined) continue;
        const target = this.resolveSpecifier(file, exp.from);
        if (!target) continue;
        const inner = this.follow(target, name, visiting, state);
        if (inner) return { origin: inner.origin, hops: [hop, ...inner.hops] };
      }
      return null;
    } finally {
      visiting.delete(k);
    }
  }

  /** Every name `file` exports, `export *` expanded (without `default`), sorted. */
  exportedNames(file: string): string[] {
    return [...this.collectNames(file, new Set())].sort();
  }

  private collectNames(file: string, visiting: Set<string>): Set<string> {
    const memoized = this.namesMemo.get(file);
    if (memoized) return memoized;
    const names = new Set<string>();
    const facts = this.facts.get(file);
    if (!facts || visiting.has(file)) return names;
    visiting.add(file);
    let complete = true;
    for (const exp of facts.exports) if (exp.name !== '*') names.add(exp.name);
    for (const exp of facts.exports) {
      if (exp.name !== '*' || exp.from === undefined) continue;
      const target = this.resolveSpecifier(file, exp.from);
      if (!target) continue;
      if (visiting.has(target)) complete = false;
      for (const inner of this.collectNames(target, visiting)) if (inner !== 'default') names.add(inner);
    }
    visiting.delete(file);
    if (complete) this.namesMemo.set(file, names);
    return names;
  }

  /** True when `file` forwards names from other modules (re-exports, exported imports, CommonJS forwards). */
  reExports(file: string): boolean {
    const facts = this.facts.get(file);
    if (!facts) return false;
    return facts.exports.some((exp) => exp.from !== undefined || (exp.local !== undefined && this.importBinding(file, exp.local) !== undefined));
  }
}
