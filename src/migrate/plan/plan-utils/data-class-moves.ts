/**
 * Moving the importers of a config data class onto the canonical config type (`data-class-plan.ts`
 * decides the class itself is data and every field maps): each importer's `new Old({...})` becomes a
 * literal of the canonical type and its type positions name the canonical (the `data-class-construct`
 * codemod), so nothing imports the class after the imports phase and the delete phase removes it.
 * Every use a literal could not stand in for is a blocker at its file and line, and then no importer
 * moves: the class stays whole rather than half its users holding instances and half literals.
 */
import type { CanonicalTarget, RecipeTask } from '../codemod-options.js';
import { localDeclarations } from '../codemod-utils/declarations.js';
import { importedLocals } from '../codemod-utils/imports.js';
import { planDataClassAdapters, type DataClassAdapterMove } from './data-class-adapters.js';
import { planDataClassTemplates } from './data-class-templates.js';
import { resolveSpecifier } from './resolve.js';
import { canonicalValuesNamed } from './symbols.js';
import type { Blocker } from '../types.js';
import type { PlanContext } from './context.js';
import { dataClassSites, freeNames, type DataClassConstructTask, type DataClassConversion } from './data-class-sites.js';
import type { DataClassPlan } from './data-class-plan.js';
import type { ImporterPlan } from './importers.js';
import type { SymbolPlan } from './symbols.js';
import { ts } from '../../../parser/ts.js';
import { exportedClass } from './data-class.js';

/**
 * How creation sites of the class become literals, or the defaults that cannot be copied to another
 * module (they name something of the class's own module), each at its line.
 */
export function dataClassConversion(context: PlanContext, plan: SymbolPlan, dataClass: DataClassPlan, mapping: Record<string, string | null>, canonicalDefaults: Record<string, string>): DataClassConversion | Array<{ line: number; message: string }> {
  const source = context.source(plan.file, true);
  const declaration = source ? exportedClass(source, plan.exportName) : undefined;
  const problems: Array<{ line: number; message: string }> = [];
  const defaults: Record<string, string> = {};
  for (const field of dataClass.shape.fields) {
    if (field.initializer === undefined) continue;
    const member = declaration?.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.name.getText(source ?? undefined) === field.name);
    const free = member?.initializer ? freeNames(member.initializer) : [];
    if (free.length > 0) problems.push({ line: field.line, message: `the default of ${plan.exportName}.${field.name} names ${free.join(', ')} of its own module, which a creation site elsewhere cannot see` });
    defaults[field.name] = typedDefault(member, field.initializer);
  }
  if (problems.length > 0) return problems;
  const optional = [...(plan.canonicalApi?.fields ?? new Map())].filter(([, info]) => info.optional).map(([name]) => name);
  return { fields: dataClass.shape.fields.map((f) => f.name), defaults, mapping, canonicalDefaults, ...(optional.length > 0 ? { optionalInCanonical: optional } : {}) };
}

/**
 * A function default keeps the field's declared type where it is copied (`(() => true) as (error:
 * unknown) => boolean`): out of the class, `() => true` alone is a function of no parameters, which a
 * read of the field could not call with the arguments the class promised. Only a type naming nothing
 * but built-in types is written; the assertion only widens, so it checks like an annotation.
 */
function typedDefault(member: ts.PropertyDeclaration | undefined, initializer: string): string {
  const value = member?.initializer;
  const type = member?.type;
  if (!value || !type || !(ts.isArrowFunction(value) || ts.isFunctionExpression(value))) return initializer;
  let named = false;
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node) || ts.isTypeQueryNode(node) || ts.isImportTypeNode(node)) named = true;
    else ts.forEachChild(node, visit);
  };
  visit(type);
  return named ? initializer : `(${initializer}) as ${type.getText()}`;
}

/**
 * Turns the importer rows of data classes with a conversion into rewrites with `data-class-construct`
 * tasks, replacing the generic class-versus-type blockers of those importers; or, when any use cannot
 * move, leaves them blocked with a blocker at each such use.
 */
export function planDataClassMoves(
  context: PlanContext,
  plans: SymbolPlan[],
  importers: ImporterPlan,
  targetFor: (plan: SymbolPlan, file: string) => CanonicalTarget,
  phase: string,
  recipeTasks: ReadonlyMap<string, RecipeTask[]> = new Map(),
): { tasks: Map<string, DataClassConstructTask[]>; blockers: Blocker[] } {
  const tasks = new Map<string, DataClassConstructTask[]>();
  const blockers: Blocker[] = [];
  for (const plan of plans) {
    const conversion = plan.dataClassMove;
    if (!conversion) continue;
    const base = { severity: 'error' as const, phase, cluster: plan.cluster, symbol: plan.ref };
    const problems: Blocker[] = [];
    const own = context.source(plan.file, true);
    const declaration = own ? exportedClass(own, plan.exportName) : undefined;
    // Adapters of the module that take the canonical with the class, and templates of the run that build it.
    const adapters = planDataClassAdapters(context, plans, plan, conversion);
    const templates = planDataClassTemplates(context, plans, plan, conversion, recipeTasks, targetFor);
    for (const failure of [...adapters.failures, ...templates.failures]) problems.push({ ...base, kind: 'signature-mismatch', file: failure.file, line: failure.line, message: `${failure.message}, so ${plan.exportName} cannot move`, hint: `move this use onto ${plan.canonical.ref}, or out of the module` });
    if (own && declaration) {
      const kept = (start: number, end: number): boolean => (start < declaration.getStart(own) || start > declaration.getEnd()) && !adapters.covers(start, end);
      const sites = dataClassSites(own, plan.exportName, conversion);
      const uses = [...sites.edits, ...sites.typeReferences.map((t) => ({ start: t.getStart(own), end: t.getEnd() }))].filter((use) => kept(use.start, use.end));
      const lines = new Set(uses.map((use) => own.getLineAndCharacterOfPosition(use.start).line + 1));
      for (const problem of sites.problems) if (problem.start === undefined || kept(problem.start, problem.end ?? problem.start)) lines.add(problem.line);
      for (const line of [...lines].sort((a, b) => a - b)) {
        problems.push({ ...base, kind: 'signature-mismatch', file: plan.file, line, message: `${plan.file} itself uses ${plan.exportName} here, and the class cannot be deleted while it does; its importers keep it too` , hint: `move this use onto ${plan.canonical.ref}, or out of the module` });
      }
    }
    const values = canonicalValuesNamed(context, plan, [...Object.values(conversion.canonicalDefaults ?? {}), ...Object.values(conversion.mapping ?? {}).filter((v): v is string => typeof v === 'string')]);
    const moving: Array<{ row: (typeof plan.member.importers)[number]; task: DataClassConstructTask }> = [];
    for (const row of plan.member.importers) {
      const source = context.source(row.file, true);
      const local = row.bindings.find((b) => b.imported === plan.exportName)?.local;
      if (!source || !local || row.kind !== 'static') {
        problems.push({ ...base, kind: 'signature-mismatch', file: row.file, line: row.line, message: `${row.file} imports ${plan.exportName} in a way its creation sites cannot be followed (${row.kind})` });
        continue;
      }
      for (const problem of dataClassSites(source, local, conversion).problems) problems.push({ ...base, kind: 'signature-mismatch', file: row.file, line: problem.line, message: problem.message });
      const target = targetFor(plan, row.file);
      const clash = values.find((name) => bindsOther(context, row.file, source, name, plan));
      if (clash) problems.push({ ...base, kind: 'signature-mismatch', file: row.file, line: row.line, message: `${row.file} has its own ${clash}, and the literals of ${plan.canonical.ref} name the canonical module's ${clash}` });
      moving.push({ row, task: { name: plan.exportName, from: row.specifier, canonical: { specifier: target.specifier, name: target.name, ...(values.length > 0 ? { values } : {}) }, conversion } });
    }
    // These replace the importers' generic class-versus-type blockers: they say where and why.
    const rowFiles = new Set(plan.member.importers.map((row) => row.file));
    importers.blockers = importers.blockers.filter((b) => !(b.symbol === plan.ref && rowFiles.has(b.file)));
    if (problems.length > 0) {
      blockers.push(...problems);
      const first = problems[0]!;
      for (const { row } of moving) {
        if (problems.some((p) => p.file === row.file)) continue;
        blockers.push({ ...base, kind: 'signature-mismatch', file: row.file, line: row.line, message: `${row.file} keeps importing ${plan.exportName}: the class stays while a use elsewhere cannot move (${first.file}:${first.line})` });
      }
      continue;
    }
    for (const { row, task } of moving) {
      row.status = 'rewrite';
      tasks.set(row.file, [...(tasks.get(row.file) ?? []), task]);
    }
    templates.apply();
    for (const move of adapters.moves) applyAdapterMove(context, plan, move, targetFor);
  }
  return { tasks, blockers };
}

/** Whether `file` binds `name` to something other than the canonical module's export of that name. */
function bindsOther(context: PlanContext, file: string, source: ts.SourceFile, name: string, plan: SymbolPlan): boolean {
  if (localDeclarations(source).has(name)) return true;
  const bound = importedLocals(source).get(name);
  return bound !== undefined && (bound.imported !== name || resolveSpecifier(context, file, bound.specifier) !== plan.canonical.file);
}

/** The adapter's shim: the parameter typed with the canonical, its default converted, the templates reading the canonical. */
function applyAdapterMove(context: PlanContext, plan: SymbolPlan, move: DataClassAdapterMove, targetFor: (plan: SymbolPlan, file: string) => CanonicalTarget): void {
  const shim = move.adapter.shim;
  if (!shim) return;
  for (const { template, text } of move.templates) template.set(text);
  const target = targetFor(plan, plan.file);
  shim.parameterTypes = { ...(shim.parameterTypes ?? {}), [String(move.index)]: target.name };
  if (move.defaultText !== undefined) shim.parameterDefaults = { ...(shim.parameterDefaults ?? {}), [String(move.index)]: move.defaultText };
  const imports = [...(shim.imports ?? [])];
  if (!imports.some((i) => i.specifier === target.specifier && i.name === target.name)) imports.push({ specifier: target.specifier, name: target.name, typeOnly: true });
  for (const name of canonicalValuesNamed(context, plan, [move.defaultText ?? '', ...move.templates.map((t) => t.text)])) {
    if (!imports.some((i) => i.specifier === target.specifier && i.name === name)) imports.push({ specifier: target.specifier, name });
  }
  shim.imports = imports;
}
