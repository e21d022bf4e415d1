/**
 * Moving the importers of a config data class onto the canonical config type (`data-class-plan.ts`
 * decides the class itself is data and every field maps): each importer's `new Old({...})` becomes a
 * literal of the canonical type and its type positions name the canonical (the `data-class-construct`
 * codemod), so nothing imports the class after the imports phase and the delete phase removes it.
 * Every use a literal could not stand in for is a blocker at its file and line, and then no importer
 * moves: the class stays whole rather than half its users holding instances and half literals.
 */
import type { CanonicalTarget } from '../codemod-options.js';
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
    defaults[field.name] = field.initializer;
  }
  if (problems.length > 0) return problems;
  return { fields: dataClass.shape.fields.map((f) => f.name), defaults, mapping, canonicalDefaults };
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
    if (own && declaration) {
      const outside = (node: ts.Node): boolean => node.getStart(own) < declaration.getStart(own) || node.getEnd() > declaration.getEnd();
      const sites = dataClassSites(own, plan.exportName, conversion);
      const lines = new Set([...sites.edits.map((e) => e.start), ...sites.typeReferences.filter(outside).map((t) => t.getStart(own))].filter((start) => start < declaration.getStart(own) || start > declaration.getEnd()).map((start) => own.getLineAndCharacterOfPosition(start).line + 1));
      for (const problem of sites.problems) lines.add(problem.line);
      for (const line of [...lines].sort((a, b) => a - b)) {
        problems.push({ ...base, kind: 'signature-mismatch', file: plan.file, line, message: `${plan.file} itself uses ${plan.exportName} here, and the class cannot be deleted while it does; its importers keep it too` , hint: `move this use onto ${plan.canonical.ref}, or out of the module` });
      }
    }
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
      moving.push({ row, task: { name: plan.exportName, from: row.specifier, canonical: { specifier: target.specifier, name: target.name }, conversion } });
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
  }
  return { tasks, blockers };
}
