/**
 * The delete phase: superseded modules and shims that nothing imports any more go (the whole file when
 * everything it exports is superseded, otherwise only the superseded symbols). A module still imported
 * stays, with a blocker that lists its importers. Deleted paths and symbols become forbidden.
 */
import { ts } from '../../../parser/ts.js';
import type { CanonicalTarget, DeleteSupersededOptions } from '../codemod-options.js';
import { exportedNames } from '../codemod-utils/declarations.js';
import { moduleSpecifierOf } from '../codemod-utils/imports.js';
import { WARN_HELPER } from '../codemod-utils/shim-text.js';
import type { Blocker, DeletionPlan } from '../types.js';
import type { PlanContext } from './context.js';
import { resolveSpecifier } from './resolve.js';
import type { SymbolPlan } from './symbols.js';
import { bindingsFor } from './importers.js';

interface Entry {
  name: string;
  plan: SymbolPlan;
  /** A generated companion of the superseded symbol (its converter), deleted with it. */
  companion: boolean;
}

/** The converter phase 1 generated for a config type, if any. */
function converterName(plan: SymbolPlan): string | undefined {
  if (plan.member.shim?.kind !== 'converter') return undefined;
  const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  return plan.configType?.converterName ?? `to${upper(plan.canonical.symbol)}From${upper(plan.exportName)}`;
}

export interface DeletionResult {
  deletions: DeletionPlan[];
  tasks: Map<string, DeleteSupersededOptions>;
  blockers: Blocker[];
}

/** Top-level statements that are neither exports, imports, private declarations, nor shim warnings: side effects. */
function hasSideEffects(source: ts.SourceFile): boolean {
  return source.statements.some((statement) => {
    if (!ts.isExpressionStatement(statement)) return false;
    const expression = statement.expression;
    if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === WARN_HELPER) return false;
    if (ts.isStringLiteral(expression)) return false; // 'use strict'
    if (ts.isBinaryExpression(expression) && /^(module\.)?exports\b/.test(expression.left.getText(source))) return false;
    return true;
  });
}

export function planDeletions(
  context: PlanContext,
  plans: SymbolPlan[],
  canonicalTarget: (plan: SymbolPlan, file: string) => CanonicalTarget,
  phase: string,
): DeletionResult {
  const result: DeletionResult = { deletions: [], tasks: new Map(), blockers: [] };
  const byFile = new Map<string, SymbolPlan[]>();
  for (const plan of plans) byFile.set(plan.file, [...(byFile.get(plan.file) ?? []), plan]);
  const candidates = new Map<string, { mode: 'file' | 'symbols'; names: Set<string>; plans: SymbolPlan[]; entries: Entry[] }>();
  for (const [file, filePlans] of byFile) {
    const source = context.source(file, true);
    if (!source) continue;
    const exported = new Set(exportedNames(source));
    const entries: Entry[] = filePlans.map((plan) => ({ name: plan.exportName, plan, companion: false }));
    for (const plan of filePlans) {
      const converter = converterName(plan);
      if (converter && exported.has(converter)) entries.push({ name: converter, plan, companion: true });
    }
    const names = new Set(entries.map((e) => e.name));
    const others = exportedNames(source).filter((name) => !names.has(name));
    const mode = others.length === 0 && !hasSideEffects(source) ? 'file' : 'symbols';
    for (const plan of filePlans) plan.member.deletion = mode === 'file' ? 'file' : 'symbol';
    candidates.set(file, { mode, names, plans: filePlans, entries });
  }
  // Importers that keep a candidate alive; files deleted together do not keep each other alive.
  const blocking = (file: string, deleted: ReadonlySet<string>): string[] => {
    const candidate = candidates.get(file)!;
    const importers = new Set<string>();
    for (const entry of context.importsOf.get(file) ?? []) {
      if (entry.from === file || deleted.has(entry.from)) continue;
      if (candidate.mode === 'file') importers.add(entry.from);
      else if (bindsAny(context, entry.from, entry.specifier, candidate.names)) importers.add(entry.from);
    }
    for (const [barrel, origins] of Object.entries(context.input.graph.exportOrigins)) {
      if (barrel === file || deleted.has(barrel) || importers.has(barrel)) continue;
      if (!Object.values(origins).some((o) => o.file === file && (candidate.mode === 'file' || candidate.names.has(o.name)))) continue;
      if (reExportsFrom(context, barrel, file)) importers.add(barrel);
    }
    return [...importers].sort();
  };
  const deleted = new Set([...candidates].filter(([, c]) => c.mode === 'file').map(([file]) => file));
  for (let changed = true; changed; ) {
    changed = false;
    for (const file of [...deleted]) {
      if (blocking(file, deleted).length > 0) {
        deleted.delete(file);
        changed = true;
      }
    }
  }
  for (const [file, candidate] of [...candidates].sort((a, b) => a[0].localeCompare(b[0]))) {
    const replacement = candidate.plans[0]!.canonical.ref;
    if (deleted.has(file)) {
      result.deletions.push({ file, mode: 'file', symbols: [...candidate.names].sort(), replacement, remainingImporters: [] });
      result.tasks.set(file, { mode: 'file' });
      continue;
    }
    // Symbol by symbol: what nobody binds any more goes, the rest waits for its importers.
    const free: Entry[] = [];
    const remaining = new Set<string>();
    for (const entry of candidate.entries) {
      const plan = entry.plan;
      const importers = namedImporters(context, file, entry.name, deleted);
      if (importers.length === 0) free.push(entry);
      else {
        importers.forEach((i) => remaining.add(i));
        result.blockers.push({
          kind: 'still-imported',
          severity: 'error',
          phase,
          cluster: plan.cluster,
          symbol: plan.ref,
          file,
          line: plan.member.line,
          message: `${entry.name} in ${file} is still imported by ${importers.join(', ')}; it is not deleted`,
          hint: 'resolve the blockers of those importers, then run the imports phase again',
        });
      }
    }
    for (const plan of candidate.plans) plan.member.deletion = 'symbol';
    result.deletions.push({ file, mode: 'symbols', symbols: free.map((e) => e.name).sort(), replacement, remainingImporters: [...remaining].sort() });
    if (free.length > 0) {
      result.tasks.set(file, { mode: 'symbols', symbols: free.map((e) => (e.companion ? { name: e.name } : { name: e.name, canonical: canonicalTarget(e.plan, file) })) });
    }
  }
  return result;
}

/** Files (other than deleted ones) that bind `name` of `file`, directly or by re-exporting it. */
function namedImporters(context: PlanContext, file: string, name: string, deleted: ReadonlySet<string>): string[] {
  const importers = new Set<string>();
  for (const entry of context.importsOf.get(file) ?? []) {
    if (entry.from === file || deleted.has(entry.from) || importers.has(entry.from)) continue;
    if (!bindsAny(context, entry.from, entry.specifier, new Set([name]))) continue;
    // The graph may not know which members a namespace import uses: the importer's code decides.
    const source = context.source(entry.from);
    if (!source || bindingsFor(source, entry.specifier, name).length > 0 || entry.bindings.length === 0) importers.add(entry.from);
  }
  for (const [barrel, origins] of Object.entries(context.input.graph.exportOrigins)) {
    if (barrel === file || deleted.has(barrel) || importers.has(barrel)) continue;
    if (Object.values(origins).some((o) => o.file === file && o.name === name) && reExportsFrom(context, barrel, file)) importers.add(barrel);
  }
  return [...importers].sort();
}

/** Whether `importer` binds any of `names` from `specifier` (or the whole module). */
function bindsAny(context: PlanContext, importer: string, specifier: string, names: ReadonlySet<string>): boolean {
  const entries = (context.importsFrom.get(importer) ?? []).filter((e) => e.specifier === specifier);
  for (const entry of entries) {
    if (entry.kind === 'side-effect') continue;
    if (entry.bindings.length === 0) return true;
    for (const binding of entry.bindings) {
      if (binding.imported === '*') {
        if (entry.namespaceMembers === undefined || entry.namespaceMembers.some((m) => names.has(m))) return true;
      } else if (names.has(binding.imported)) return true;
    }
  }
  return false;
}

function reExportsFrom(context: PlanContext, barrel: string, file: string): boolean {
  const source = context.source(barrel);
  if (!source) return false;
  return source.statements.some((statement) => {
    const specifier = ts.isExportDeclaration(statement) ? moduleSpecifierOf(statement) : undefined;
    return specifier !== undefined && resolveSpecifier(context, barrel, specifier) === file;
  });
}
