/**
 * The planner's side of a config type written as a data class (`data-class.ts`): its fields for the
 * comparison with the canonical, and the blockers that keep it where it is, each at its line.
 */
import type { Blocker } from '../types.js';
import type { FieldInfo } from './api.js';
import type { PlanContext } from './context.js';
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
 * Blocks what a plain object of the canonical type could not stand in for. Creation sites
 * (`new Settings({...})`) are not rewritten into literals of the canonical type yet, so a class whose
 * fields all map is still kept, with that said at its line. Returns whether anything was blocked.
 */
export function blockDataClass(plan: SymbolPlan, dataClass: DataClassPlan, block: Block, phase: string): boolean {
  const line = plan.oldApi?.line ?? plan.finding.startLine;
  for (const problem of dataClass.shape.problems) {
    block('signature-mismatch', phase, `${problem.message}, so ${plan.exportName} cannot become ${plan.canonical.ref}`, problem.line, 'keep the class, or move that behaviour out of it first');
  }
  block(
    'signature-mismatch',
    phase,
    `${plan.exportName} is a class and ${plan.canonical.ref} is a type: its creation sites (new ${plan.exportName}(...)) are not rewritten into literals of the canonical type yet`,
    line,
    `add a recipe that rewrites new ${plan.exportName}(...) into a literal of the canonical type`,
  );
  return true;
}
