/**
 * Config-flow groups of a type whose converter names values of the canonical module in the fields it
 * adds (`backoffStrategy: BackoffStrategy.EXPONENTIAL`): every file whose literals the group writes
 * imports those values from the canonical module. A file where such a name is already taken by
 * something else cannot, and stays out of the group at its own line.
 */
import type { ImportTarget } from '../codemod-options.js';
import { localDeclarations } from '../codemod-utils/declarations.js';
import { importedLocals } from '../codemod-utils/imports.js';
import type { Failure } from './config-flow-checks.js';
import type { PlanContext } from './context.js';
import { resolveSpecifier } from './resolve.js';
import { specifierFromFile } from './specifiers.js';
import type { SymbolPlan } from './symbols.js';

/** Names of the canonical module the converter's added fields use. */
export function flowValues(plan: SymbolPlan): string[] {
  return plan.configType?.values ?? [];
}

/** Why `file` cannot name the group's values as the canonical module's, or undefined when it can. */
export function valueClash(context: PlanContext, file: string, plan: SymbolPlan): Failure | undefined {
  const values = flowValues(plan);
  if (values.length === 0) return undefined;
  const source = context.source(file, true);
  if (!source) return { file, line: 1, message: `${file} cannot be read` };
  const declared = localDeclarations(source);
  const imported = importedLocals(source);
  for (const name of values) {
    const bound = imported.get(name);
    const same = bound !== undefined && bound.imported === name && resolveSpecifier(context, file, bound.specifier) === plan.canonical.file;
    if (declared.has(name) || (bound !== undefined && !same)) {
      return { file, line: 1, message: `${name}, which the converted literals use, names something else in ${file}` };
    }
  }
  return undefined;
}

/** The imports a file writing the group's literals needs. */
export function valueImports(context: PlanContext, file: string, plan: SymbolPlan): ImportTarget[] {
  const values = flowValues(plan);
  if (values.length === 0 || !plan.canonical.file) return [];
  const specifier = specifierFromFile(context, file, plan.canonical);
  return values.map((name) => ({ specifier, name }));
}
