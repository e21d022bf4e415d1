/**
 * Writing baselines: the full one (`ssot baseline`: accept every current finding) and the pruned one
 * (`ssot check --update-baseline`, `ssot baseline --prune`: drop fixed entries, refresh moved and
 * changed ones, never add). Entries whose finding is still where it was are kept byte for byte (even
 * if the line shifted), so an update only touches the lines that really changed.
 */
import type { Finding } from '../scan/types.js';
import { compareEntries, entryFromFinding } from './baseline.js';
import { matchBaseline } from './match.js';
import type { Baseline, BaselineEntry } from './types.js';

export interface BaselineUpdate {
  baseline: Baseline;
  /** Entries that were not in the previous baseline. */
  added: BaselineEntry[];
  /** Previous entries that are gone (fixed, or replaced by a refreshed entry). */
  removed: BaselineEntry[];
}

/**
 * The baseline of the given findings. With `previous`, unchanged entries are reused as they are; with
 * `prune`, findings that match no previous entry are left out (the baseline can only shrink). Entries
 * of `unparsed` files are kept.
 */
export function buildBaseline(
  findings: readonly Finding[],
  shapes: Readonly<Record<string, string>>,
  tool: string,
  previous: Baseline | null,
  prune = false,
  unparsed: ReadonlySet<string> = new Set(),
): BaselineUpdate {
  const byId = new Map(findings.map((finding) => [finding.id, finding]));
  const match = matchBaseline(findings, previous?.entries ?? [], shapes);
  const entries: BaselineEntry[] = [];
  for (const m of match.matched) {
    const finding = byId.get(m.finding) as Finding;
    if (m.how === 'same') entries.push(m.entry);
    else entries.push(entryFromFinding(finding, shapes[finding.id]));
  }
  // Entries of files the scanner could not parse this time are kept: their findings are unknown, not gone.
  for (const entry of match.fixed) if (unparsed.has(entry.file)) entries.push(entry);
  if (!prune) for (const { finding } of match.unmatched) entries.push(entryFromFinding(finding, shapes[finding.id]));
  entries.sort(compareEntries);

  const before = new Set((previous?.entries ?? []).map(entryKey));
  const after = new Set(entries.map(entryKey));
  return {
    baseline: { version: 1, tool, entries },
    added: entries.filter((entry) => !before.has(entryKey(entry))),
    removed: (previous?.entries ?? []).filter((entry) => !after.has(entryKey(entry))),
  };
}

function entryKey(entry: BaselineEntry): string {
  return JSON.stringify([entry.id, entry.concept, entry.kind, entry.file, entry.symbol, entry.line, entry.shape ?? '']);
}
