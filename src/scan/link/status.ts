/**
 * Statuses: `canonical` for the cluster's canonical; `wrapper` for wrappers and re-exports still in
 * use; `dead` for a finding nothing imports and nothing in its own file uses (never the canonical);
 * `duplicate` for every other member.
 */
import type { FileFacts } from '../facts.js';
import type { FindingStatus } from '../types.js';
import type { Draft } from './drafts.js';

export function statusOf(draft: Draft, canonical: string | null, facts: ReadonlyMap<string, FileFacts>): FindingStatus {
  const finding = draft.finding;
  if (finding.id === canonical) return 'canonical';
  const usedLocally = draft.candidate !== undefined && (facts.get(finding.file)?.localUses.includes(draft.localName) ?? false);
  const used = finding.importers.length > 0 || usedLocally;
  if (!used) return 'dead';
  if (finding.kind === 'wrapper' || finding.kind === 're-export') return 'wrapper';
  return 'duplicate';
}
