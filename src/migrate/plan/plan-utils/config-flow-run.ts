/**
 * Importers and config-type group moves planned together: a group is planned, the importers are
 * planned with its escapes released, and a member that ends up blocked anyway (for its own type or
 * for a move its group relies on) leaves the group, which is planned again without it. The templates
 * the groups rewrote are restored before each round, so a group that falls apart leaves no trace.
 */
import type { ImportTarget, RewriteImportsOptions } from '../codemod-options.js';
import { fieldDefaultsOf, planConfigFlows, type ConfigFlowPlan, type FlowTemplate } from './config-flow.js';
import type { PlanContext } from './context.js';
import { planImporters, type ImporterExclusions, type ImporterPlan } from './importers.js';
import type { SymbolPlan } from './symbols.js';

/** Rounds before giving up on groups that keep losing members (each round removes at least one). */
const MAX_ROUNDS = 8;

export function planImportersWithFlows(
  context: PlanContext,
  plans: SymbolPlan[],
  templates: FlowTemplate[],
  exclusions: ImporterExclusions,
  phase: string,
): { importers: ImporterPlan; flows: ConfigFlowPlan } {
  const importerCounts = plans.map((plan) => plan.member.importers.length);
  const originals = templates.map((template) => template.text);
  const excluded = new Set<string>();
  for (let round = 1; ; round++) {
    plans.forEach((plan, i) => (plan.member.importers.length = importerCounts[i]!));
    templates.forEach((template, i) => {
      if (template.text !== originals[i]) template.set(originals[i]!);
      template.text = originals[i]!;
    });
    const last = round >= MAX_ROUNDS;
    const flows = last ? emptyFlows() : planConfigFlows(context, plans, templates, exclusions.recipeRanges, phase, excluded);
    for (const plan of plans) {
      const defaults = flows.groups.has(plan.ref) ? fieldDefaultsOf(plan) : undefined;
      if (defaults) plan.usage.fieldDefaults = defaults;
      else delete plan.usage.fieldDefaults;
      const spreads = flows.movedProperties.get(plan.ref);
      if (spreads) plan.usage.canonicalSpreads = spreads;
      else delete plan.usage.canonicalSpreads;
    }
    const importers = planImporters(context, plans, { ...exclusions, released: flows.released }, phase);
    const blocked = new Set(plans.flatMap((plan) => plan.member.importers.filter((row) => row.status === 'blocked').map((row) => `${row.file}|${plan.ref}`)));
    let changed = false;
    for (const [ref, members] of flows.groups) {
      for (const [file, needs] of members) {
        if ([...needs].some((need) => blocked.has(`${file}|${need}`))) {
          excluded.add(`${file}|${ref}`);
          changed = true;
        }
      }
    }
    if (!changed) return { importers, flows };
  }
}

function emptyFlows(): ConfigFlowPlan {
  return { released: new Map(), literals: new Map(), reads: new Map(), properties: new Map(), movedProperties: new Map(), groups: new Map(), adapters: [], values: new Map(), own: [], blockers: [] };
}

/** The literal conversions and field reads of the groups, on the files' rewrite-imports tasks. */
export function addFlowTasks(tasks: Map<string, RewriteImportsOptions>, flows: ConfigFlowPlan): void {
  for (const [file, literals] of flows.literals) {
    const task = tasks.get(file) ?? { moves: [] };
    task.configLiterals = [...(task.configLiterals ?? []), ...literals];
    tasks.set(file, task);
  }
  for (const [file, properties] of flows.properties) {
    const task = tasks.get(file) ?? { moves: [] };
    task.configProperties = [...(task.configProperties ?? []), ...properties];
    tasks.set(file, task);
  }
  for (const [file, values] of flows.values) {
    const task = tasks.get(file);
    if (task) task.configValues = [...(task.configValues ?? []), ...values];
  }
  for (const [file, reads] of flows.reads) {
    const task = tasks.get(file);
    // Reads follow a move of the type; a file whose move did not happen keeps the old type.
    if (!task) continue;
    task.configReads = [...(task.configReads ?? []), ...reads];
  }
}

/** The own-module signatures of the groups, on the type's module's rewrite-imports task. */
export function addOwnModuleTasks(tasks: Map<string, RewriteImportsOptions>, flows: ConfigFlowPlan, targetFor: (plan: SymbolPlan, file: string) => ImportTarget): void {
  for (const flow of flows.own) {
    const file = flow.config.file;
    const target = targetFor(flow.config, file);
    const task = tasks.get(file) ?? { moves: [] };
    const fields = flow.config.usage.fields;
    const slots = flow.slots.map((slot) => ({ name: slot.name, construct: slot.construct, index: slot.index }));
    task.configOwnSlots = [...(task.configOwnSlots ?? []), { type: flow.local, canonical: { specifier: target.specifier, name: target.name, typeOnly: true }, ...(fields ? { fields } : {}), slots }];
    tasks.set(file, task);
  }
}
