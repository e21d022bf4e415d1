/**
 * Light helpers shared by `ssot plan` and `ssot migrate`: which phase a `--phase` value names, how the
 * planner reads files, and importers per file from the scan's module graph.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhaseConfig } from '../../config/types.js';
import type { ModuleGraph } from '../../scan/graph-types.js';
import { SsotError } from '../../shared/errors.js';

/** The phase a `--phase` value names: its 1-based number or its name. */
export function resolvePhase(phases: readonly PhaseConfig[], wanted: string): { phase: PhaseConfig; number: number } {
  const trimmed = wanted.trim();
  const byNumber = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (Number.isInteger(byNumber) && byNumber >= 1 && byNumber <= phases.length) return { phase: phases[byNumber - 1]!, number: byNumber };
  const index = phases.findIndex((phase) => phase.name === trimmed);
  if (index !== -1) return { phase: phases[index]!, number: index + 1 };
  const list = phases.map((phase, i) => `${i + 1} ${phase.name}`).join(', ');
  throw new SsotError('usage', `no phase ${wanted}: the phases are ${list}`, [{ path: '--phase', message: `expected 1..${phases.length} or a name (${list})` }]);
}

/** How the planner reads files: posix paths relative to the root; null when unreadable. */
export function planReader(root: string): (path: string) => string | null {
  return (path) => {
    try {
      return readFileSync(join(root, ...path.split('/')), 'utf8');
    } catch {
      return null;
    }
  };
}

/** Importers per file from the scan's module graph. */
export function importersFromGraph(graph: ModuleGraph): (path: string) => string[] {
  const byTarget = new Map<string, Set<string>>();
  for (const edge of graph.imports) {
    if (!edge.resolved || edge.resolved === edge.from) continue;
    const set = byTarget.get(edge.resolved) ?? new Set<string>();
    set.add(edge.from);
    byTarget.set(edge.resolved, set);
  }
  return (path) => [...(byTarget.get(path) ?? [])].sort();
}
