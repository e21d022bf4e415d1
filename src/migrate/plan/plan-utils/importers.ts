/**
 * The importers of superseded symbols (directly, through barrels and re-export modules, by `require`
 * or `import()`): for each, the moves `rewrite-imports` performs, or the blockers (with file:line) that
 * keep it on the shim — a member, option or field the canonical lacks, or a call the canonical's
 * signature does not take. Each importer is parsed once.
 */
import { ts } from '../../../parser/ts.js';
import type { ResolvedImport } from '../../../scan/graph-types.js';
import type { RewriteImportsOptions, SymbolMove } from '../codemod-options.js';
import { completeExportedNames, exportedNames } from '../codemod-utils/declarations.js';
import { isRequireCall, moduleSpecifierOf } from '../codemod-utils/imports.js';
import { findUsages, localReference, namespaceReference, type SymbolReference, type UsageSite } from '../codemod-utils/usages.js';
import type { Blocker, ImporterRewrite } from '../types.js';
import type { TypeAliases } from './compat.js';
import type { PlanContext } from './context.js';
import { findEscapes } from './escapes.js';
import { resolveSpecifier } from './resolve.js';
import { adapterReplacedDeclarations, inReplacedPart } from './adapter-replaced.js';
import { canonicalSpecifier } from './specifiers.js';
import type { SymbolPlan } from './symbols.js';
import { moduleNamesOf, usageProblems, valueUseProblems } from './importer-problems.js';

export interface ImporterExclusions {
  /** Per file, source ranges a recipe rewrites (uses inside them are the recipe's business). */
  recipeRanges: Map<string, Array<[number, number]>>;
  /** Per file, holder properties a collapse removes (`this.<name>.x` uses go with it). */
  collapsedHolders: Map<string, Set<string>>;
  /**
   * Superseded modules that are nothing but superseded symbols: their imports stay as they are (they
   * become shims or adapters that keep the old signatures, and go in the delete phase).
   */
  wholly: ReadonlySet<string>;
  /** Superseded type names that mean their canonical once migrated (for comparing signatures). */
  aliases: TypeAliases;
  /**
   * `<importer>|<symbol ref>` → start offsets of escapes a group move takes care of (the signatures the
   * values flow through move with them; see config-flow.ts).
   */
  released?: ReadonlyMap<string, ReadonlySet<number>>;
}

export interface ImporterPlan {
  tasks: Map<string, RewriteImportsOptions>;
  blockers: Blocker[];
}

export interface Binding {
  isRef: SymbolReference;
  local: string;
  namespace?: string;
  line: number;
  kind: ImporterRewrite['kind'];
}

function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** How the file binds export `name` of the module it reaches through `specifier`. */
export function bindingsFor(sourceFile: ts.SourceFile, specifier: string, name: string): Binding[] {
  const bindings: Binding[] = [];
  const namespaces: Array<{ ns: string; line: number; kind: Binding['kind'] }> = [];
  for (const statement of sourceFile.statements) {
    if (moduleSpecifierOf(statement) !== specifier) continue;
    const line = lineOf(sourceFile, statement);
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name && name === 'default') bindings.push({ isRef: localReference(clause.name.text), local: clause.name.text, line, kind: 'static' });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) namespaces.push({ ns: named.name.text, line, kind: 'namespace' });
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) {
          if ((element.propertyName ?? element.name).text === name) bindings.push({ isRef: localReference(element.name.text), local: element.name.text, line, kind: 'static' });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement)) {
      namespaces.push({ ns: statement.name.text, line, kind: 'namespace' });
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      // `export *` does not forward a name the file exports itself (a rewritten barrel names it explicitly).
      const starForwards = !clause && !exportedNames(sourceFile).includes(name);
      if (starForwards || (clause && ts.isNamedExports(clause) && clause.elements.some((e) => (e.propertyName ?? e.name).text === name))) {
        bindings.push({ isRef: () => false, local: name, line, kind: 're-export' });
      }
    }
  }
  const visit = (node: ts.Node): void => {
    const isDynamic = ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword;
    if ((isRequireCall(node) || isDynamic) && ts.isStringLiteralLike((node as ts.CallExpression).arguments[0]!) && ((node as ts.CallExpression).arguments[0] as ts.StringLiteralLike).text === specifier) {
      const kind: Binding['kind'] = isDynamic ? 'dynamic' : 'require';
      let outer: ts.Node = node;
      while (outer.parent && (ts.isAwaitExpression(outer.parent) || ts.isParenthesizedExpression(outer.parent))) outer = outer.parent;
      const parent = outer.parent;
      if (parent && ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
        for (const element of parent.name.elements) {
          const key = element.propertyName ?? element.name;
          if (ts.isIdentifier(key) && key.text === name && ts.isIdentifier(element.name)) bindings.push({ isRef: localReference(element.name.text), local: element.name.text, line: lineOf(sourceFile, node), kind });
        }
      } else if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
        namespaces.push({ ns: parent.name.text, line: lineOf(sourceFile, node), kind });
      } else if (parent && ts.isPropertyAccessExpression(parent) && parent.name.text === name) {
        bindings.push({ isRef: () => false, local: name, line: lineOf(sourceFile, node), kind });
      }
    }
    ts.forEachChild(node, visit);
  };
  if (sourceFile.text.includes('require') || sourceFile.text.includes('import(')) visit(sourceFile);
  for (const { ns, line, kind } of namespaces) {
    const isRef = namespaceReference(ns, name);
    let used = false;
    const find = (node: ts.Node): void => {
      if (used) return;
      if (isRef(node)) used = true;
      else ts.forEachChild(node, find);
    };
    find(sourceFile);
    if (used) bindings.push({ isRef, local: name, namespace: ns, line, kind: kind === 'namespace' ? 'namespace' : kind });
  }
  return bindings;
}

export function planImporters(context: PlanContext, plans: SymbolPlan[], exclusions: ImporterExclusions, phase: string): ImporterPlan {
  const byFile = new Map<string, Map<string, SymbolPlan>>();
  for (const plan of plans) {
    const names = byFile.get(plan.file) ?? new Map<string, SymbolPlan>();
    names.set(plan.exportName, plan);
    byFile.set(plan.file, names);
  }
  const barrels = new Map<string, Map<string, SymbolPlan>>();
  for (const [barrel, origins] of Object.entries(context.input.graph.exportOrigins)) {
    for (const [name, origin] of Object.entries(origins)) {
      const plan = byFile.get(origin.file)?.get(origin.name);
      if (!plan || barrel === origin.file) continue;
      const names = barrels.get(barrel) ?? new Map<string, SymbolPlan>();
      names.set(name, plan);
      barrels.set(barrel, names);
    }
  }
  const entriesByImporter = new Map<string, ResolvedImport[]>();
  const add = (entry: ResolvedImport): void => {
    const list = entriesByImporter.get(entry.from) ?? [];
    if (!list.some((e) => e.specifier === entry.specifier)) list.push(entry);
    entriesByImporter.set(entry.from, list);
  };
  for (const target of [...byFile.keys(), ...barrels.keys()]) for (const entry of context.importsOf.get(target) ?? []) add(entry);
  // Barrels whose `export ... from` the graph does not list as an import.
  for (const [barrel] of barrels) {
    const source = context.source(barrel);
    if (!source) continue;
    for (const statement of source.statements) {
      const specifier = ts.isExportDeclaration(statement) ? moduleSpecifierOf(statement) : undefined;
      if (specifier === undefined) continue;
      const resolved = resolveSpecifier(context, barrel, specifier);
      if (resolved && byFile.has(resolved)) add({ from: barrel, specifier, resolved, line: lineOf(source, statement), kind: 'static', typeOnly: false, bindings: [] });
    }
  }
  const tasks = new Map<string, RewriteImportsOptions>();
  const blockers: Blocker[] = [];
  const deferred: Array<{ importer: string; specifier: string; name: string; plan: SymbolPlan; line: number }> = [];
  for (const importer of [...entriesByImporter.keys()].sort()) {
    if (exclusions.wholly.has(importer)) continue;
    const source = context.source(importer);
    if (!source) {
      blockers.push({ kind: 'unreadable', severity: 'error', phase, file: importer, line: 1, message: `${importer} cannot be read; its imports stay` });
      continue;
    }
    const ranges = exclusions.recipeRanges.get(importer) ?? [];
    const holders = exclusions.collapsedHolders.get(importer);
    const inRecipe = (node: ts.Node): boolean => ranges.some(([a, b]) => a <= node.getStart(source) && node.getEnd() <= b);
    // The importer's own superseded declarations that become adapters in this run: what they lose is no use.
    const replaced = adapterReplacedDeclarations(source, importer, plans);
    const inCollapsed = (site: UsageSite): boolean =>
      holders !== undefined && site.receiver !== undefined && ts.isPropertyAccessExpression(site.receiver) && site.receiver.expression.kind === ts.SyntaxKind.ThisKeyword && holders.has(site.receiver.name.text);
    const moves: SymbolMove[] = [];
    const moduleExports: Record<string, string[]> = {};
    for (const entry of entriesByImporter.get(importer)!) {
      const resolved = entry.resolved!;
      const names = byFile.get(resolved) ?? barrels.get(resolved);
      if (!names) continue;
      for (const [name, plan] of names) {
        if (plan.file === importer) continue;
        const bindings = bindingsFor(source, entry.specifier, name);
        if (bindings.length === 0) continue;
        const target = canonicalSpecifier(context, importer, plan.canonical, { specifier: entry.specifier, resolved, superseded: plan.file });
        if (target.blocked) {
          blockers.push({ kind: 'unsupported-import', severity: 'error', phase, cluster: plan.cluster, symbol: plan.ref, file: importer, line: bindings[0]!.line, message: `${target.blocked}; ${importer} keeps importing ${plan.exportName} from ${entry.specifier}`, hint: `export ${plan.canonical.symbol} from that package (its \`exports\` or its entry), then run the imports phase again` });
          plan.member.importers.push({ file: importer, line: bindings[0]!.line, kind: bindings[0]!.kind, specifier: entry.specifier, newSpecifier: '', bindings: bindings.map((b) => ({ imported: name, local: b.local, newImported: target.name })), usageEdits: 0, status: 'blocked' });
          continue;
        }
        if (plan.canonical.file === importer) {
          blockers.push({ kind: 'unsupported-import', severity: 'error', phase, cluster: plan.cluster, symbol: plan.ref, file: importer, line: bindings[0]!.line, message: `the canonical module itself imports ${plan.ref}; remove that import by hand` });
          continue;
        }
        const problems: Array<{ line: number; kind: Blocker['kind']; message: string; hint?: string }> = [];
        let usageEdits = 0;
        for (const binding of bindings) {
          if (binding.kind === 're-export') continue;
          // A function whose canonical is a class is a factory: what it returns is an instance.
          const factory = plan.symbolKind === 'function' && plan.canonicalApi?.kind === 'class';
          const gone = (node: ts.Node): boolean => inRecipe(node) || inReplacedPart(replaced, source, node, binding.local);
          const sites = findUsages(source, binding.isRef, factory ? 'class' : plan.symbolKind, factory).filter((site) => !gone(site.nameNode) && !inCollapsed(site));
          problems.push(...usageProblems(plan, sites, exclusions.aliases));
          if ((plan.symbolKind === 'class' || plan.symbolKind === 'type') && plan.member.shim?.kind !== 're-export' && plan.member.shim?.kind !== 'alias') {
            const released = exclusions.released?.get(`${importer}|${plan.ref}`);
            const skip = (node: ts.Node): boolean => gone(node) || (released?.has(node.getStart(source)) ?? false);
            for (const escape of findEscapes(source, binding.isRef, skip)) {
              problems.push({ line: escape.line, kind: 'value-escapes', message: `${escape.how}, and ${plan.canonical.ref} is not the same type as ${plan.exportName}`, hint: 'move the code it flows to first, or rewrite it with a recipe' });
            }
          }
          problems.push(...valueUseProblems(source, plan, binding.isRef, gone, exclusions.aliases, moduleNamesOf(context, plan)).map((p) => ({ ...p, kind: 'signature-mismatch' as const, hint: `add a recipe that rewrites these uses` })));
          usageEdits += sites.filter((s) => {
            const table = s.kind === 'option' ? plan.usage.options : s.kind === 'field' ? plan.usage.fields : plan.usage.members;
            return table !== undefined && Object.prototype.hasOwnProperty.call(table, s.name) && table[s.name] !== s.name;
          }).length;
        }
        const status: ImporterRewrite['status'] = problems.length > 0 ? 'blocked' : 'rewrite';
        for (const problem of problems) {
          blockers.push({ kind: problem.kind, severity: 'error', phase, cluster: plan.cluster, symbol: plan.ref, file: importer, line: problem.line, message: `${problem.message}; ${importer} keeps importing ${plan.exportName} from ${entry.specifier}`, ...(problem.hint ? { hint: problem.hint } : {}) });
        }
        const forwarding = bindings.every((b) => b.kind === 're-export');
        if (forwarding && !identity(plan)) {
          // A barrel forwarding a symbol whose canonical is another type: decided once its importers are.
          deferred.push({ importer, specifier: entry.specifier, name, plan, line: bindings[0]!.line });
          continue;
        }
        const byStatement = new Map<string, Binding[]>();
        for (const binding of bindings) byStatement.set(`${binding.line}:${binding.kind}`, [...(byStatement.get(`${binding.line}:${binding.kind}`) ?? []), binding]);
        for (const group of byStatement.values()) {
          plan.member.importers.push({
            file: importer,
            line: group[0]!.line,
            kind: group[0]!.kind,
            specifier: entry.specifier,
            newSpecifier: target.specifier,
            bindings: group.map((b) => ({ imported: name, local: b.local, newImported: target.name, ...(b.namespace ? { namespace: b.namespace } : {}) })),
            ...(resolved !== plan.file ? { via: resolved } : {}),
            usageEdits,
            status,
          });
        }
        if (status === 'blocked') continue;
        moves.push({
          from: entry.specifier,
          name,
          to: { specifier: target.specifier, name: target.name, ...(plan.canonicalApi?.typeOnly ? { typeOnly: true } : {}) },
          symbolKind: plan.symbolKind,
          ...plan.usage,
        });
        if (bindings.some((b) => b.kind === 're-export') && !moduleExports[entry.specifier]) {
          const module = context.source(resolved, true);
          // Only a complete list lets the codemod replace `export *` by named re-exports.
          const names = module ? completeExportedNames(module) : null;
          if (names) moduleExports[entry.specifier] = names;
        }
      }
    }
    if (moves.length > 0) tasks.set(importer, { moves, ...(Object.keys(moduleExports).length > 0 ? { moduleExports } : {}) });
  }
  // A barrel re-export of a symbol whose canonical is another type cannot point at the canonical; once
  // every file that used the barrel for it moves, it can go (unless the barrel is a package's entry).
  for (const item of deferred) {
    const through = (context.importsOf.get(item.importer) ?? []).filter((e) => e.from !== item.importer && e.bindings.some((b) => b.imported === item.name || b.imported === '*'));
    const stuck = through.filter((e) => !item.plan.member.importers.some((r) => r.file === e.from && r.status === 'rewrite'));
    const entry = isPackageEntry(context, item.importer);
    if (stuck.length > 0 || entry) continue;
    item.plan.member.importers.push({
      file: item.importer,
      line: item.line,
      kind: 're-export',
      specifier: item.specifier,
      newSpecifier: '',
      bindings: [{ imported: item.name, local: item.name, newImported: '' }],
      usageEdits: 0,
      status: 'rewrite',
    });
    const task = tasks.get(item.importer) ?? { moves: [] };
    task.moves.push({ from: item.specifier, name: item.name, to: { specifier: item.specifier, name: item.name }, remove: true });
    tasks.set(item.importer, task);
  }
  return { tasks, blockers };
}

/** Whether the symbol keeps its type once migrated (its shim re-exports the canonical, or aliases it). */
function identity(plan: SymbolPlan): boolean {
  return plan.member.shim?.kind === 're-export' || plan.member.shim?.kind === 'alias';
}

/** Whether a file is what a package.json (in its folder or above) names as an entry point. */
export function isPackageEntry(context: PlanContext, file: string): boolean {
  const base = file.replace(/\.(?:[cm]?[jt]sx?)$/, '');
  const parts = file.split('/');
  for (let depth = parts.length - 1; depth >= 0; depth--) {
    const dir = parts.slice(0, depth).join('/');
    const text = context.text(dir ? `${dir}/package.json` : 'package.json');
    if (text === null) continue;
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch {
      return false;
    }
    const entries: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') entries.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    const m = manifest as Record<string, unknown>;
    collect([m.main, m.module, m.types, m.typings, m.exports]);
    return entries.some((entry) => {
      const path = (dir ? `${dir}/` : '') + entry.replace(/^\.\//, '');
      const stem = path.replace(/\.(?:d\.ts|[cm]?[jt]sx?)$/, '');
      return stem === base || stem.replace(/^(.*\/)?(dist|lib|build|out)\//, '$1src/') === base;
    });
  }
  return false;
}
