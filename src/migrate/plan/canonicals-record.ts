/**
 * `.ssot/canonicals.json`: the canonical each written phase used, per cluster. The scanner's suggestion
 * moves as a migration goes (importers move, files are deleted), so a later run reads this record to
 * keep the canonical an earlier write acted on. Merged with the existing file, sorted, deterministic.
 */
import { SsotError, type ErrorIssue } from '../../shared/errors.js';
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

/**
 * Parses an existing record (`null`: there is none). A record that is not valid JSON, or not of this
 * shape, is an error listing every problem with its location: silently ignoring it would let the scanner
 * re-pick canonicals the earlier writes acted on.
 */
export function parseCanonicals(text: string | null): CanonicalsRecord {
  const record: CanonicalsRecord = { version: 1, clusters: {} };
  if (text === null) return record;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const where = position ? `:${lineColumn(text, Number(position[1]))}` : '';
    throw damaged([{ path: `${CANONICALS_FILE}${where}`, message: `not valid JSON (${(error as Error).message})` }]);
  }
  const issues: ErrorIssue[] = [];
  const at = (key: string) => `${CANONICALS_FILE}:${lineOfKey(text, key)}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged([{ path: `${CANONICALS_FILE}:1`, message: 'expected an object with "version": 1 and "clusters"' }]);
  const { version, clusters } = value as { version?: unknown; clusters?: unknown };
  if (version !== 1) issues.push({ path: at('version'), message: `"version" must be 1 (found ${JSON.stringify(version) ?? 'none'})` });
  if (typeof clusters !== 'object' || clusters === null || Array.isArray(clusters)) {
    issues.push({ path: at('clusters'), message: '"clusters" must be an object of cluster id to { "ref", "source" }' });
  } else {
    for (const [id, entry] of Object.entries(clusters as Record<string, unknown>)) {
      const { ref, source } = (typeof entry === 'object' && entry !== null ? entry : {}) as { ref?: unknown; source?: unknown };
      if (typeof ref !== 'string' || ref === '') issues.push({ path: at(id), message: `clusters.${id}.ref must be a "file#Symbol" string` });
      if (source !== 'config' && source !== 'suggested') issues.push({ path: at(id), message: `clusters.${id}.source must be "config" or "suggested"` });
      if (typeof ref === 'string' && ref !== '' && (source === 'config' || source === 'suggested')) record.clusters[id] = { ref, source };
    }
  }
  if (issues.length > 0) throw damaged(issues);
  return record;
}

function damaged(issues: ErrorIssue[]): SsotError {
  return new SsotError(
    'input',
    `${CANONICALS_FILE} is damaged: it records the canonicals earlier \`ssot migrate --write\` runs used, and is not re-picked silently; fix it, or delete it to let the config and the scan choose again`,
    issues,
  );
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

function lineOfKey(text: string, key: string): number {
  const index = text.indexOf(JSON.stringify(key));
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
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
    // Shims of an earlier run grouped by the canonical their @ssot-shim tag names are no cluster of the
    // scan: the tag is their record, and nothing looks them up here.
    if (cluster.concept === 'shim') continue;
    // A kept record keeps the source of the choice it records (config or suggested).
    if (!cluster.canonical || (cluster.canonical.source === 'recorded' && record.clusters[cluster.id]?.ref === cluster.canonical.ref)) continue;
    record.clusters[cluster.id] = { ref: cluster.canonical.ref, source: cluster.canonical.source === 'config' ? 'config' : 'suggested' };
  }
  // Nothing to record and no record yet: no empty file.
  if (before === null && Object.keys(record.clusters).length === 0) return undefined;
  const after = formatCanonicals(record);
  if (after === before) return undefined;
  return { path: CANONICALS_FILE, before, after, codemods: [] };
}
