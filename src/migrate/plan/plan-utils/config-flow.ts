/**
 * Moving a superseded config type as a group with the signatures it flows through. An importer whose
 * values of the old type leave the file (a parameter of an exported function or constructor, a holder
 * passed on) stays blocked on its own; but when every such parameter is fed only by object literals
 * (at call sites, or in the recipe and shim templates of the same run) and by values of the group
 * itself, the literals can be written as the converter would, and the signatures take the canonical
 * type in the same change. The apply step's type check verifies the group as a whole.
 */
import { ts } from '../../../parser/ts.js';
import type { ImportTarget, ConfigLiteralTask, ConfigPropertyTask, ConfigReadTask, RecipeTask } from '../codemod-options.js';
import { localReference } from '../codemod-utils/usages.js';
import type { Blocker } from '../types.js';
import { adapterSlots, checkAdapterSlot, convertAdapterTemplates, groupConsts, type AdapterFlow } from './adapter-config-flow.js';
import { argumentOf, convertTemplate, signatureSlot } from './config-flow-sites.js';
import { checkPropertySlots, propertySlot } from './config-flow-properties.js';
import { calleeTarget, checkParamUses, checkSlot, slotKey, templateDependencies, templateNames, type Failure, type FlowTemplate, type ImporterState, type Slot } from './config-flow-checks.js';
import type { PlanContext } from './context.js';
import { findEscapes } from './escapes.js';
import { bindingsFor } from './importers.js';
import { canonicalSpecifier } from './specifiers.js';
import type { SymbolPlan } from './symbols.js';
import { flowValues, valueClash, valueImports } from './config-flow-values.js';
import { checkParameterProperty, isParameterProperty, isSlotProperty, parameterPropertySlot, type GroupExtra } from './config-flow-param-properties.js';
import { checkOwnSlot, ownLocalName, ownModuleSlots, type OwnModuleFlow } from './own-module-config-flow.js';

export interface ConfigFlowPlan {
  /** `<importer>|<symbol ref>` → start offsets of the escapes the group move takes care of. */
  released: Map<string, Set<number>>;
  /** Per file: literals to write for the canonical. */
  literals: Map<string, ConfigLiteralTask[]>;
  /** Per importer: old-field reads that templates write, to follow the move. */
  reads: Map<string, ConfigReadTask[]>;
  /** Per file: literals set as a property whose type moved with the group. */
  properties: Map<string, ConfigPropertyTask[]>;
  /** Symbol ref → the properties of other types whose type moved with its group. */
  movedProperties: Map<string, string[]>;
  /**
   * Symbol ref → importers moved as one group, each with the refs whose moves it needs in the same run
   * (its own, and those whose call templates read the old fields): all must be rewritten, or none.
   */
  groups: Map<string, Map<string, Set<string>>>;
  /** Superseded functions of the type's module whose adapter takes the canonical type (`adapter-config-flow.ts`). */
  adapters: AdapterFlow[];
  /** Per file: values of the canonical module its converted literals name (`config-flow-values.ts`). */
  values: Map<string, ImportTarget[]>;
  /** Signatures of the config type's own module that take the canonical type (`own-module-config-flow.ts`). */
  own: OwnModuleFlow[];
  blockers: Blocker[];
}

export type { FlowTemplate } from './config-flow-checks.js';

/** Canonical fields the old type lacks → the value the converter sets (values it names are imported where written). */
export function fieldDefaultsOf(plan: SymbolPlan): Record<string, string> | undefined {
  const defaults = plan.fieldComparison?.defaults;
  if (!defaults || Object.keys(defaults).length === 0) return undefined;
  return { ...defaults };
}

/** Every template the run writes: recipe replacements, and the call and construct templates of moves and shims. */
export function runTemplates(plans: SymbolPlan[], recipeTasks: Map<string, RecipeTask[]>): FlowTemplate[] {
  const templates: FlowTemplate[] = [];
  for (const [file, tasks] of recipeTasks) {
    for (const task of tasks) templates.push({ text: task.replace, file, line: 1, set: (text) => (task.replace = text) });
  }
  for (const plan of plans) {
    const target = { file: plan.canonical.file, symbol: plan.canonical.symbol };
    const line = plan.oldApi?.line ?? plan.finding.startLine;
    const members = [plan.usage.members, plan.shim?.members].filter((m): m is Record<string, string | null> => m !== undefined);
    for (const table of new Set(members)) {
      for (const [key, value] of Object.entries(table)) if (typeof value === 'string') templates.push({ text: value, file: plan.file, line, target, set: (text) => (table[key] = text) });
    }
    const shim = plan.shim;
    if (shim?.construct) templates.push({ text: shim.construct, file: plan.file, line, target, set: (text) => (shim.construct = text) });
  }
  return templates;
}

/**
 * Plans the group moves of every converter-shimmed config type. `excluded` names `<importer>|<ref>`
 * pairs a previous round found blocked for another reason: they leave their group.
 */
export function planConfigFlows(
  context: PlanContext,
  plans: SymbolPlan[],
  templates: FlowTemplate[],
  recipeRanges: ReadonlyMap<string, Array<[number, number]>>,
  phase: string,
  excluded: ReadonlySet<string>,
): ConfigFlowPlan {
  const result: ConfigFlowPlan = { released: new Map(), literals: new Map(), reads: new Map(), properties: new Map(), movedProperties: new Map(), groups: new Map(), adapters: [], values: new Map(), own: [], blockers: [] };
  for (const plan of plans) {
    if (plan.symbolKind !== 'type' || plan.member.shim?.kind !== 'converter' || !plan.configType || !plan.canonicalApi) continue;
    planGroup(context, plans, plan, templates, recipeRanges, phase, excluded, result);
  }
  return result;
}

function importersOf(context: PlanContext, plan: SymbolPlan, excluded: ReadonlySet<string>): ImporterState[] | undefined {
  // A barrel forwarding the type hides its importers from this analysis.
  for (const origins of Object.values(context.input.graph.exportOrigins)) {
    if (Object.values(origins).some((o) => o.file === plan.file && o.name === plan.exportName)) return undefined;
  }
  const states: ImporterState[] = [];
  for (const entry of context.importsOf.get(plan.file) ?? []) {
    if (entry.from === plan.file || entry.from === plan.canonical.file || states.some((s) => s.file === entry.from)) continue;
    const source = context.source(entry.from, true);
    if (!source) return undefined;
    const bindings = bindingsFor(source, entry.specifier, plan.exportName);
    if (bindings.length === 0) continue;
    if (bindings.some((b) => b.kind !== 'static' || b.namespace)) return undefined;
    if (excluded.has(`${entry.from}|${plan.ref}`)) continue;
    const local = bindings[0]!.local;
    states.push({ file: entry.from, source, isRef: localReference(local), local, specifier: entry.specifier, starts: new Set(), slots: [], flows: [], properties: [] });
  }
  return states;
}

/** What an importer's escapes are: slots and flows the group can answer for, or false when one is neither. */
function classify(context: PlanContext, state: ImporterState, ranges: Array<[number, number]>): boolean {
  const { source } = state;
  const inRecipe = (node: ts.Node): boolean => ranges.some(([a, b]) => a <= node.getStart(source) && node.getEnd() <= b);
  for (const escape of findEscapes(source, state.isRef, inRecipe)) {
    state.starts.add(escape.node.getStart(source));
    const slot = signatureSlot(escape.node) ?? parameterPropertySlot(escape.node);
    if (slot) {
      state.slots.push({ ...slot, file: state.file });
      continue;
    }
    const property = propertySlot(escape.node, state.file);
    if (property) {
      state.properties.push(property);
      continue;
    }
    const argument = ts.isIdentifier(escape.node) && escape.how.endsWith('is passed on') ? argumentOf(escape.node) : undefined;
    if (!argument || !ts.isIdentifier(argument.call.expression)) return false;
    state.flows.push({
      file: state.file,
      line: escape.line,
      text: escape.node.getText(source),
      target: calleeTarget(context, state.file, source, argument.call.expression),
      construct: ts.isNewExpression(argument.call),
      index: argument.index,
    });
  }
  return true;
}

function planGroup(
  context: PlanContext,
  plans: SymbolPlan[],
  plan: SymbolPlan,
  templates: FlowTemplate[],
  recipeRanges: ReadonlyMap<string, Array<[number, number]>>,
  phase: string,
  excluded: ReadonlySet<string>,
  result: ConfigFlowPlan,
): void {
  const importers = importersOf(context, plan, excluded);
  if (!importers) return;
  // A superseded function or class keeps its old signature: its shim serves the callers written for it.
  // Adapters whose parameter may take the canonical type; one that cannot leaves the group (with its importer).
  let adapters = adapterSlots(context, plans, plan);
  const adapterKeys = new Set(adapters.map((a) => slotKey(a.file, a.name, a.construct, a.index)));
  const superseded = (slot: Slot): boolean => !adapterKeys.has(slotKey(slot.file, slot.name, slot.construct, slot.index)) && plans.some((p) => p.file === slot.file && p.exportName === slot.name);
  let members = importers.filter((state) => classify(context, state, recipeRanges.get(state.file) ?? []) && !state.slots.some(superseded));
  adapters = adapters.filter((a) => a.file === plan.file || members.some((state) => state.file === a.file));
  // The type's own module: signatures of code that stays there (a member that left the group for a blocked move is excluded).
  let ownSlots = excluded.has(`${plan.file}|${plan.ref}`) ? [] : ownModuleSlots(context, plans, plan);
  const ownKeys = new Set(ownSlots.map((slot) => slotKey(slot.file, slot.name, slot.construct, slot.index)));
  const adapterFailures: Failure[] = [];
  // Only a group that changes a signature is this module's business; the rest stays as planned.
  if (!members.some((state) => state.slots.length > 0 || state.properties.length > 0) && adapters.length === 0 && ownSlots.length === 0) return;
  const mapping = { ...(plan.usage.fields ? { fields: plan.usage.fields } : {}), ...(fieldDefaultsOf(plan) ? { fieldDefaults: fieldDefaultsOf(plan)! } : {}) };
  const failures: Failure[] = [];
  let literalSitesByFile = new Map<string, Map<string, { specifier: string; slot: Slot }>>();
  let slots = new Map<string, Slot>();
  for (;;) {
    slots = new Map<string, Slot>();
    for (const state of members) for (const slot of state.slots) slots.set(slotKey(slot.file, slot.name, slot.construct, slot.index), slot);
    for (const slot of adapters) slots.set(slotKey(slot.file, slot.name, slot.construct, slot.index), slot);
    for (const slot of ownSlots) slots.set(slotKey(slot.file, slot.name, slot.construct, slot.index), slot);
    const groupParams = new Set<ts.ParameterDeclaration>([...slots.values()].map((s) => s.param));
    const holderFiles = new Map(members.map((s) => [s.file, s]));
    const failed = new Set<string>();
    literalSitesByFile = new Map();
    const fail = (owner: string, failure: Failure): void => {
      failed.add(owner);
      failures.push(failure);
    };
    const consts = groupConsts(context, adapters);
    const extra: GroupExtra = (file, source, value) => (ts.isIdentifier(value) && consts(file, source, value)) || isSlotProperty(value, slots.values());
    for (const slot of slots.values()) {
      const adapter = adapters.find((a) => a === slot);
      if (ownKeys.has(slotKey(slot.file, slot.name, slot.construct, slot.index))) {
        const problem = checkSlot(context, plan, slot, groupParams, holderFiles, templates, recipeRanges, literalSitesByFile, extra) ?? checkOwnSlot(context, plans, plan, slot, slots);
        if (!problem) continue;
        // One signature that cannot follow keeps the type in its module: none of them moves.
        ownSlots = [];
        ownKeys.clear();
        result.blockers.push(flowBlocker(plan, phase, problem));
        failed.add(`own:${plan.file}`);
        break;
      }
      const own = adapter ? checkAdapterSlot(context, plan, adapter, templates, slots) : (isParameterProperty(slot) ? checkParameterProperty(context, plan, slot, slots, extra) : undefined) ?? checkParamUses(context, plans, slot, slots);
      const problem = checkSlot(context, plan, slot, groupParams, holderFiles, templates, recipeRanges, literalSitesByFile, extra) ?? own;
      if (problem && adapter) {
        adapters = adapters.filter((a) => a !== adapter);
        // An adapter of an importer keeps the old type: so does the importer's import of it.
        if (slot.file !== plan.file) fail(slot.file, problem);
        else adapterFailures.push(problem);
        failed.add(`adapter:${slotKey(slot.file, slot.name, slot.construct, slot.index)}`);
      } else if (problem) fail(slot.file, problem);
    }
    for (const state of members) {
      const problem = checkPropertySlots(context, plan, state, holderFiles) ?? valueClash(context, state.file, plan);
      if (problem) fail(state.file, problem);
    }
    // Callers outside the group and templates cannot leave it: a value they could not import stops the whole move.
    const stop = flowValues(plan).length === 0 ? undefined : [...literalSitesByFile.keys()].map((file) => valueClash(context, file, plan)).find((f) => f !== undefined) ?? valueTemplate(templates, [...slots.values()]);
    if (stop) {
      for (const failure of [...failures, stop]) result.blockers.push({ kind: 'value-escapes', severity: 'error', phase, cluster: plan.cluster, symbol: plan.ref, file: failure.file, line: failure.line, message: `${failure.message}, so ${plan.exportName} cannot move together with the signatures it flows through`, hint: 'pass an object literal there, or move the code the value comes from first' });
      return;
    }
    for (const state of members) {
      for (const flow of state.flows) {
        const target = flow.target ? slots.get(slotKey(flow.target.file, flow.target.name, flow.construct, flow.index)) : undefined;
        if (!target) fail(state.file, { file: flow.file, line: flow.line, message: `${flow.text} is passed on to a call that does not take part in the move of ${plan.exportName}` });
      }
    }
    if (failed.size === 0) break;
    members = members.filter((state) => !failed.has(state.file));
    adapters = adapters.filter((a) => a.file === plan.file || members.some((state) => state.file === a.file));
    if (!members.some((state) => state.slots.length > 0 || state.properties.length > 0) && adapters.length === 0 && ownSlots.length === 0) {
      // Why an adapter kept its old parameter matters only to the importers that could not move for it.
      if (failures.length > 0 || members.some((state) => state.flows.length > 0)) failures.push(...adapterFailures);
      for (const failure of failures) {
        result.blockers.push({ kind: 'value-escapes', severity: 'error', phase, cluster: plan.cluster, symbol: plan.ref, file: failure.file, line: failure.line, message: `${failure.message}, so ${plan.exportName} cannot move together with the signatures it flows through`, hint: 'pass an object literal there, or move the code the value comes from first' });
      }
      return;
    }
  }
  if (failures.length > 0) failures.push(...adapterFailures);
  for (const failure of failures) {
    result.blockers.push({ kind: 'value-escapes', severity: 'error', phase, cluster: plan.cluster, symbol: plan.ref, file: failure.file, line: failure.line, message: `${failure.message}, so ${plan.exportName} cannot move together with the signatures it flows through`, hint: 'pass an object literal there, or move the code the value comes from first' });
  }
  const group = new Map(members.map((s) => [s.file, new Set([plan.ref])]));
  // The own module imports no type to be blocked on: it needs only the moves its parameters go through.
  if (ownSlots.length > 0) {
    group.set(plan.file, new Set(ownSlots.flatMap((slot) => templateDependencies(context, plans, slot))));
    result.own.push({ config: plan, local: ownLocalName(ownSlots[0]!.param.getSourceFile(), plan), slots: ownSlots });
  }
  for (const slot of slots.values()) for (const ref of templateDependencies(context, plans, slot)) group.get(slot.file)?.add(ref);
  result.groups.set(plan.ref, group);
  for (const state of members) result.released.set(`${state.file}|${plan.ref}`, state.starts);
  for (const [file, sites] of literalSitesByFile) {
    const tasks = result.literals.get(file) ?? [];
    for (const { specifier, slot } of sites.values()) {
      tasks.push({ callee: specifier === '' ? { name: slot.name } : { specifier, name: slot.name }, construct: slot.construct, index: slot.index, ...mapping });
    }
    result.literals.set(file, tasks);
  }
  for (const slot of adapters) {
    convertAdapterTemplates(slot, templates, mapping);
    result.adapters.push({ adapter: slot.adapter, config: plan, index: slot.index, consts: slot.consts.map((c) => (c.name as ts.Identifier).text) });
  }
  // Templates of the run that feed a slot: their literals are written for the canonical now.
  for (const template of templates) {
    for (const slot of slots.values()) {
      const names = templateNames(template, slot);
      if (names.size === 0) continue;
      const text = convertTemplate(template.text, names, slot.construct, slot.index, mapping);
      if (text === template.text) continue;
      template.set(text);
      template.text = text;
    }
  }
  const written = new Set([...members.map((s) => s.file), ...literalSitesByFile.keys(), ...members.flatMap((s) => s.properties.flatMap((p) => p.writeFiles ?? []))]);
  for (const file of written) {
    const imports = valueImports(context, file, plan);
    if (imports.length > 0) result.values.set(file, [...(result.values.get(file) ?? []), ...imports]);
  }
  const moved = [...new Set(members.flatMap((state) => state.properties.map((p) => p.property)))];
  if (moved.length > 0) result.movedProperties.set(plan.ref, moved);
  for (const state of members) {
    for (const property of state.properties) {
      for (const file of property.writeFiles ?? []) {
        const tasks = result.properties.get(file) ?? [];
        const defaults = property.partial ? undefined : fieldDefaultsOf(plan);
        tasks.push({ property: property.property, ...(plan.usage.fields ? { fields: plan.usage.fields } : {}), ...(defaults ? { fieldDefaults: defaults } : {}) });
        result.properties.set(file, tasks);
      }
    }
  }
  const canonicalFields = [...plan.canonicalApi!.fields.keys()];
  for (const state of members) {
    const target = canonicalSpecifier(context, state.file, plan.canonical, { specifier: state.specifier, resolved: plan.file });
    if (target.blocked || !plan.usage.fields) continue;
    const tasks = result.reads.get(state.file) ?? [];
    tasks.push({ type: { specifier: target.specifier, name: target.name }, fields: plan.usage.fields, canonicalFields });
    result.reads.set(state.file, tasks);
  }
}

function flowBlocker(plan: SymbolPlan, phase: string, failure: Failure): Blocker {
  return { kind: 'value-escapes', severity: 'error', phase, cluster: plan.cluster, symbol: plan.ref, file: failure.file, line: failure.line, message: `${failure.message}, so ${plan.exportName} cannot move together with the signatures it flows through`, hint: 'pass an object literal there, or move the code the value comes from first' };
}

/** A template of the run that passes a literal to a slot: its converted defaults would name values it does not import. */
function valueTemplate(templates: readonly FlowTemplate[], slots: readonly Slot[]): Failure | undefined {
  for (const template of templates) {
    if (slots.some((slot) => templateNames(template, slot).size > 0)) return { file: template.file, line: template.line, message: 'a template of this run passes a literal whose converted defaults name values of the canonical module' };
  }
  return undefined;
}
