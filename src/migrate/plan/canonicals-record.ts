/**
 * `.ssot/canonicals.json`: the canonical each written phase used, per cluster. The scanner's suggestion
 * moves as a migration goes (importers move, files are deleted), so a later run reads this record to
 * keep the canonical an earlier write acted on. Merged with the existing file, sorted, deterministic.
 */
import type { FileChange } from '../types.js';
import type { MigrationPlan } from './types.js';

export const CANONICALS_FILE = '.ssot/canonicals.json';

/** One cluster's recorded canonical: `file#Symbol` (or `package#Symbol`) and where the choice came from. */
export interface RecordedCanonical {
  ref: string;
  source: 'config' | 'suggested';
}

export interface CanonicalsRecord {
  version: 1;
  clusters: Record<string, RecordedCanonical>;
}

/** Parses an existing record; an unreadable or foreign file counts as empty (it is rewritten whole). */
export function parseCanonicals(text: string | null): CanonicalsRecord {
  const record: CanonicalsRecord = { version: 1, clusters: {} };
  if (text === null) return record;
  try {
    const value = JSON.parse(text) as { clusters?: unknown };
    if (typeof value?.clusters !== 'object' || value.clusters === null) return record;
    for (const [id, entry] of Object.entries(value.clusters as Record<string, Partial<RecordedCanonical>>)) {
      if (typeof entry?.ref !== 'string') continue;
      record.clusters[id] = { ref: entry.ref, source: entry.source === 'config' ? 'config' : 'suggested' };
    }
  } catch {
    return record;
  }
  return record;
}

export function formatCanonicals(record: CanonicalsRecord): string {
  const clusters = Object.fromEntries(Object.keys(record.clusters).sort().map((id) => [id, record.clusters[id]!]));
  return `${JSON.stringify({ version: 1, clusters }, null, 2)}\n`;
}

/**
 * The record update for a written phase: every cluster of the plan that has a canonical, merged over
 * the existing record (clusters this plan no longer has keep their entry). Undefined when unchanged.
 */
export function canonicalsChange(plan: MigrationPlan, before: string | null): FileChange | undefined {
  const record = parseCanonicals(before);
  for (const cluster of plan.clusters) {
    // A kept record keeps the source of the choice it records (config or suggested).
    if (!cluster.canonical || (cluster.canonical.source === 'recorded' && record.clusters[cluster.id]?.ref === cluster.canonical.ref)) continue;
    record.clusters[cluster.id] = { ref: cluster.canonical.ref, source: cluster.canonical.source === 'config' ? 'config' : 'suggested' };
  }
  const after = formatCanonicals(record);
  if (after === before) return undefined;
  return { path: CANONICALS_FILE, before, after, codemods: [] };
}
