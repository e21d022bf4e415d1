/**
 * The expected inventories of the fixtures (`fixtures/<name>/expected-inventory.json`, hand-written
 * ground truth) and pure comparisons of a ScanResult against them. Each comparison returns one line
 * per difference, so a failing test names every missing, wrong or unexpected item at once.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_CONCEPTS, type Cluster, type Finding, type FindingKind, type FindingStatus, type ScanResult } from '../scan/types.js';
import { repoRoot } from './fixtures.js';

const builtinConcepts: ReadonlySet<string> = new Set(BUILTIN_CONCEPTS);

const sorted = (values: readonly string[]): string[] => [...values].sort();
const same = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
/** `[a, b]`, as the comparisons print lists. */
export const list = (values: readonly string[]): string => `[${values.join(', ')}]`;

/** A finding the scan must report; `importers`, `target` and `workspace` are compared when given. */
export interface ExpectedFinding {
  id: string;
  concept: string;
  kind: string;
  status: string;
  cluster: string | null;
  importers?: string[];
  target?: string;
  workspace?: string;
}

/** A cluster with the member a careful human would pick as canonical (`reason` is for humans). */
export interface ExpectedCluster {
  id: string;
  concept: string;
  members: string[];
  canonical: string | null;
  reason?: string;
}

/** A class that holds instances of two members of one cluster. */
export interface ExpectedDoubleInitialization {
  class: string;
  file: string;
  cluster?: string;
  /** The fields holding the two instances. */
  members: string[];
  /** The findings those fields hold instances of. */
  findings?: string[];
}

/** The hand-written ground truth of one fixture, for the scan with the default config. */
export interface ExpectedInventory {
  findings: ExpectedFinding[];
  clusters: ExpectedCluster[];
  doubleInitializations: ExpectedDoubleInitialization[];
  absent: Array<{ id: string; why: string }>;
  expectedWorkspaceScope?: { clusters: ExpectedCluster[] };
}

/** Every difference between the expected findings and the scan's, one line each. */
export function findingProblems(expected: ExpectedInventory, result: ScanResult): string[] {
  const problems: string[] = [];
  const actualById = new Map(result.findings.map((finding) => [finding.id, finding]));
  for (const want of expected.findings) {
    const got = actualById.get(want.id);
    if (!got) {
      problems.push(`missing finding ${want.id} (${want.concept} ${want.kind}, ${want.status})`);
      continue;
    }
    for (const field of ['concept', 'kind', 'status', 'cluster'] as const) {
      if (got[field] !== want[field]) problems.push(`${want.id}: ${field} is ${String(got[field])}, expected ${String(want[field])}`);
    }
    if (want.importers && !same(got.importers, want.importers)) {
      problems.push(`${want.id}: importers are ${list(got.importers)}, expected ${list(sorted(want.importers))}`);
    }
    if (want.target !== undefined && got.target !== want.target) {
      problems.push(`${want.id}: target is ${String(got.target)}, expected ${want.target}`);
    }
    if (want.workspace !== undefined && got.workspace !== want.workspace) {
      problems.push(`${want.id}: workspace is ${String(got.workspace)}, expected ${want.workspace}`);
    }
  }
  const expectedIds = new Set(expected.findings.map((finding) => finding.id));
  for (const got of result.findings) {
    if (!builtinConcepts.has(got.concept) || expectedIds.has(got.id)) continue;
    problems.push(
      `unexpected finding ${got.id} (${got.concept} ${got.kind}, ${got.status}, confidence ${got.confidence}, ` +
        `lines ${got.startLine}-${got.endLine}, signals ${list(got.signals)})`,
    );
  }
  return problems;
}

/** Look-alikes must not be a finding of any concept, neither as a symbol nor as one of its methods. */
export function absentProblems(expected: ExpectedInventory, result: ScanResult): string[] {
  const problems: string[] = [];
  for (const { id, why } of expected.absent) {
    for (const got of result.findings) {
      if (got.id === id || got.id.startsWith(`${id}.`)) {
        problems.push(`look-alike reported: ${got.id} as ${got.concept} ${got.kind} (signals ${list(got.signals)}); it is ${why}`);
      }
    }
  }
  return problems;
}

export function clusterProblems(expectedClusters: readonly ExpectedCluster[], actualClusters: readonly Cluster[]): string[] {
  const problems: string[] = [];
  const actualById = new Map(actualClusters.map((cluster) => [cluster.id, cluster]));
  for (const want of expectedClusters) {
    const got = actualById.get(want.id);
    if (!got) {
      problems.push(`missing cluster ${want.id}`);
      continue;
    }
    if (got.concept !== want.concept) problems.push(`cluster ${want.id}: concept is ${got.concept}, expected ${want.concept}`);
    if (!same(got.members, want.members)) {
      const extra = got.members.filter((member) => !want.members.includes(member));
      const missing = want.members.filter((member) => !got.members.includes(member));
      problems.push(`cluster ${want.id}: members differ (extra ${list(extra)}, missing ${list(missing)})`);
    }
    if (got.canonical !== want.canonical) {
      problems.push(`cluster ${want.id}: canonical is ${String(got.canonical)} (${got.reason}), expected ${String(want.canonical)}`);
    }
  }
  const expectedIds = new Set(expectedClusters.map((cluster) => cluster.id));
  for (const got of actualClusters) {
    if (builtinConcepts.has(got.concept) && !expectedIds.has(got.id)) {
      problems.push(`unexpected cluster ${got.id} with members ${list(got.members)}`);
    }
  }
  return problems;
}

export function doubleInitializationProblems(expected: ExpectedInventory, result: ScanResult): string[] {
  const problems: string[] = [];
  const key = (file: string, className: string) => `${file}#${className}`;
  const actualByKey = new Map(result.doubleInitializations.map((found) => [key(found.file, found.class), found]));
  for (const want of expected.doubleInitializations) {
    const got = actualByKey.get(key(want.file, want.class));
    if (!got) {
      problems.push(`missing double initialization of ${want.class} in ${want.file}`);
      continue;
    }
    const members = got.holders.map((holder) => holder.member);
    if (!same(members, want.members)) problems.push(`${want.class}: holders are ${list(members)}, expected ${list(want.members)}`);
    const findings = got.holders.map((holder) => holder.finding);
    if (want.findings && !same(findings, want.findings)) {
      problems.push(`${want.class}: held findings are ${list(findings)}, expected ${list(want.findings)}`);
    }
    if (want.cluster !== undefined && got.cluster !== want.cluster) problems.push(`${want.class}: cluster is ${got.cluster}, expected ${want.cluster}`);
  }
  const expectedKeys = new Set(expected.doubleInitializations.map((want) => key(want.file, want.class)));
  for (const got of result.doubleInitializations) {
    if (!expectedKeys.has(key(got.file, got.class))) {
      problems.push(`unexpected double initialization ${got.id}: ${got.holders.map((holder) => `${holder.member} -> ${holder.finding}`).join(', ')}`);
    }
  }
  return problems;
}

/** The expected inventory must be consistent in itself before it can judge a scan. */
export function consistencyProblems(expected: ExpectedInventory): string[] {
  const problems: string[] = [];
  const findingIds = new Set(expected.findings.map((finding) => finding.id));
  if (findingIds.size !== expected.findings.length) problems.push('duplicate finding ids');
  for (const finding of expected.findings) {
    if (!builtinConcepts.has(finding.concept)) problems.push(`${finding.id}: unknown concept ${finding.concept}`);
    if (!/^[^#]+#[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(finding.id)) problems.push(`${finding.id}: not a file#Symbol id`);
    if (finding.importers && JSON.stringify(finding.importers) !== JSON.stringify(sorted(finding.importers))) problems.push(`${finding.id}: importers not sorted`);
    if (finding.status === 'dead' && finding.importers && finding.importers.length > 0) problems.push(`${finding.id}: dead but imported`);
    const wraps = finding.kind === 'wrapper' || finding.kind === 're-export';
    if (wraps !== (finding.status === 'wrapper' || (wraps && finding.status === 'dead'))) problems.push(`${finding.id}: kind ${finding.kind} with status ${finding.status}`);
    if (finding.target !== undefined) {
      const target = expected.findings.find((candidate) => candidate.id === finding.target);
      if (!target || target.cluster !== finding.cluster) problems.push(`${finding.id}: target ${finding.target} is not a finding of its cluster`);
    }
  }
  for (const cluster of [...expected.clusters, ...(expected.expectedWorkspaceScope?.clusters ?? [])]) {
    if (JSON.stringify(cluster.members) !== JSON.stringify(sorted(cluster.members))) problems.push(`cluster ${cluster.id}: members not sorted`);
    if (cluster.canonical !== null && !cluster.members.includes(cluster.canonical)) problems.push(`cluster ${cluster.id}: canonical is not a member`);
    for (const member of cluster.members) if (!findingIds.has(member)) problems.push(`cluster ${cluster.id}: member ${member} is not a finding`);
  }
  for (const cluster of expected.clusters) {
    const members = expected.findings.filter((finding) => finding.cluster === cluster.id);
    if (!same(members.map((finding) => finding.id), cluster.members)) problems.push(`cluster ${cluster.id}: members differ from the findings' cluster fields`);
    const canonical = members.filter((finding) => finding.status === 'canonical').map((finding) => finding.id);
    if (!same(canonical, cluster.canonical === null ? [] : [cluster.canonical])) problems.push(`cluster ${cluster.id}: canonical status on ${list(canonical)}`);
  }
  for (const finding of expected.findings) {
    if (!expected.clusters.some((cluster) => cluster.id === finding.cluster)) problems.push(`${finding.id}: cluster ${String(finding.cluster)} is not listed`);
  }
  for (const double of expected.doubleInitializations) {
    for (const id of double.findings ?? []) {
      const held = expected.findings.find((finding) => finding.id === id);
      if (!held || (double.cluster !== undefined && held.cluster !== double.cluster)) problems.push(`${double.class}: holds ${id}, not a finding of ${String(double.cluster)}`);
    }
  }
  for (const { id } of expected.absent) {
    if (expected.findings.some((finding) => finding.id === id || finding.id.startsWith(`${id}.`))) problems.push(`${id} is both expected and absent`);
  }
  return problems;
}

/** The result a perfect scanner would return for an expected inventory (data for testing the comparison). */
export function perfectResult(expected: ExpectedInventory): ScanResult {
  const findings: Finding[] = expected.findings.map((want) => {
    const [file = '', symbol = ''] = want.id.split('#');
    return {
      id: want.id,
      concept: want.concept,
      kind: want.kind as FindingKind,
      file,
      symbol,
      startLine: 1,
      endLine: 10,
      importers: sorted(want.importers ?? []),
      cluster: want.cluster,
      status: want.status as FindingStatus,
      confidence: 0.9,
      signals: ['name'],
      evidence: [],
      ...(want.target === undefined ? {} : { target: want.target }),
      ...(want.workspace === undefined ? {} : { workspace: want.workspace }),
      fingerprint: want.id,
    };
  });
  return {
    schemaVersion: 1,
    root: '/fixture',
    files: 1,
    findings,
    clusters: expected.clusters.map((cluster) => ({ ...cluster, reason: cluster.reason ?? '', configured: false, similar: [] })),
    doubleInitializations: expected.doubleInitializations.map((double) => ({
      id: `${double.file}#${double.class}`,
      file: double.file,
      class: double.class,
      cluster: double.cluster ?? '',
      holders: double.members.map((member, index) => ({ member, finding: double.findings?.[index] ?? '', line: 1 })),
      startLine: 1,
      endLine: 10,
    })),
    errors: [],
  };
}

/** Reads `fixtures/<name>/expected-inventory.json` from the repository (not from a copy). */
export async function loadExpectedInventory(name: string): Promise<ExpectedInventory> {
  return JSON.parse(await readFile(join(repoRoot, 'fixtures', name, 'expected-inventory.json'), 'utf8')) as ExpectedInventory;
}
