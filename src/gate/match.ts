/**
 * Matching current findings against baseline entries. The semantics:
 *
 * 1. Exact identity, with multiplicity: findings and entries with the same concept and fingerprint pair
 *    up one to one (preferring the same file and symbol, so locations stay meaningful). A finding left
 *    over in such a group is a *copy* of a baselined one: it is new, and never matched by step 2.
 * 2. Edited legacy code: a finding whose fingerprint is not in the baseline may take over an entry left
 *    unmatched by step 1, of the same concept, when it has the same file and symbol (edited in place),
 *    else the same symbol (moved and edited), else a token shape similar enough (renamed and edited,
 *    same kind). It is reported as `changed`, not new.
 * 3. Entries still unmatched are fixed (their finding is gone).
 *
 * Every entry is used at most once, so the number of findings per concept that pass can never exceed
 * the number of baseline entries for that concept: the count only goes down.
 */
import type { Finding } from '../scan/types.js';
import { compareEntries } from './baseline.js';
import { shapeSimilarity } from './shape.js';
import type { BaselineEntry, MatchedFinding } from './types.js';

/** Shape similarity at or above which an edited, renamed declaration still counts as the baselined one. */
export const SHAPE_MATCH_THRESHOLD = 0.7;

export interface NewFinding {
  finding: Finding;
  /** Set when the finding is an extra copy of a baselined identity. */
  copyOf?: BaselineEntry;
}

export interface MatchResult {
  matched: MatchedFinding[];
  unmatched: NewFinding[];
  fixed: BaselineEntry[];
}

export function matchBaseline(
  findings: readonly Finding[],
  entries: readonly BaselineEntry[],
  shapes: Readonly<Record<string, string>> = {},
): MatchResult {
  const matched: MatchedFinding[] = [];
  const unmatched: NewFinding[] = [];
  const byKey = new Map<string, BaselineEntry[]>();
  for (const entry of [...entries].sort(compareEntries)) push(byKey, key(entry.concept, entry.id), entry);
  const findingsByKey = new Map<string, Finding[]>();
  const noIdentity: Finding[] = [];
  for (const finding of [...findings].sort(compareFindings)) {
    if (finding.fingerprint) push(findingsByKey, key(finding.concept, finding.fingerprint), finding);
    else noIdentity.push(finding);
  }

  const leftEntries = new Set<BaselineEntry>();
  const fallbackCandidates: Finding[] = [...noIdentity];
  for (const [k, group] of findingsByKey) {
    const pool = byKey.get(k);
    if (!pool) {
      fallbackCandidates.push(...group);
      continue;
    }
    const { pairs, restFindings, restEntries } = pairGroup(group, pool);
    for (const [finding, entry] of pairs) {
      matched.push(matchedOf(finding, entry, finding.file === entry.file && finding.symbol === entry.symbol ? 'same' : 'moved'));
    }
    for (const finding of restFindings) unmatched.push({ finding, copyOf: pool[0] as BaselineEntry });
    for (const entry of restEntries) leftEntries.add(entry);
  }
  for (const [k, pool] of byKey) if (!findingsByKey.has(k)) for (const entry of pool) leftEntries.add(entry);

  for (const [finding, entry] of fallbackPairs(fallbackCandidates.sort(compareFindings), leftEntries, shapes)) {
    if (entry) matched.push(matchedOf(finding, entry, 'changed'));
    else unmatched.push({ finding });
  }

  matched.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.finding, b.finding));
  unmatched.sort((a, b) => compareFindings(a.finding, b.finding));
  return { matched, unmatched, fixed: [...leftEntries].sort(compareEntries) };
}

/** Pairs one identity group: same file and symbol first, then same file, then same symbol, then in order. */
function pairGroup(group: Finding[], pool: BaselineEntry[]) {
  const restFindings = [...group];
  const restEntries = [...pool];
  const pairs: Array<[Finding, BaselineEntry]> = [];
  const tests: Array<(f: Finding, e: BaselineEntry) => boolean> = [
    (f, e) => f.file === e.file && f.symbol === e.symbol,
    (f, e) => f.file === e.file,
    (f, e) => f.symbol === e.symbol,
    () => true,
  ];
  for (const test of tests) {
    for (let i = 0; i < restFindings.length; ) {
      const finding = restFindings[i] as Finding;
      const at = restEntries.findIndex((entry) => test(finding, entry));
      if (at < 0) {
        i++;
        continue;
      }
      pairs.push([finding, restEntries[at] as BaselineEntry]);
      restEntries.splice(at, 1);
      restFindings.splice(i, 1);
    }
  }
  return { pairs, restFindings, restEntries };
}

/**
 * Step 2, in passes over all candidates so that a closer match is never taken by a looser one first:
 * same file and symbol, then same symbol (same kind preferred), then the most similar shape.
 */
function fallbackPairs(
  candidates: Finding[],
  left: Set<BaselineEntry>,
  shapes: Readonly<Record<string, string>>,
): Array<[Finding, BaselineEntry | undefined]> {
  const chosen = new Map<Finding, BaselineEntry>();
  const take = (finding: Finding, entry: BaselineEntry) => {
    chosen.set(finding, entry);
    left.delete(entry);
  };
  const open = () => candidates.filter((finding) => !chosen.has(finding));
  const pool = (finding: Finding) => [...left].filter((entry) => entry.concept === finding.concept).sort(compareEntries);
  for (const finding of open()) {
    const entry = pool(finding).find((e) => e.file === finding.file && e.symbol === finding.symbol);
    if (entry) take(finding, entry);
  }
  for (const sameKind of [true, false]) {
    for (const finding of open()) {
      const entry = pool(finding).find((e) => e.symbol === finding.symbol && (!sameKind || e.kind === finding.kind));
      if (entry) take(finding, entry);
    }
  }
  const scored: Array<{ finding: Finding; entry: BaselineEntry; score: number }> = [];
  for (const finding of open()) {
    for (const entry of pool(finding)) {
      if (entry.kind !== finding.kind) continue;
      const score = shapeSimilarity(shapes[finding.id], entry.shape);
      if (score >= SHAPE_MATCH_THRESHOLD) scored.push({ finding, entry, score });
    }
  }
  scored.sort((a, b) => b.score - a.score || compareFindings(a.finding, b.finding) || compareEntries(a.entry, b.entry));
  for (const { finding, entry } of scored) if (!chosen.has(finding) && left.has(entry)) take(finding, entry);
  return candidates.map((finding) => [finding, chosen.get(finding)]);
}

function matchedOf(finding: Finding, entry: BaselineEntry, how: MatchedFinding['how']): MatchedFinding {
  return { finding: finding.id, concept: finding.concept, file: finding.file, line: finding.startLine, how, entry };
}

function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.startLine - b.startLine || cmp(a.symbol, b.symbol) || cmp(a.concept, b.concept);
}

function key(concept: string, id: string): string {
  return `${concept}\u0000${id}`;
}

function push<T>(map: Map<string, T[]>, k: string, value: T): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
