/**
 * ScanResults for planner tests, built from a short description of the clusters (the detection is not
 * what these tests are about): findings get their lines from the sources and their importers from the
 * graph; and a helper that runs phases on a temp project the way `ssot migrate` will.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolvedDefaults } from '../../../config/defaults.js';
import type { ResolvedConfig } from '../../../config/types.js';
import { parseSource } from '../../../parser/ts.js';
import type { ModuleGraph } from '../../../scan/graph-types.js';
import type { DoubleInitialization, Finding, FindingKind, ScanResult } from '../../../scan/types.js';
import { findExportedDeclaration, localDeclarations } from '../codemod-utils/declarations.js';
import { buildPlan } from '../build-plan.js';
import { phaseChanges, type PhaseResult } from '../phase-changes.js';
import type { MigrationPlan } from '../types.js';
import { simpleGraph } from './simple-graph.js';

export interface ClusterSpec {
  id: string;
  concept?: string;
  /** Finding ids (`file#Symbol`); the first is the scanner's suggestion unless `canonical` says otherwise. */
  members: string[];
  canonical?: string | null;
  kinds?: Record<string, FindingKind>;
}

export function scanResult(root: string, graph: ModuleGraph, clusters: ClusterSpec[], doubleInitializations: DoubleInitialization[] = []): ScanResult {
  const findings: Finding[] = [];
  for (const cluster of clusters) {
    const canonical = cluster.canonical === undefined ? cluster.members[0]! : cluster.canonical;
    for (const id of cluster.members) {
      const [file, symbol] = id.split('#') as [string, string];
      const source = parseSource(file, readFileSync(join(root, file), 'utf8'));
      const declaration = localDeclarations(source).get(symbol.split('.')[0]!);
      const startLine = declaration ? source.getLineAndCharacterOfPosition(declaration.statement.getStart(source)).line + 1 : 1;
      const importers = [...new Set(graph.imports.filter((i) => i.resolved === file && i.from !== file).map((i) => i.from))].sort();
      findings.push({
        id,
        concept: cluster.concept ?? cluster.id,
        kind: cluster.kinds?.[id] ?? 'implementation',
        file,
        symbol,
        startLine,
        endLine: startLine,
        importers,
        cluster: cluster.id,
        status: id === canonical ? 'canonical' : 'duplicate',
        confidence: 0.9,
        signals: [],
        evidence: [],
        fingerprint: id,
      });
    }
  }
  return {
    schemaVersion: 1,
    root,
    files: graph.files.length,
    findings,
    clusters: clusters.map((c) => ({
      id: c.id,
      concept: c.concept ?? c.id,
      members: [...c.members].sort(),
      canonical: c.canonical === undefined ? c.members[0]! : c.canonical,
      reason: 'test',
      configured: false,
      similar: [],
    })),
    doubleInitializations,
    errors: [],
  };
}

export function testConfig(root: string, overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return { ...resolvedDefaults(root), ...overrides };
}

export function reader(root: string): (path: string) => string | null {
  return (path) => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return null;
    }
  };
}

/** Plans against the project as it is now and runs one phase, writing the changes. */
export function runPhase(
  root: string,
  phaseName: string,
  describe: (graph: ModuleGraph) => ScanResult,
  config: ResolvedConfig,
): { plan: MigrationPlan; result: PhaseResult } {
  const graph = simpleGraph(root);
  const plan = buildPlan({ result: describe(graph), graph, config, readFile: reader(root) });
  const phase = config.phases.find((p) => p.name === phaseName)!;
  const result = phaseChanges(plan, phase, reader(root));
  for (const change of result.changes) {
    const target = join(root, change.path);
    if (change.after === null) rmSync(target, { force: true });
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, change.after);
    }
  }
  return { plan, result };
}

/** Finding ids of a spec that still exist on disk (members a delete phase removed drop out). */
export function existing(root: string, ids: string[]): string[] {
  return ids.filter((id) => {
    const file = id.split('#')[0]!;
    if (!existsSync(join(root, file))) return false;
    const source = parseSource(file, readFileSync(join(root, file), 'utf8'));
    const symbol = id.split('#')[1]!;
    return localDeclarations(source).has(symbol.split('.')[0]!) || findExportedDeclaration(source, symbol) !== undefined;
  });
}
