/**
 * Templates of the same run that construct a moving config data class: a recipe's replacement or a
 * shim's construct template written as `new Old({ retries: $retry.maxRetries })`. Left as they are,
 * they would write a new import of the class in the very run that moves its last importers off it, so
 * the class could never be deleted. They are written as the literal of the canonical type a creation
 * site converts to, and the import of the class they asked for becomes imports of the canonical
 * module's values the literal names. A template whose construction cannot be converted (an init that
 * is not an object literal, the class used as a type or a value) keeps the class: a failure at the
 * class's line, naming the template.
 */
import { parseSource } from '../../../parser/ts.js';
import type { CanonicalTarget, ImportTarget, RecipeTask } from '../codemod-options.js';
import { applyEdits } from '../codemod-utils/edits.js';
import type { Failure } from './config-flow-checks.js';
import type { PlanContext } from './context.js';
import { dataClassSites, type DataClassConversion } from './data-class-sites.js';
import { resolveSpecifier } from './resolve.js';
import { canonicalValuesNamed, type SymbolPlan } from './symbols.js';

export interface DataClassTemplatePlan {
  /** Writes the converted templates and their imports (call once the class moves). */
  apply(): void;
  failures: Failure[];
}

/** A template that asked for the class through its import list, and that list. */
interface ClassTemplate {
  file: string;
  where: string;
  text: string;
  set(text: string): void;
  imports: () => ImportTarget[] | undefined;
  setImports(imports: ImportTarget[]): void;
  /** Also written at the callers of the symbol, whose imports the template's list does not reach. */
  inlined?: boolean;
}

function constructs(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);
}

/** The template with each `new Old({...})` written as the canonical literal, or why it cannot be. */
function convertText(text: string, config: SymbolPlan, conversion: DataClassConversion): { text: string } | { problem: string } {
  const source = parseSource('template.ts', `(${text}\n);`);
  const sites = dataClassSites(source, config.exportName, conversion);
  if (sites.problems.length > 0) return { problem: sites.problems[0]!.message };
  if (sites.typeReferences.length > 0) return { problem: `it names ${config.exportName} as a type` };
  return { text: applyEdits(text, sites.edits.map((e) => ({ ...e, start: e.start - 1, end: e.end - 1 }))) };
}

/** Recipe replacements and shim templates of the run that construct the class they import. */
function classTemplates(context: PlanContext, plans: readonly SymbolPlan[], config: SymbolPlan, recipeTasks: ReadonlyMap<string, RecipeTask[]>): ClassTemplate[] {
  const found: ClassTemplate[] = [];
  const importsClass = (file: string, imports: readonly ImportTarget[] | undefined): boolean =>
    (imports ?? []).some((i) => i.name === config.exportName && resolveSpecifier(context, file, i.specifier) === config.file);
  for (const [file, tasks] of recipeTasks) {
    for (const task of tasks) {
      if (!constructs(task.replace, config.exportName) || !importsClass(file, task.imports)) continue;
      found.push({ file, where: `the recipe ${task.id}`, text: task.replace, set: (text) => (task.replace = text), imports: () => task.imports, setImports: (imports) => (task.imports = imports) });
    }
  }
  for (const plan of plans) {
    const shim = plan.shim;
    if (!shim || plan === config || !importsClass(plan.file, shim.imports)) continue;
    const where = `the adapter of ${plan.exportName}`;
    const imports = { imports: () => shim.imports, setImports: (list: ImportTarget[]) => (shim.imports = list) };
    if (typeof shim.construct === 'string' && constructs(shim.construct, config.exportName)) found.push({ file: plan.file, where, text: shim.construct, set: (text) => (shim.construct = text), ...imports });
    for (const table of new Set([shim.members, plan.usage.members].filter((m): m is Record<string, string | null> => m !== undefined))) {
      for (const [key, value] of Object.entries(table)) {
        if (typeof value === 'string' && constructs(value, config.exportName)) found.push({ file: plan.file, where, text: value, set: (text) => (table[key] = text), ...imports, ...(table === plan.usage.members ? { inlined: true } : {}) });
      }
    }
  }
  return found;
}

/** Plans the conversion of every template of the run that constructs the class. */
export function planDataClassTemplates(
  context: PlanContext,
  plans: readonly SymbolPlan[],
  config: SymbolPlan,
  conversion: DataClassConversion,
  recipeTasks: ReadonlyMap<string, RecipeTask[]>,
  targetFor: (plan: SymbolPlan, file: string) => CanonicalTarget,
): DataClassTemplatePlan {
  const failures: Failure[] = [];
  const writes: Array<() => void> = [];
  const line = config.oldApi?.line ?? config.finding.startLine;
  for (const template of classTemplates(context, plans, config, recipeTasks)) {
    const converted = convertText(template.text, config, conversion);
    if ('problem' in converted) {
      failures.push({ file: config.file, line, message: `${template.where} (${template.file}) constructs ${config.exportName}, and ${converted.problem}` });
      continue;
    }
    const text = converted.text;
    if (constructs(text, config.exportName)) {
      failures.push({ file: config.file, line, message: `${template.where} (${template.file}) names ${config.exportName} other than in new ${config.exportName}(...)` });
      continue;
    }
    if (template.inlined && canonicalValuesNamed(context, config, [text]).length > 0) {
      failures.push({ file: config.file, line, message: `${template.where} (${template.file}) constructs ${config.exportName} in a call template its callers get too, and the literal would name values of ${config.canonical.ref}'s module they do not import` });
      continue;
    }
    writes.push(() => {
      template.set(text);
      const target = targetFor(config, template.file);
      const kept = (template.imports() ?? []).filter((i) => !(i.name === config.exportName && resolveSpecifier(context, template.file, i.specifier) === config.file));
      for (const name of canonicalValuesNamed(context, config, [text])) {
        if (!kept.some((i) => i.name === name && i.specifier === target.specifier)) kept.push({ specifier: target.specifier, name });
      }
      template.setImports(kept);
    });
  }
  return { apply: () => writes.forEach((write) => write()), failures };
}
