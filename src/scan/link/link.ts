/**
 * The linker: pure functions from every file's facts (and a specifier resolver) to the ScanResult and
 * the module graph. No file access here beyond what the resolver does, so it is tested with
 * hand-built fact tables.
 */
import type { ResolvedConfig } from '../../config/types.js';
import type { RuleDefinition } from '../../rules/types.js';
import type { FileFacts } from '../facts.js';
import type { ModuleGraph, ResolvedImport, WorkspacePackage } from '../graph-types.js';
import type { Cluster, Finding, ScanError, ScanResult, ScanWarning } from '../types.js';
import { type CanonicalDecision, decideCanonical } from './canonical.js';
import { assignClusters } from './clusters.js';
import { findDoubleInitializations } from './double-init.js';
import { candidateDrafts, type Draft, draftsByDeclaration } from './drafts.js';
import { ExportResolver } from './export-resolver.js';
import { buildModuleGraph, resolveImports, type ResolveFn } from './graph.js';
import { computeImporters } from './importers.js';
import { reExportDrafts } from './reexports.js';
import { similarSummary } from './similarity.js';
import { statusOf } from './status.js';
import { resolveWrappers } from './wrappers.js';

export interface LinkInput {
  /** Absolute scan root (posix). */
  root: string;
  /** Every scanned file, posix relative to the root, sorted. */
  files: readonly string[];
  /** Facts of every scanned file. */
  facts: readonly FileFacts[];
  resolve: ResolveFn;
  workspaces: readonly WorkspacePackage[];
  definitions: readonly RuleDefinition[];
  config: Pick<ResolvedConfig, 'scope' | 'canonical' | 'minConfidence' | 'rules'>;
  /** Errors found before analysis (unreadable folders). */
  errors?: readonly ScanError[];
  /** Called after each linking step (`done` of `total` steps). */
  onProgress?: (done: number, total: number) => void;
  /**
   * An export resolver over the same resolver as `resolve`, to which some of the files' facts were
   * already added (`ExportResolver.add`, while the analysis ran); the link adds the rest. Results are
   * the same without it.
   */
  exports?: ExportResolver;
  /**
   * The resolved import edges of a file (`resolveFileImports`) prepared with the same resolver while
   * the analysis ran, for these very facts; undefined when not prepared. Results are the same without it.
   */
  preparedImports?: (facts: FileFacts) => readonly ResolvedImport[] | undefined;
}

const STEPS = 6;

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return byString(a.file, b.file) || a.startLine - b.startLine || byString(a.symbol, b.symbol) || byString(a.id, b.id);
}

/**
 * Members used by the canonical of another cluster: imported by the canonical's file, or declared in
 * that same file and called, instantiated or extended by the canonical (a config type declared beside
 * it counts as used: type references are not recorded). Maps the member's id to the canonical's id.
 */
function canonicalUsers(
  ordered: ReadonlyArray<[string, Draft[]]>,
  decisions: ReadonlyMap<string, CanonicalDecision>,
  drafts: ReadonlyMap<string, Draft>,
): Map<string, string> {
  const canonicalsByFile = new Map<string, Array<{ id: string; cluster: string; uses: readonly string[] }>>();
  for (const [clusterId] of ordered) {
    const canonical = decisions.get(clusterId)?.canonical;
    const draft = canonical ? drafts.get(canonical) : undefined;
    // Implementations use things; a config type using nothing, it lends no weight.
    if (!draft || draft.finding.kind !== 'implementation') continue;
    const list = canonicalsByFile.get(draft.finding.file) ?? [];
    list.push({ id: draft.finding.id, cluster: clusterId, uses: draft.candidate?.delegatesTo ?? [] });
    canonicalsByFile.set(draft.finding.file, list);
  }
  const users = new Map<string, string>();
  for (const [clusterId, members] of ordered) {
    for (const member of members) {
      // Beside each other, only a real use counts: a retry declared next to the canonical backoff is not used by it.
      const besideUsers = (canonicalsByFile.get(member.finding.file) ?? []).filter(
        (canonical) => member.finding.kind === 'config-type' || canonical.uses.includes(member.localName),
      );
      const user = [...besideUsers, ...member.finding.importers.flatMap((file) => canonicalsByFile.get(file) ?? [])]
        .find((canonical) => canonical.cluster !== clusterId && canonical.id !== member.finding.id);
      if (user) users.set(member.finding.id, user.id);
    }
  }
  return users;
}

/** Links facts into the scan result and the module graph. */
export function link(input: LinkInput): { result: ScanResult; graph: ModuleGraph } {
  const progress = (step: number) => input.onProgress?.(step, STEPS);
  const factsByFile = new Map(input.facts.map((f) => [f.file, f]));
  const usable = input.facts.filter((f) => !f.error).sort((a, b) => byString(a.file, b.file));

  const imports = resolveImports(usable, input.resolve, input.preparedImports);
  let exports = input.exports;
  if (exports) for (const f of usable) exports.add(f);
  // A resolver given with files that are not to be linked (one that failed after all) is not used.
  if (!exports || exports.size !== usable.length) {
    exports = new ExportResolver(
      new Map(usable.map((f) => [f.file, f])),
      (from, specifier) => input.resolve(from, specifier).resolved,
    );
  }
  progress(1);
  const importers = computeImporters(factsByFile, imports, exports);
  progress(2);

  const drafts = candidateDrafts(usable, importers, input.workspaces, input.config);
  resolveWrappers(drafts, draftsByDeclaration(drafts.values()), exports, factsByFile);
  // Rebuilt because resolving wrappers drops the tentative ones that forward to no finding.
  const candidatesByDeclaration = draftsByDeclaration(drafts.values());
  reExportDrafts(usable, drafts, candidatesByDeclaration, exports, importers, input.workspaces, (from, spec) => input.resolve(from, spec).resolved);
  progress(3);

  const clusterMembers = assignClusters(drafts, input.definitions, input.config.scope);
  const ordered = [...clusterMembers.entries()].sort(([a], [b]) => byString(a, b));
  // First pass: canonicals on their own merits; the second pass lets members used by another
  // cluster's canonical (its backoff, its config type) weigh that in.
  const firstPass = new Map(ordered.map(([id, members]) => [id, decideCanonical(id, members[0]!.finding.concept, members, drafts.values(), input.config.canonical)]));
  const usedBy = canonicalUsers(ordered, firstPass, drafts);
  const clusters: Cluster[] = [];
  const warnings = new Map<string, ScanWarning>();
  for (const [id, members] of ordered) {
    const concept = members[0]!.finding.concept;
    const decision = decideCanonical(id, concept, members, drafts.values(), input.config.canonical, usedBy);
    if (decision.warning) warnings.set(`${decision.warning.path}\0${decision.warning.message}`, decision.warning);
    for (const member of members) member.finding.status = statusOf(member, decision.canonical, factsByFile);
    const near = similarSummary(members);
    const cluster: Cluster = {
      id,
      concept,
      members: members.map((m) => m.finding.id),
      canonical: decision.canonical,
      reason: decision.reason,
      configured: decision.configured,
      similar: near.pairs,
    };
    if (near.omitted > 0) cluster.similarOmitted = near.omitted;
    clusters.push(cluster);
  }
  progress(4);

  const byDeclaration = draftsByDeclaration(drafts.values());
  const doubleInitializations = findDoubleInitializations(usable, drafts, byDeclaration, exports, factsByFile);
  progress(5);

  const errors: ScanError[] = [...(input.errors ?? [])];
  for (const f of input.facts) {
    if (!f.error) continue;
    errors.push(f.error.line === undefined ? { file: f.file, message: f.error.message } : { file: f.file, message: f.error.message, line: f.error.line });
  }
  errors.sort((a, b) => byString(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));

  const result: ScanResult = {
    schemaVersion: 1,
    root: input.root,
    files: input.files.length,
    findings: [...drafts.values()].map((d) => d.finding).sort(compareFindings),
    clusters,
    doubleInitializations,
    errors,
  };
  if (warnings.size > 0) result.warnings = [...warnings.values()].sort((a, b) => byString(a.path, b.path));
  const graph = buildModuleGraph(input.files, usable, imports, input.workspaces, exports);
  progress(6);
  return { result, graph };
}
