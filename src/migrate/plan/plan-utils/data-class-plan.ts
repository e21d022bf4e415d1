/**
 * The planner's side of a config type written as a data class (`data-class.ts`): its fields for the
 * comparison with the canonical, and the blockers that keep it where it is, each at its line.
 */
import type { Blocker } from '../types.js';
import type { FieldInfo } from './api.js';
import type { PlanContext } from './context.js';
import type { FieldComparison } from './compat.js';
import { dataClassConversion } from './data-class-moves.js';
import type { DataClassConversion } from './data-class-sites.js';
import { dataClassFields, dataClassShape, exportedClass, type DataClassShape } from './data-class.js';
import type { SymbolPlan } from './symbols.js';

export interface DataClassPlan {
  shape: DataClassShape;
  fields: Map<string, FieldInfo>;
  /** Field → 1-based line of its declaration. */
  lines: Map<string, number>;
}

/** The data-class view of a superseded class config type, when it declares fields. */
export function dataClassOf(context: PlanContext, plan: SymbolPlan): DataClassPlan | undefined {
  const source = context.source(plan.file, true);
  const declaration = source ? exportedClass(source, plan.exportName) : undefined;
  const shape = declaration ? dataClassShape(declaration) : undefined;
  if (!declaration || !shape) return undefined;
  return { shape, fields: dataClassFields(shape, declaration), lines: new Map(shape.fields.map((f) => [f.name, f.line])) };
}

/**
 * Name suggestions for fields without a counterpart keep only canonical fields of the same kind of
 * type: a function-valued field is never suggested onto a number.
 */
export function dropMismatchedSuggestions(dataClass: DataClassPlan, canonicalFields: ReadonlyMap<string, FieldInfo>, suggestions: Record<string, string>): void {
  for (const [field, suggestion] of Object.entries(suggestions)) {
    const own = dataClass.fields.get(field)?.type ?? '';
    const target = canonicalFields.get(suggestion)?.type ?? '';
    if (own === '' || target === '') continue;
    const kind = (type: string): string => (type.includes('=>') || type === 'function' ? 'function' : type);
    if (kind(own) !== kind(target)) delete suggestions[field];
  }
}

type Block = (kind: Blocker['kind'], phase: string, message: string, line?: number, hint?: string, severity?: Blocker['severity']) => void;

/**
 * Blocks what a plain object of the canonical type could not stand in for: the class's behaviour, and
 * defaults that cannot be copied to its creation sites. Returns the conversion of its creation sites
 * when nothing blocks.
 */
export function blockDataClass(context: PlanContext, plan: SymbolPlan, dataClass: DataClassPlan, block: Block, phase: string, comparison: FieldComparison): DataClassConversion | undefined {
  for (const problem of dataClass.shape.problems) {
    block('signature-mismatch', phase, `${problem.message}, so ${plan.exportName} cannot become ${plan.canonical.ref}`, problem.line, 'keep the class, or move that behaviour out of it first');
  }
  const mapping = Object.fromEntries(Object.entries(plan.mapping.fields ?? {}).filter(([field]) => dataClass.fields.has(field)));
  const conversion = dataClassConversion(context, plan, dataClass, { ...comparison.mapping, ...mapping }, comparison.defaults);
  if (Array.isArray(conversion)) {
    for (const problem of conversion) block('signature-mismatch', phase, `${problem.message}, so ${plan.exportName} cannot become ${plan.canonical.ref}`, problem.line, 'give the field a literal default');
    return undefined;
  }
  return dataClass.shape.problems.length > 0 ? undefined : conversion;
}
