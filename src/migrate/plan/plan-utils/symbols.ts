/**
 * Per superseded member: what it is (config type, class, function, re-export), how it compares with the
 * canonical, and therefore its shim (re-export, adapter, alias, converter), the mapping importers'
 * uses follow, what must be merged first, and the blockers that stop any of it.
 */
import type { MappingConfig } from '../../../config/types.js';
import type { Finding } from '../../../scan/types.js';
import type { ConfigTypeTask, MergeTask, ShimTask, UsageMapping } from '../codemod-options.js';
import { exportedNames, exportNamesOf, localDeclarations } from '../codemod-utils/declarations.js';
import type { SymbolKind } from '../codemod-utils/usages.js';
import type { Blocker, CanonicalChoice, SupersededMember } from '../types.js';
import { readApi, type ApiSourceReader, type DeclarationApi } from './api.js';
import { callCompatible, compareFields, memberGap, sameKind, sameParams, sameYield, type FieldComparison } from './compat.js';
import { CALL_KEY, CONSTRUCT_KEY, isRename } from '../codemod-utils/usages.js';
import { argumentDefaults } from '../codemod-utils/argument-defaults.js';
import type { PlanContext } from './context.js';
import { planMerge } from './merge.js';
import { canonicalToTarget, constructFromRecipes } from './construct.js';
import { planInline } from './inline-plan.js';
import type { InlineRetryTask } from '../codemod-options.js';
import { resolveSpecifier } from './resolve.js';
import { canonicalContractOf } from './canonical-contract.js';
import { blockDataClass, dataClassOf, dropMismatchedSuggestions } from './data-class-plan.js';
import type { DataClassConversion } from './data-class-sites.js';

export interface SymbolPlan {
  /** Part of another canonical's contract: it stays as it is, so nothing imports, shims or deletes it. */
  stays?: boolean;
  cluster: string;
  concept: string;
  finding: Finding;
  ref: string;
  file: string;
  exportName: string;
  canonical: CanonicalChoice;
  /** The canonical's API, with members merged into it; null when unreadable. */
  canonicalApi: DeclarationApi | null;
  oldApi: DeclarationApi | null;
  mapping: MappingConfig;
  symbolKind: SymbolKind;
  /** How importers' uses follow the move. */
  usage: UsageMapping;
  member: SupersededMember;
  fieldComparison?: FieldComparison;
  /** Shim-modules task minus the per-file canonical target. */
  shim?: Omit<ShimTask, 'canonical'>;
  configType?: Omit<ConfigTypeTask, 'canonical'>;
  merge?: MergeTask;
  /** A config data class whose creation sites become literals of the canonical (data-class-moves.ts). */
  dataClassMove?: DataClassConversion;
}

export interface PhaseNames {
  of(codemod: string): string;
}

export function apiReader(context: PlanContext): ApiSourceReader {
  return { source: (path) => context.source(path, true), resolve: (from, specifier) => resolveSpecifier(context, from, specifier) };
}

function mappingFor(context: PlanContext, finding: Finding): MappingConfig {
  const { mappings } = context.input.config;
  const bare = `${finding.file.replace(/\.(?:[cm]?[jt]sx?)$/, '')}#${finding.symbol}`;
  return mappings[finding.id] ?? mappings[bare] ?? {};
}

function mergeRequested(context: PlanContext, finding: Finding, cluster: string): boolean {
  const bare = `${finding.file.replace(/\.(?:[cm]?[jt]sx?)$/, '')}#${finding.symbol}`;
  return context.input.config.merge.some((entry) => entry === finding.id || entry === bare || entry === cluster);
}

function without<T>(record: Record<string, T> | undefined, key: string): Record<string, T> | undefined {
  if (!record || !Object.prototype.hasOwnProperty.call(record, key)) return record;
  const copy = { ...record };
  delete copy[key];
  return Object.keys(copy).length > 0 ? copy : undefined;
}

/** Plans one superseded member; returns null for members that cannot be planned at all (blockers say why). */
export function planSymbol(
  context: PlanContext,
  finding: Finding,
  cluster: { id: string; concept: string },
  canonical: CanonicalChoice,
  canonicalApi: DeclarationApi | null,
  phases: PhaseNames,
): { plan: SymbolPlan | null; member: SupersededMember; blockers: Blocker[]; inline?: { file: string; task: InlineRetryTask } } {
  const blockers: Blocker[] = [];
  const member: SupersededMember = {
    id: finding.id,
    file: finding.file,
    symbol: finding.symbol,
    exportName: finding.symbol,
    kind: finding.kind,
    line: finding.startLine,
    importers: [],
    shim: null,
    deletion: 'symbol',
  };
  const block = (kind: Blocker['kind'], phase: string, message: string, line = finding.startLine, hint?: string, severity: Blocker['severity'] = 'error'): void => {
    blockers.push({ kind, severity, phase, cluster: cluster.id, symbol: finding.id, file: finding.file, line, message, ...(hint ? { hint } : {}) });
  };
  if (finding.symbol.includes('.')) {
    // Without the codemod in a phase (a custom phase list), the inline retry stays a blocker of the imports phase.
    const scheduled = phases.of('inline-retry') !== 'inline-retry';
    const inline = planInline(context, finding, cluster.concept, canonical, canonicalApi);
    if (inline.task && !scheduled) inline.blocker = { message: `${finding.symbol} could be rewritten by the inline-retry codemod, which no phase runs`, line: finding.startLine, hint: 'add "inline-retry" to a phase\'s codemods' };
    if (inline.blocker) block('inline-implementation', scheduled ? phases.of('inline-retry') : phases.of('rewrite-imports'), inline.blocker.message, inline.blocker.line, inline.blocker.hint);
    if (!scheduled) return { plan: null, member, blockers };
    return { plan: null, member, blockers, ...(inline.task ? { inline: inline.task } : {}) };
  }
  const source = context.source(finding.file, true);
  if (!source) {
    block('unreadable', phases.of('rewrite-imports'), `${finding.file} cannot be read or parsed`, 1);
    return { plan: null, member, blockers };
  }
  const exportName = exportNamesOf(source, finding.symbol)[0];
  if (exportName === undefined && finding.importers.length > 0) {
    // An anonymous `export default class {}` or a member of `export = { ... }`: imported, yet not by a name the codemods follow.
    const n = finding.importers.length;
    block('unsupported-import', phases.of('shim-modules'), `${finding.symbol} is exported in a form the planner cannot follow; it stays, and its ${n} importer${n === 1 ? '' : 's'} (${finding.importers.join(', ')}) keep${n === 1 ? 's' : ''} importing it`, finding.startLine, 'give it a named export, then run the plan again');
    return { plan: null, member, blockers };
  }
  if (exportName === undefined) {
    block('unsupported-import', phases.of('shim-modules'), `${finding.symbol} is not exported, so no importer moves and no phase deletes it; it stays in ${finding.file}`, finding.startLine, `replace its uses in ${finding.file} with ${canonical.ref} by hand`, 'warning');
    return { plan: null, member, blockers };
  }
  member.exportName = exportName;
  const oldApi = readApi(apiReader(context), finding.file, exportName);
  const mapping = mappingFor(context, finding);
  const plan: SymbolPlan = {
    cluster: cluster.id,
    concept: cluster.concept,
    finding,
    ref: finding.id,
    file: finding.file,
    exportName,
    canonical,
    canonicalApi,
    oldApi,
    mapping,
    symbolKind: 'value',
    usage: {},
    member,
  };
  const isType = finding.kind === 'config-type' || oldApi?.typeOnly === true;
  if (isType) planConfigType(context, plan, block, phases);
  else planImplementation(context, plan, block, phases, blockers);
  return { plan, member, blockers };
}

type Block = (kind: Blocker['kind'], phase: string, message: string, line?: number, hint?: string, severity?: Blocker['severity']) => void;

function planConfigType(context: PlanContext, plan: SymbolPlan, block: Block, phases: PhaseNames): void {
  const { oldApi, canonicalApi, mapping } = plan;
  plan.symbolKind = 'type';
  const phase = phases.of('config-types');
  if (!oldApi || !canonicalApi) {
    // Without both field lists only an alias can be offered; the apply step's type check decides.
    plan.configType = { name: plan.exportName, mode: 'alias' };
    plan.member.shim = { kind: 'alias', phase, mapping: {}, suggestions: {} };
    return;
  }
  // The options type of another cluster's canonical: converting it would rewrite that canonical.
  const contract = mapping?.fields ? undefined : canonicalContractOf(context, apiReader(context), plan.file, plan.exportName, plan.cluster);
  if (contract) {
    block(
      'canonical-signature',
      phase,
      `${plan.exportName} is the type ${contract.ref} (canonical of ${contract.cluster}) takes (${contract.where === '()' ? 'its parameters' : contract.where}), and ${plan.canonical.ref} is another type; converting it would change that canonical`,
      oldApi.line,
      `make ${plan.ref} the canonical of ${plan.cluster} (canonical["${plan.cluster}"]) and convert ${plan.canonical.ref} instead, or give ${contract.ref} ${plan.canonical.ref} as its options type first`,
    );
    plan.member.shim = null;
    plan.stays = true;
    return;
  }
  // A config written as a class: its fields are compared like an interface's (data-class.ts).
  const dataClass = oldApi.kind === 'class' ? dataClassOf(context, plan) : undefined;
  const comparison = compareFields(dataClass ? { ...oldApi, fields: dataClass.fields } : oldApi, canonicalApi, mapping);
  plan.fieldComparison = comparison;
  if (dataClass) dropMismatchedSuggestions(dataClass, canonicalApi.fields, comparison.suggestions);
  const renames = Object.fromEntries(Object.entries(comparison.mapping).filter(([from, to]) => from !== to));
  plan.usage = Object.keys(renames).length > 0 ? { fields: renames } : {};
  plan.member.shim = { kind: comparison.aliasable ? 'alias' : 'converter', phase, mapping: renames, suggestions: comparison.suggestions };
  let blocked = false;
  for (const field of comparison.missing) {
    const suggestion = comparison.suggestions[field];
    block(
      'missing-field',
      phase,
      `field ${field} of ${plan.exportName} has no counterpart in ${plan.canonical.ref}${dataClass ? `; converting the class would lose it` : ''}`,
      dataClass?.lines.get(field) ?? oldApi.line,
      `mappings["${plan.ref}"].fields.${field} = ${suggestion ? JSON.stringify(suggestion) : dataClass ? '"<field of the canonical>"' : 'null'}${suggestion ? ' (suggested)' : dataClass ? ' (null would drop it, and what it holds would be lost)' : ' (to drop it)'}`,
    );
    blocked = true;
  }
  for (const field of comparison.required) {
    block(
      'required-field',
      phase,
      `${plan.canonical.ref} requires ${field}, which no field of ${plan.exportName} provides`,
      oldApi.line,
      `map a field of ${plan.exportName} onto ${field}, or give it a value: mappings["${plan.ref}"].fields.${field} = "<expression>"`,
    );
    blocked = true;
  }
  for (const field of comparison.optionalOnly) {
    block(
      'required-field',
      phase,
      `${plan.canonical.ref} requires ${field}, which only an optional field of ${plan.exportName} provides`,
      oldApi.line,
      `give it a value for when that field is absent: mappings["${plan.ref}"].fields.${field} = "<expression>"`,
    );
    blocked = true;
  }
  for (const key of comparison.unknown) {
    block('missing-field', phase, `mappings["${plan.ref}"].fields.${key} names no field of ${plan.exportName} or of ${plan.canonical.ref}`, oldApi.line);
    blocked = true;
  }
  const dataClassMove = dataClass ? blockDataClass(context, plan, dataClass, block, phase, comparison) : undefined;
  if (blocked || (dataClass && !dataClassMove)) {
    plan.member.shim = null;
    return;
  }
  if (dataClassMove) {
    // The class stays as written until nothing imports it; its importers build literals instead.
    plan.dataClassMove = dataClassMove;
    plan.member.shim = null;
    return;
  }
  const defaults = comparison.defaults;
  const values = comparison.aliasable ? [] : canonicalValuesNamed(context, plan, [...Object.values(defaults), ...Object.values(renames).filter((r): r is string => typeof r === 'string')]);
  plan.configType = {
    name: plan.exportName,
    mode: comparison.aliasable ? 'alias' : 'converter',
    ...(Object.keys(renames).length > 0 ? { fields: renames } : {}),
    ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
    ...(values.length > 0 ? { values } : {}),
  };
}

/** Exports of the canonical's module that converter expressions name as `Name.member` (enum defaults), and the superseded file lacks. */
export function canonicalValuesNamed(context: PlanContext, plan: SymbolPlan, expressions: string[]): string[] {
  const canonicalSource = plan.canonical.file ? context.source(plan.canonical.file, true) : undefined;
  const ownSource = context.source(plan.file, true);
  if (!canonicalSource || !ownSource) return [];
  const exported = new Set(exportedNames(canonicalSource));
  const own = new Set([...localDeclarations(ownSource).keys()]);
  const named = new Set<string>();
  for (const expression of expressions) {
    const text = expression.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "''");
    for (const match of text.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\s*\./g)) if (exported.has(match[1]!) && !own.has(match[1]!)) named.add(match[1]!);
  }
  return [...named].sort();
}

/** Old members the adapter would delegate by name (or rename) although the canonical's signature differs. */
function differingSignatures(old: DeclarationApi, canonical: DeclarationApi, mapping: MappingConfig): string[] {
  if (old.kind !== 'class' || canonical.kind !== 'class') return [];
  const out: string[] = [];
  for (const name of [...old.methods].sort()) {
    const target = mapping.members?.[name];
    if (target === null || (typeof target === 'string' && !isRename(target))) continue;
    const a = old.signatures.get(name);
    const b = canonical.signatures.get(target ?? name);
    if (a !== undefined && b !== undefined && a !== b) out.push(name);
  }
  return out;
}

/**
 * Call and construct templates may name the canonical as written (`new UnifiedRetryHandler(...)`) or
 * as `$target`; call sites bind the canonical under the old local name, so both must mean `$target`.
 */
function callTemplatesOnTarget(members: Record<string, string | null>, canonicalName: string): Record<string, string | null> {
  const out = { ...members };
  for (const key of [CALL_KEY, CONSTRUCT_KEY]) {
    const template = out[key];
    if (typeof template === 'string') out[key] = canonicalToTarget(template, canonicalName);
  }
  return out;
}

function planImplementation(context: PlanContext, plan: SymbolPlan, block: Block, phases: PhaseNames, blockers: Blocker[]): void {
  const { oldApi, mapping, finding } = plan;
  plan.symbolKind = oldApi?.kind === 'class' ? 'class' : oldApi?.kind === 'function' ? 'function' : 'value';
  const defaults = mapping.members && (CALL_KEY in mapping.members || CONSTRUCT_KEY in mapping.members) ? argumentDefaults(oldApi?.params) : undefined;
  plan.usage = {
    ...(mapping.members ? { members: callTemplatesOnTarget(mapping.members, plan.canonical.symbol) } : {}),
    ...(mapping.options ? { options: mapping.options } : {}),
    ...(defaults ? { argumentDefaults: defaults } : {}),
  };
  const shimPhase = phases.of('shim-modules');
  let canonicalApi = plan.canonicalApi;
  // Factories: members only the superseded one has are merged first (or block the shim).
  if (oldApi && canonicalApi && oldApi.kind === 'class' && canonicalApi.kind === 'class') {
    const gap = memberGap(oldApi, canonicalApi, mapping);
    const isFactory = plan.concept === 'factory' || mergeRequested(context, finding, plan.cluster);
    if (isFactory && gap.missing.length > 0) {
      if (mergeRequested(context, finding, plan.cluster) && plan.canonical.file) {
        const merge = planMerge(
          context,
          { file: finding.file, className: finding.symbol, ref: finding.id, cluster: plan.cluster },
          { file: plan.canonical.file, className: plan.canonical.symbol, members: canonicalApi.members },
          gap.missing,
          phases.of('merge-factory'),
        );
        blockers.push(...merge.blockers);
        if (merge.task) plan.merge = merge.task;
        plan.member.merge = merge.merged;
        canonicalApi = { ...canonicalApi, members: new Set([...canonicalApi.members, ...merge.merged]) };
        plan.canonicalApi = canonicalApi;
        if (merge.blockers.length > 0) return;
      } else {
        block(
          'unmerged-members',
          shimPhase,
          `${finding.symbol} has members ${plan.canonical.ref} lacks (${gap.missing.join(', ')}); merge them before it becomes a shim`,
          oldApi.line,
          `add "${finding.id}" to merge`,
        );
        return;
      }
    }
  }
  const construct = constructFromRecipes(context, plan);
  if (finding.kind === 're-export' || !oldApi || !canonicalApi) {
    plan.shim = { name: plan.exportName, kind: 're-export' };
    plan.member.shim = { kind: 're-export', phase: shimPhase, mapping: {}, suggestions: {} };
    return;
  }
  const gap = memberGap(oldApi, canonicalApi, mapping);
  const renames = { ...(mapping.members ?? {}), ...(mapping.options ?? {}) };
  const kindsMatch = sameKind(oldApi, canonicalApi);
  const differing = differingSignatures(oldApi, canonicalApi, mapping);
  const callsFit = callCompatible(oldApi.params, canonicalApi.params) && sameYield(oldApi, canonicalApi);
  const compatible = kindsMatch && gap.missing.length === 0 && differing.length === 0 && callsFit && Object.keys(renames).length === 0 && !construct;
  if (compatible) {
    plan.shim = { name: plan.exportName, kind: 're-export' };
    plan.member.shim = { kind: 're-export', phase: shimPhase, mapping: {}, suggestions: {} };
    return;
  }
  const paramsFit = kindsMatch && callsFit;
  // An options mapping converts the options argument; every other parameter must already fit.
  const optionsFit = kindsMatch && oldApi.kind === 'function' && mapping.options !== undefined && sameParams(oldApi.params?.slice(0, -1) ?? null, canonicalApi.params?.slice(0, -1) ?? null);
  if (!construct && !paramsFit && !optionsFit) {
    block(
      'adapter-incomplete',
      shimPhase,
      `${finding.symbol}'s ${oldApi.kind === 'class' ? 'constructor' : 'signature'} differs from ${plan.canonical.ref}'s${sameYield(oldApi, canonicalApi) ? '' : ' (one is a generator function, the other is not)'}; the adapter needs to know how to build the canonical`,
      oldApi.line,
      `set mappings["${finding.id}"].members${oldApi.kind === 'class' ? '.constructor' : '["()"]'} to an expression over $0, $1... (or add a recipe for ${oldApi.kind === 'class' ? `new ${finding.symbol}(...)` : `${finding.symbol}(...)`})`,
    );
    return;
  }
  if (oldApi.kind === 'class' && differing.length > 0) {
    block(
      'adapter-incomplete',
      shimPhase,
      `the adapter of ${finding.symbol} cannot delegate ${differing.join(', ')}: the canonical's signature differs`,
      oldApi.line,
      differing.map((m) => `mappings["${finding.id}"].members.${m} = "<template over this.target, $0, $1...>"`).join('; '),
    );
    return;
  }
  for (const name of gap.missing.filter((m) => oldApi.methods.has(m) || oldApi.statics.has(m))) {
    block('missing-member', shimPhase, `the adapter of ${finding.symbol} has no counterpart for ${name}; it is left out`, oldApi.line, gap.suggestions[name] ? `mappings["${finding.id}"].members.${name} = "${gap.suggestions[name]}" (suggested)` : undefined, 'warning');
  }
  plan.shim = {
    name: plan.exportName,
    kind: 'adapter',
    ...(without(without(plan.usage.members, CONSTRUCT_KEY), CALL_KEY) ? { members: without(without(plan.usage.members, CONSTRUCT_KEY), CALL_KEY)! } : {}),
    ...(mapping.options ? { options: mapping.options } : {}),
    ...(construct ? { construct: construct.template } : {}),
    ...(construct && construct.imports.length > 0 ? { imports: construct.imports } : {}),
    ...(canonicalApi.open ? {} : { canonicalMembers: [...canonicalApi.members].sort() }),
  };
  plan.member.shim = { kind: 'adapter', phase: shimPhase, mapping: renames, suggestions: gap.suggestions };
}
