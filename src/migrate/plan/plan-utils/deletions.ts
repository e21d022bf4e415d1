/**
 * The delete phase: superseded modules and shims that nothing imports any more go (the whole file when
 * everything it exports is superseded, otherwise only the superseded symbols). What is still imported
 * stays, with a blocker listing its importers: an error when no planned rewrite will free it, a warning
 * when it only waits for the imports phase. Deleted paths and symbols become forbidden.
 */
import { ts } from '../../../parser/ts.js';
import type { CanonicalTarget, DeleteSupersededOptions } from '../codemod-options.js';
import { completeExportedNames, exportedNames, findExportedDeclaration } from '../codemod-utils/declarations.js';
import { isReference, moduleSpecifierOf } from '../codemod-utils/imports.js';
import { WARN_HELPER } from '../codemod-utils/shim-text.js';
import type { Blocker, DeletionPlan } from '../types.js';
import type { PlanContext } from './context.js';
import { entryPointReferences } from './entry-points.js';
import { bindingsFor, isPackageEntry } from './importers.js';
import { publicModuleReason } from './public-api.js';
import { resolveSpecifier } from './resolve.js';
import type { SymbolPlan } from './symbols.js';

export interface DeletionResult {
  deletions: DeletionPlan[];
  tasks: Map<string, DeleteSupersededOptions>;
  blockers: Blocker[];
}

interface Entry {
  name: string;
  plan: SymbolPlan;
  /** A generated companion of the superseded symbol (its converter), deleted with it. */
  companion: boolean;
}

interface Candidate {
  file: string;
  mode: 'file' | 'symbols';
  entries: Entry[];
}

/** The converter phase 1 generated for a config type, if any. */
export function converterName(plan: SymbolPlan): string | undefined {
  if (plan.member.shim?.kind !== 'converter') return undefined;
  const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  return plan.configType?.converterName ?? `to${upper(plan.canonical.symbol)}From${upper(plan.exportName)}`;
}

/** Top-level expression statements other than shim warnings and CommonJS exports: side effects. */
function hasSideEffects(source: ts.SourceFile): boolean {
  return source.statements.some((statement) => {
    if (!ts.isExpressionStatement(statement)) return false;
    const expression = statement.expression;
    if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === WARN_HELPER) return false;
    if (ts.isStringLiteral(expression)) return false;
    if (ts.isBinaryExpression(expression) && /^(module\.)?exports\b/.test(expression.left.getText(source))) return false;
    return true;
  });
}

/**
 * `movingOwn` names the config types whose own module's signatures the imports phase moves onto the
 * canonical (`own-module-config-flow.ts`): their uses there only wait for that phase.
 */
export function planDeletions(
  context: PlanContext,
  plans: SymbolPlan[],
  canonicalTarget: (plan: SymbolPlan, file: string) => CanonicalTarget,
  phase: string,
  movingOwn: ReadonlySet<string> = new Set(),
): DeletionResult {
  const result: DeletionResult = { deletions: [], tasks: new Map(), blockers: [] };
  const byFile = new Map<string, SymbolPlan[]>();
  for (const plan of plans) byFile.set(plan.file, [...(byFile.get(plan.file) ?? []), plan]);
  const candidates: Candidate[] = [];
  for (const [file, filePlans] of [...byFile].sort((a, b) => a[0].localeCompare(b[0]))) {
    const source = context.source(file, true);
    if (!source) continue;
    const exported = new Set(exportedNames(source));
    const entries: Entry[] = filePlans.map((plan) => ({ name: plan.exportName, plan, companion: false }));
    for (const plan of filePlans) {
      const converter = converterName(plan);
      if (converter && exported.has(converter)) entries.push({ name: converter, plan, companion: true });
    }
    const names = new Set(entries.map((e) => e.name));
    const mode = completeExportedNames(source) !== null && [...exported].every((n) => names.has(n)) && !hasSideEffects(source) ? 'file' : 'symbols';
    for (const plan of filePlans) plan.member.deletion = mode === 'file' ? 'file' : 'symbol';
    candidates.push({ file, mode, entries });
  }
  // Importers each planned rewrite moves off a superseded module (they stop counting once the imports phase ran).
  const moved = new Map<string, Set<string>>();
  for (const plan of plans) {
    for (const rewrite of plan.member.importers) {
      if (rewrite.status !== 'rewrite') continue;
      const key = `${plan.file}#${plan.exportName}`;
      moved.set(key, new Set([...(moved.get(key) ?? []), rewrite.file]));
    }
  }
  const current = importersOf(context, candidates, () => false);
  const projected = importersOf(context, candidates, (file, name, importer) => moved.get(`${file}#${name}`)?.has(importer) ?? false);
  for (const candidate of candidates) {
    const { file } = candidate;
    const replacements = Object.fromEntries(candidate.entries.map((e) => [e.name, e.plan.canonical.ref]).sort((a, b) => a[0]!.localeCompare(b[0]!)));
    const replacement = [...new Set(candidate.entries.map((e) => e.plan.canonical.ref))].join(', ');
    const now = current.get(file)!;
    const later = projected.get(file)!;
    const free = stillUsedLocally(context, candidate, candidate.entries.filter((e) => (now.get(e.name) ?? []).length === 0), result.blockers, phase, movingOwn);
    const wholeFile = candidate.mode === 'file' && free.filter((e) => candidate.entries.includes(e)).length === candidate.entries.length;
    const remaining = [...new Set(candidate.entries.flatMap((e) => later.get(e.name) ?? []))].sort();
    const pending = [...new Set(candidate.entries.flatMap((e) => now.get(e.name) ?? []))].filter((i) => !remaining.includes(i)).sort();
    result.deletions.push({
      file,
      mode: candidate.mode === 'file' ? 'file' : 'symbols',
      symbols: candidate.entries.map((e) => e.name).sort(),
      replacement,
      replacements,
      remainingImporters: remaining,
      ...(pending.length > 0 ? { pendingImporters: pending } : {}),
    });
    for (const entry of candidate.entries) {
      if (entry.companion) continue;
      const blockedBy = later.get(entry.name) ?? [];
      const waitsFor = (now.get(entry.name) ?? []).filter((i) => !blockedBy.includes(i));
      const base = { kind: 'still-imported' as const, phase, cluster: entry.plan.cluster, symbol: entry.plan.ref, file, line: entry.plan.member.line };
      if (blockedBy.length > 0) {
        // Name the importers the imports phase will move too, so the list is the whole of what holds it.
        const alsoWaits = waitsFor.length > 0 ? ` (and waits for the imports phase to move ${waitsFor.join(', ')})` : '';
        result.blockers.push({ ...base, severity: 'error', message: `${entry.name} in ${file} is still imported by ${blockedBy.join(', ')}${alsoWaits}; it is not deleted`, hint: 'resolve the blockers of those importers, then run the imports phase again' });
      } else if (waitsFor.length > 0) {
        result.blockers.push({ ...base, severity: 'warning', message: `${entry.name} in ${file} waits for the imports phase to move ${waitsFor.join(', ')} before it can be deleted` });
      }
    }
    const deleting = wholeFile ? candidate.entries : free;
    const publicReason = deleting.length > 0 && context.input.deletePublic !== true ? publicModuleReason(context, file) : undefined;
    if (publicReason !== undefined) {
      // Possibly public API: nothing here importing it says nothing about the package's consumers.
      for (const entry of deleting) {
        if (entry.companion) continue;
        result.blockers.push({
          kind: 'public-api',
          severity: 'error',
          phase,
          cluster: entry.plan.cluster,
          symbol: entry.plan.ref,
          file,
          line: entry.plan.member.line,
          message: `${entry.name} is not deleted: ${publicReason}`,
          hint: 'release the removal as a breaking change with `ssot migrate --phase delete --delete-public`, or mark the package "private": true, or give it an `exports` map that leaves this module out',
        });
      }
    }
    const runBy = deleting.length > 0 ? entryPointReferences(context, file) : [];
    if (runBy.length > 0) {
      // Run directly (a script, a bin, a worker started by path): nothing importing it does not make it dead.
      // The whole module stays, superseded symbols included: what runs it may rely on any of it.
      const first = deleting.find((e) => !e.companion) ?? deleting[0]!;
      result.blockers.push({
        kind: 'entry-point',
        severity: 'error',
        phase,
        cluster: first.plan.cluster,
        file,
        line: 1,
        message: `${file} is an entry point and is not deleted: ${runBy.slice(0, 3).join('; ')}${runBy.length > 3 ? `; and ${runBy.length - 3} more` : ''}`,
        hint: 'remove that reference first (or point it at the canonical), or delete the module by hand',
      });
    }
    if (publicReason !== undefined || runBy.length > 0) {
      // Kept: the blockers above say why.
    } else if (wholeFile) result.tasks.set(file, { mode: 'file' });
    else if (free.length > 0) {
      result.tasks.set(file, { mode: 'symbols', symbols: free.map((e) => (e.companion ? { name: e.name } : { name: e.name, canonical: canonicalTarget(e.plan, file) })) });
    }
  }
  return result;
}

/**
 * A superseded symbol the rest of its own module still uses can only go when the canonical is the same
 * type (it is then bound as an import); otherwise it stays, with a blocker. Symbols deleted together do
 * not keep each other.
 */
function stillUsedLocally(context: PlanContext, candidate: Candidate, free: Entry[], blockers: Blocker[], phase: string, movingOwn: ReadonlySet<string>, withFollowers = true): Entry[] {
  const source = context.source(candidate.file, true);
  if (!source || free.length === 0) return free;
  const found: Blocker[] = [];
  const declarationOf = (name: string): ts.Node | undefined => findExportedDeclaration(source, name)?.statement;
  let kept = [...free];
  const followers: Entry[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    const leaving = new Set([...kept, ...followers].map((e) => declarationOf(e.name)).filter((n): n is ts.Node => n !== undefined));
    for (const entry of [...kept]) {
      const identity = entry.plan.member.shim?.kind === 're-export' || entry.plan.member.shim?.kind === 'alias';
      if (identity) continue;
      const local = findExportedDeclaration(source, entry.name)?.local ?? entry.name;
      const user = firstUseOutside(source, local, leaving);
      if (user === undefined) continue;
      const follower = withFollowers ? unusedDependent(context, candidate.file, source, user, leaving) : undefined;
      if (follower) {
        // Code only the leaving symbols serve, that nothing imports: it goes with them.
        followers.push(...follower.map((name) => ({ name, plan: entry.plan, companion: true })));
        found.push({
          kind: 'still-imported',
          severity: 'warning',
          phase,
          cluster: entry.plan.cluster,
          symbol: entry.plan.ref,
          file: candidate.file,
          line: user,
          message:
            follower.length === 1
              ? `${follower[0]} in ${candidate.file} uses ${entry.name} and nothing imports it; it is deleted with it`
              : `${follower.join(', ')} in ${candidate.file} use ${entry.name} and nothing imports them; they are deleted with it`,
        });
        changed = true;
        break;
      }
      kept = kept.filter((e) => e !== entry);
      changed = true;
      if (!entry.companion && movingOwn.has(entry.plan.ref)) {
        found.push({ kind: 'still-imported', severity: 'warning', phase, cluster: entry.plan.cluster, symbol: entry.plan.ref, file: candidate.file, line: user, message: `${entry.name} is still used by the rest of ${candidate.file} (line ${user}); it waits for the imports phase to move those signatures onto ${entry.plan.canonical.ref}` });
      } else if (!entry.companion) {
        found.push({
          kind: 'still-imported',
          severity: 'error',
          phase,
          cluster: entry.plan.cluster,
          symbol: entry.plan.ref,
          file: candidate.file,
          line: user,
          message: `${entry.name} is still used by the rest of ${candidate.file} (line ${user}) and ${entry.plan.canonical.ref} is not the same type; it is not deleted`,
          hint: 'move that code onto the canonical first',
        });
      }
    }
  }
  // Followers only go when every symbol they serve goes too; otherwise they stay, and so does what they use.
  if (followers.length > 0 && kept.length < free.length) return stillUsedLocally(context, candidate, free, blockers, phase, movingOwn, false);
  blockers.push(...found);
  return [...kept, ...followers];
}

/**
 * The exported names of the top-level declaration holding line `line`, and of the declarations that in
 * turn use it, when all of them are code no other file imports (the module is no package entry) and
 * nothing else in the module uses: they only serve the superseded symbols leaving with them.
 */
function unusedDependent(context: PlanContext, file: string, source: ts.SourceFile, line: number, leaving: ReadonlySet<ts.Node>): string[] | undefined {
  const lineOf = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line + 1;
  const first = source.statements.find((s) => lineOf(s.getStart(source)) <= line && line <= lineOf(s.getEnd()));
  if (!first || leaving.has(first) || isPackageEntry(context, file)) return undefined;
  const group = new Set<ts.Statement>([first]);
  const names: string[] = [];
  for (const statement of group) {
    const declared = exportedDeclarationNames(source, statement);
    if (!declared) return undefined;
    names.push(...declared);
    for (const name of declared) {
      if (namedImporters(context, file, name).length > 0) return undefined;
      for (const user of topLevelUsers(source, name)) if (!leaving.has(user) && user !== statement) group.add(user);
    }
  }
  return names;
}

/** The names a function, class or variable statement exports inline, or undefined for any other statement. */
function exportedDeclarationNames(source: ts.SourceFile, statement: ts.Statement): string[] | undefined {
  const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
  if (!exported) return undefined;
  let names: string[];
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names = [statement.name.text];
  else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.every((d) => ts.isIdentifier(d.name))) names = statement.declarationList.declarations.map((d) => (d.name as ts.Identifier).text);
  else return undefined;
  return names.every((name) => findExportedDeclaration(source, name)?.statement === statement) ? names : undefined;
}

/** Top-level statements (imports and exports aside) that refer to `name`. */
function topLevelUsers(source: ts.SourceFile, name: string): ts.Statement[] {
  return source.statements.filter((statement) => {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) return false;
    let used = false;
    const visit = (node: ts.Node): void => {
      if (used) return;
      if (ts.isIdentifier(node) && node.text === name && isReference(node) && (node.parent as { name?: ts.Node }).name !== node) used = true;
      else ts.forEachChild(node, visit);
    };
    visit(statement);
    return used;
  });
}

/** Line of the first reference to `name` outside the given statements (and outside imports/exports), if any. */
function firstUseOutside(source: ts.SourceFile, name: string, leaving: ReadonlySet<ts.Node>): number | undefined {
  let found: number | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined || leaving.has(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isIdentifier(node) && node.text === name && isReference(node) && (node.parent as { name?: ts.Node }).name !== node) {
      found = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Per candidate file and superseded name, the files that still bind it. Files deleted together do not
 * keep each other alive; `ignore` drops importers a planned rewrite moves away.
 */
function importersOf(
  context: PlanContext,
  candidates: Candidate[],
  ignore: (file: string, name: string, importer: string) => boolean,
): Map<string, Map<string, string[]>> {
  const raw = new Map<string, Map<string, string[]>>();
  for (const candidate of candidates) {
    const names = new Map<string, string[]>();
    for (const entry of candidate.entries) names.set(entry.name, namedImporters(context, candidate.file, entry.name).filter((i) => !ignore(candidate.file, entry.name, i)));
    raw.set(candidate.file, names);
  }
  // Whole files nothing outside the set imports are deleted together; iterate to a fixpoint.
  const deleted = new Set(candidates.filter((c) => c.mode === 'file').map((c) => c.file));
  for (let changed = true; changed; ) {
    changed = false;
    for (const file of [...deleted]) {
      const blocked = [...raw.get(file)!.values()].some((importers) => importers.some((i) => !deleted.has(i)));
      if (blocked) {
        deleted.delete(file);
        changed = true;
      }
    }
  }
  const result = new Map<string, Map<string, string[]>>();
  for (const [file, names] of raw) {
    result.set(file, new Map([...names].map(([name, importers]) => [name, importers.filter((i) => !deleted.has(i) || !deleted.has(file))])));
  }
  return result;
}

/** Files that bind `name` of `file`, directly or by re-exporting it. */
function namedImporters(context: PlanContext, file: string, name: string): string[] {
  const importers = new Set<string>();
  for (const entry of context.importsOf.get(file) ?? []) {
    if (entry.from === file || importers.has(entry.from)) continue;
    if (!bindsAny(entry, name)) continue;
    // The graph may not know which members a namespace import uses: the importer's code decides.
    const source = context.source(entry.from);
    if (!source || entry.bindings.length === 0 || requiresDefault(entry, name) || bindingsFor(source, entry.specifier, name).length > 0) importers.add(entry.from);
  }
  for (const [barrel, origins] of Object.entries(context.input.graph.exportOrigins)) {
    if (barrel === file || importers.has(barrel)) continue;
    if (Object.values(origins).some((o) => o.file === file && o.name === name) && reExportsFrom(context, barrel, file)) importers.add(barrel);
  }
  return [...importers].sort();
}

function bindsAny(entry: { kind: string; bindings: Array<{ imported: string }>; namespaceMembers?: string[] }, name: string): boolean {
  if (entry.kind === 'side-effect') return false;
  if (entry.bindings.length === 0) return true;
  return entry.bindings.some((b) => (b.imported === '*' ? entry.namespaceMembers === undefined || entry.namespaceMembers.includes(name) || requiresDefault(entry, name) : b.imported === name));
}

/**
 * `const retry = require('./retry')` of a module whose value is its default export (`module.exports =
 * function retry`) binds that default even though it reads no member.
 */
function requiresDefault(entry: { kind: string; bindings: Array<{ imported: string }> }, name: string): boolean {
  return name === 'default' && entry.kind === 'require' && entry.bindings.some((b) => b.imported === '*');
}

function reExportsFrom(context: PlanContext, barrel: string, file: string): boolean {
  const source = context.source(barrel);
  if (!source) return false;
  return source.statements.some((statement) => {
    const specifier = ts.isExportDeclaration(statement) ? moduleSpecifierOf(statement) : undefined;
    return specifier !== undefined && resolveSpecifier(context, barrel, specifier) === file;
  });
}
