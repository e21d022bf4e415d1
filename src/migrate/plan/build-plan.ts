/**
 * The planner: from a scan, its module graph and the config, everything `ssot plan` prints and
 * `ssot migrate --phase N` applies — per cluster the canonical, the superseded members with their
 * importers, shims and deletions, recipes, double-initialization collapses, merges, blockers with
 * file:line, and the per-file codemod tasks. Pure: reads files through `readFile`, writes nothing.
 */
import type { PhaseConfig } from '../../config/types.js';
import type { Cluster } from '../../scan/types.js';
import { ts } from '../../parser/ts.js';
import type { CanonicalTarget, ConfigTypesOptions, InlineRetryOptions, InlineRetryTask, MergeFactoryOptions, ShimModulesOptions } from './codemod-options.js';
import { completeExportedNames, exportNamesOf } from './codemod-utils/declarations.js';
import { readApi, type DeclarationApi } from './plan-utils/api.js';
import { CANONICALS_FILE, parseCanonicals } from './canonicals-record.js';
import { importableCanonical, resolveCanonical } from './plan-utils/canonical.js';
import { createContext, type PlanContext, type PlanInput } from './plan-utils/context.js';
import { planDeletions } from './plan-utils/deletions.js';
import { planAdapterParameters } from './plan-utils/adapter-parameters.js';
import { applyAdapterFlows } from './plan-utils/adapter-config-flow.js';
import { planDoubleInits, type ClusterCanonical } from './plan-utils/double-init.js';
import { findExistingShims, shimFinding } from './plan-utils/existing-shims.js';
import { addFlowTasks, addOwnModuleTasks, planImportersWithFlows } from './plan-utils/config-flow-run.js';
import { runTemplates } from './plan-utils/config-flow.js';
import { packageApi } from './plan-utils/package-api.js';
import { planRecipes } from './plan-utils/recipes-plan.js';
import { parseRef, refFile, refMatchesFinding } from './plan-utils/refs.js';
import { specifierFromFile } from './plan-utils/specifiers.js';
import { workspaceTarget } from './plan-utils/workspace-specifier.js';
import { planDataClassMoves } from './plan-utils/data-class-moves.js';
import { apiReader, planSymbol, type PhaseNames, type SymbolPlan } from './plan-utils/symbols.js';
import type { Blocker, CanonicalChoice, ClusterPlan, CodemodTask, MigrationPlan } from './types.js';

export type { PlanInput } from './plan-utils/context.js';

function phaseNames(phases: readonly PhaseConfig[]): PhaseNames & { order(name: string): number; codemodOrder(id: string): number } {
  const codemods = phases.flatMap((p) => p.codemods);
  return {
    of: (codemod) => phases.find((p) => p.codemods.includes(codemod))?.name ?? codemod,
    order: (name) => (name === '*' ? -1 : phases.findIndex((p) => p.name === name)),
    codemodOrder: (id) => {
      const index = codemods.indexOf(id);
      return index < 0 ? codemods.length : index;
    },
  };
}

function canonicalApiOf(context: PlanContext, choice: CanonicalChoice): DeclarationApi | null {
  if (choice.package) return packageApi(context.input.config.root, choice.package, choice.symbol);
  return choice.file ? readApi(apiReader(context), choice.file, choice.symbol) : null;
}

/** The canonical as `file` must import it: an import it already has of that module, or a new specifier. */
function targetFor(context: PlanContext, plan: SymbolPlan, file: string): CanonicalTarget {
  const canonical = plan.canonical;
  const existing = canonical.file ? (context.importsFrom.get(file) ?? []).find((e) => e.resolved === canonical.file)?.specifier : undefined;
  // In another workspace package, an exported entry may forward the canonical under another name.
  const workspace = !existing && canonical.file && !canonical.package ? workspaceTarget(context, file, canonical.file, canonical.symbol) : undefined;
  if (workspace?.kind === 'package') {
    return { specifier: workspace.specifier, name: workspace.name, ref: canonical.ref, ...(plan.canonicalApi?.typeOnly ? { typeOnly: true } : {}) };
  }
  return {
    specifier: existing ?? specifierFromFile(context, file, canonical),
    name: canonical.symbol,
    ref: canonical.ref,
    ...(plan.canonicalApi?.typeOnly ? { typeOnly: true } : {}),
  };
}

/** The canonical's export name (importers import that, not the declaration's local name). */
function exportedCanonical(context: PlanContext, choice: CanonicalChoice): CanonicalChoice {
  if (!choice.file) return choice;
  const source = context.source(choice.file, true);
  const name = source ? exportNamesOf(source, choice.symbol)[0] : undefined;
  return name && name !== choice.symbol ? { ...choice, symbol: name } : choice;
}

function isTypeShim(context: PlanContext, file: string, name: string): boolean {
  const source = context.source(file, true);
  if (!source) return false;
  return source.statements.some((s) => {
    if ((ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name.text === name) return true;
    return ts.isExportDeclaration(s) && s.isTypeOnly && s.exportClause !== undefined && ts.isNamedExports(s.exportClause) && s.exportClause.elements.some((e) => e.name.text === name);
  });
}

/**
 * Modules every export of which is superseded and replaced by a shim (generated converters included):
 * their own imports need not move. A superseded symbol that gets no shim (its adapter is blocked) keeps
 * its code, so its module's imports are rewritten like any importer's, in the same run.
 */
function whollySuperseded(context: PlanContext, plans: SymbolPlan[]): Set<string> {
  const names = new Map<string, Set<string>>();
  for (const plan of plans) {
    if (!plan.member.shim) continue;
    const set = names.get(plan.file) ?? new Set<string>();
    set.add(plan.exportName);
    if (plan.member.shim?.kind === 'converter') set.add(plan.configType?.converterName ?? `to${upperFirst(plan.canonical.symbol)}From${upperFirst(plan.exportName)}`);
    names.set(plan.file, set);
  }
  const wholly = new Set<string>();
  for (const [file, set] of names) {
    const source = context.source(file, true);
    const exported = source ? completeExportedNames(source) : null;
    if (exported && exported.every((name) => set.has(name))) wholly.add(file);
  }
  return wholly;
}

/** Superseded names that become plain aliases of their canonical (compatible config types and re-export shims). */
function typeAliases(plans: SymbolPlan[]): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const plan of plans) {
    const kind = plan.member.shim?.kind;
    if ((kind === 'alias' || kind === 're-export') && plan.exportName !== 'default') aliases.set(plan.exportName, plan.canonical.symbol);
  }
  return aliases;
}

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function buildPlan(input: PlanInput): MigrationPlan {
  const context = createContext(input);
  // A damaged record is an error before anything is planned, even when no cluster would consult it.
  parseCanonicals(context.text(CANONICALS_FILE));
  const phases = phaseNames(input.config.phases);
  const blockers: Blocker[] = [];
  const clusterPlans: ClusterPlan[] = [];
  const symbolPlans: SymbolPlan[] = [];
  const canonicals = new Map<string, ClusterCanonical>();
  const inlineTasks: Array<[string, InlineRetryTask]> = [];
  const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
  // Config-type clusters first: an implementation whose parameter is typed with a superseded config type
  // that becomes an alias of its canonical fits the canonical's signature (see typeAliases).
  const isConfigCluster = (cluster: Cluster): boolean => cluster.members.some((id) => context.findings.get(id)?.kind === 'config-type');
  const clusters = [...input.result.clusters].filter((c) => c.members.length > 1).sort((a, b) => Number(!isConfigCluster(a)) - Number(!isConfigCluster(b)) || byId(a, b));
  // Shims written by an earlier run: type aliases among them already mean their canonical.
  const allShims = findExistingShims(context, new Set());
  const findingIds = new Set(input.result.findings.map((f) => f.id));
  const earlierShims = allShims.filter((s) => !findingIds.has(`${s.file}#${s.name}`));
  const shimRefs = [...new Set(allShims.map((s) => s.ref))];
  const earlierAliases = new Map<string, string>();
  for (const shim of earlierShims) {
    const symbol = parseRef(shim.ref)?.symbol;
    if (symbol !== undefined && symbol !== 'default' && shim.name !== 'default' && isTypeShim(context, shim.file, shim.name)) earlierAliases.set(shim.name, symbol);
  }
  const planMember = (cluster: Pick<Cluster, 'id' | 'concept'>, clusterPlan: ClusterPlan, findingId: string, choice: CanonicalChoice, api: DeclarationApi | null, asShim = false): void => {
    const finding = context.findings.get(findingId);
    if (!finding) return;
    const planned = planSymbol(context, finding, cluster, choice, api, phases, new Map([...earlierAliases, ...typeAliases(symbolPlans)]));
    if (asShim) planned.member.kind = 'shim';
    blockers.push(...planned.blockers);
    clusterPlan.superseded.push(planned.member);
    if (planned.plan && !planned.plan.stays) symbolPlans.push(planned.plan);
    if (planned.inline) inlineTasks.push([planned.inline.file, planned.inline.task]);
  };
  for (const cluster of clusters) {
    const resolved = resolveCanonical(context, cluster, shimRefs);
    blockers.push(...resolved.blockers);
    const clusterPlan: ClusterPlan = { id: cluster.id, concept: cluster.concept, canonical: resolved.choice, superseded: [], collapses: [] };
    clusterPlans.push(clusterPlan);
    if (!resolved.choice) continue;
    const notImportable = importableCanonical(resolved.choice, cluster.id);
    if (notImportable) {
      blockers.push(notImportable);
      continue;
    }
    const choice = exportedCanonical(context, resolved.choice);
    clusterPlan.canonical = choice;
    const api = canonicalApiOf(context, choice);
    canonicals.set(cluster.id, { ...(choice.finding ? { finding: choice.finding } : {}), ref: choice.ref, api });
    for (const memberId of [...cluster.members].sort()) if (memberId !== choice.finding) planMember(cluster, clusterPlan, memberId, choice, api);
  }
  clusterPlans.sort(byId); // reported in id order, whatever order they were planned in
  // Shims written by an earlier run that the scan no longer lists as members.
  const known = new Set([...symbolPlans.map((p) => `${p.file}#${p.exportName}`), ...input.result.findings.map((f) => f.id)]);
  for (const shim of earlierShims.filter((s) => !known.has(`${s.file}#${s.name}`))) {
    let clusterPlan = clusterPlans.find((c) => c.canonical && (c.canonical.ref === shim.ref || (c.canonical.finding !== undefined && refMatchesFinding(shim.ref, context.findings.get(c.canonical.finding)!))));
    if (!clusterPlan) {
      const parsed = parseRef(shim.ref);
      if (!parsed) continue;
      const file = parsed.package ? null : refFile(parsed, context.files) ?? null;
      if (!parsed.package && file === null) continue;
      const choice: CanonicalChoice = { ref: shim.ref, file, ...(parsed.package ? { package: parsed.package } : {}), symbol: parsed.symbol, source: 'config', reason: 'named by an @ssot-shim tag' };
      clusterPlan = { id: `shim:${shim.ref}`, concept: 'shim', canonical: choice, superseded: [], collapses: [] };
      clusterPlans.push(clusterPlan);
      canonicals.set(clusterPlan.id, { ref: shim.ref, api: canonicalApiOf(context, choice) });
    }
    const finding = shimFinding(shim, clusterPlan.concept, clusterPlan.id, isTypeShim(context, shim.file, shim.name));
    (context.findings as Map<string, typeof finding>).set(finding.id, finding);
    planMember(clusterPlan, clusterPlan, finding.id, clusterPlan.canonical!, canonicals.get(clusterPlan.id)!.api, true);
  }
  const recipes = planRecipes(context, phases.of('call-recipes'), (resolved, name) => {
    // Imported through a barrel: follow the symbol to the module that declares it.
    const origin = input.graph.exportOrigins[resolved]?.[name] ?? { file: resolved, name };
    const plan = symbolPlans.find((p) => p.file === origin.file && p.exportName === origin.name);
    if (!plan || (!plan.usage.members && !plan.usage.options) || plan.symbolKind === 'type') return undefined;
    return { local: name, symbolKind: plan.symbolKind, ...(plan.usage.members ? { members: plan.usage.members } : {}), ...(plan.usage.options ? { options: plan.usage.options } : {}) };
  });
  blockers.push(...recipes.blockers);
  const doubles = planDoubleInits(context, canonicals, new Set(symbolPlans.map((p) => p.ref)), phases.of('collapse-double-init'));
  blockers.push(...doubles.blockers);
  for (const collapse of doubles.collapses) {
    const init = input.result.doubleInitializations.find((d) => d.id === collapse.id);
    clusterPlans.find((c) => c.id === init?.cluster)?.collapses.push(collapse);
  }
  const wholly = whollySuperseded(context, symbolPlans);
  const { importers, flows } = planImportersWithFlows(
    context,
    symbolPlans,
    runTemplates(symbolPlans, recipes.tasks),
    { recipeRanges: recipes.ranges, collapsedHolders: doubles.removed, wholly, aliases: typeAliases(symbolPlans) },
    phases.of('rewrite-imports'),
  );
  blockers.push(...flows.blockers);
  addFlowTasks(importers.tasks, flows);
  addOwnModuleTasks(importers.tasks, flows, (plan, file) => targetFor(context, plan, file));
  applyAdapterFlows(flows.adapters, (plan, file) => targetFor(context, plan, file), wholly);
  planAdapterParameters(context, symbolPlans, importers.tasks, (plan, file) => targetFor(context, plan, file));
  const dataClasses = planDataClassMoves(context, symbolPlans, importers, (plan, file) => targetFor(context, plan, file), phases.of('data-class-construct'), recipes.tasks);
  blockers.push(...dataClasses.blockers);
  const movingOwn = new Set(flows.own.map((flow) => flow.config.ref));
  const deletions = planDeletions(context, symbolPlans, (plan, file) => targetFor(context, plan, file), phases.of('delete-superseded'), movingOwn);
  blockers.push(...importers.blockers, ...deletions.blockers);

  const tasks: CodemodTask[] = [];
  const grouped = <T>(codemod: string, items: Array<[string, T]>, combine: (list: T[]) => unknown): void => {
    const byFile = new Map<string, T[]>();
    for (const [file, item] of items) byFile.set(file, [...(byFile.get(file) ?? []), item]);
    for (const [file, list] of byFile) tasks.push({ codemod, file, options: combine(list) });
  };
  grouped('config-types', symbolPlans.filter((p) => p.configType).map((p) => [p.file, { ...p.configType!, canonical: targetFor(context, p, p.file) }]), (types): ConfigTypesOptions => ({ types }));
  grouped('call-recipes', [...recipes.tasks].flatMap(([file, list]) => list.map((r) => [file, r] as [string, typeof r])), (list) => ({ recipes: list }));
  grouped('inline-retry', inlineTasks, (retries): InlineRetryOptions => ({ retries }));
  grouped('merge-factory', symbolPlans.filter((p) => p.merge && p.canonical.file).map((p) => [p.canonical.file!, p.merge!]), (merges): MergeFactoryOptions => ({ merges }));
  grouped('collapse-double-init', [...doubles.tasks].flatMap(([file, list]) => list.map((t) => [file, t] as [string, typeof t])), (collapses) => ({ collapses }));
  for (const [file, classes] of dataClasses.tasks) tasks.push({ codemod: 'data-class-construct', file, options: { classes } });
  for (const [file, options] of importers.tasks) tasks.push({ codemod: 'rewrite-imports', file, options });
  grouped('shim-modules', symbolPlans.filter((p) => p.shim).map((p) => [p.file, { ...p.shim!, canonical: targetFor(context, p, p.file) }]), (shims): ShimModulesOptions => ({ shims }));
  for (const [file, options] of deletions.tasks) tasks.push({ codemod: 'delete-superseded', file, options });
  tasks.sort((a, b) => phases.codemodOrder(a.codemod) - phases.codemodOrder(b.codemod) || a.file.localeCompare(b.file));

  for (const cluster of clusterPlans) {
    cluster.superseded.sort((a, b) => a.id.localeCompare(b.id));
    for (const member of cluster.superseded) member.importers.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  }
  const unique = new Map<string, Blocker>();
  for (const blocker of blockers) unique.set(`${blocker.kind}|${blocker.file}|${blocker.line}|${blocker.message}`, blocker);
  return {
    version: 1,
    root: input.result.root,
    phases: input.config.phases.map((p) => ({ ...p, codemods: [...p.codemods] })),
    clusters: clusterPlans,
    recipes: recipes.recipes,
    deletions: deletions.deletions,
    blockers: [...unique.values()].sort(
      (a, b) => phases.order(a.phase) - phases.order(b.phase) || a.file.localeCompare(b.file) || a.line - b.line || a.kind.localeCompare(b.kind) || a.message.localeCompare(b.message),
    ),
    tasks,
  };
}
