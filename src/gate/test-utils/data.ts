/** Builders of hand-made scan data for the gate's pure-function tests (data tables, not mocks). */
import { resolvedDefaults } from '../../config/defaults.js';
import type { ModuleGraph, ResolvedImport } from '../../scan/graph-types.js';
import type { Cluster, Finding, ScanResult } from '../../scan/types.js';
import type { GateInput } from '../evaluate.js';
import type { BaselineEntry } from '../types.js';

export function finding(partial: Partial<Finding> & { file: string; symbol: string }): Finding {
  return {
    id: `${partial.file}#${partial.symbol}`,
    concept: 'retry',
    kind: 'implementation',
    startLine: 1,
    endLine: 10,
    importers: [],
    cluster: partial.concept ?? 'retry',
    status: 'duplicate',
    confidence: 0.9,
    signals: ['retry-loop'],
    evidence: [],
    fingerprint: `fp-${partial.symbol}`,
    ...partial,
  };
}

export function entry(partial: Partial<BaselineEntry> & { id: string; file: string; symbol: string }): BaselineEntry {
  return { concept: 'retry', kind: 'implementation', line: 1, ...partial };
}

export function importOf(from: string, specifier: string, resolved: string | null, extra: Partial<ResolvedImport> = {}): ResolvedImport {
  return { from, specifier, resolved, line: 1, kind: 'static', typeOnly: false, bindings: [], ...extra };
}

export function scanResult(findings: Finding[], clusters: Cluster[] = clustersOf(findings)): ScanResult {
  return { schemaVersion: 1, root: '/repo', files: 0, findings, clusters, doubleInitializations: [], errors: [] };
}

/** One cluster per concept, canonical = its first member (as the scanner would suggest one). */
export function clustersOf(findings: Finding[]): Cluster[] {
  const byCluster = new Map<string, Finding[]>();
  for (const f of findings) if (f.cluster) byCluster.set(f.cluster, [...(byCluster.get(f.cluster) ?? []), f]);
  return [...byCluster].map(([id, members]) => ({
    id,
    concept: (members[0] as Finding).concept,
    members: members.map((m) => m.id).sort(),
    canonical: (members[0] as Finding).id,
    reason: 'most importers',
    configured: false,
    similar: [],
  }));
}

export function graphOf(files: string[], imports: ResolvedImport[] = [], exportOrigins: ModuleGraph['exportOrigins'] = {}): ModuleGraph {
  return { files: [...files].sort(), imports, workspaces: [], exportOrigins };
}

/** A complete gate input with defaults; override what a test is about. */
export function gateInput(partial: Partial<GateInput> & { result: ScanResult }): GateInput {
  const defaults = resolvedDefaults('/repo');
  return {
    graph: graphOf(partial.result.findings.map((f) => f.file)),
    baseline: { version: 1, tool: 'ssot test', entries: [] },
    notes: {},
    forbid: defaults.forbid,
    forbidden: null,
    max: {},
    canonical: {},
    ...partial,
  };
}
