import { describe, expect, it } from 'vitest';
import { similarity } from '../shape-similarity.js';
import type { Finding, SimilarPair } from '../types.js';
import type { Draft } from './drafts.js';
import { EXACT_MEMBER_LIMIT, MAX_LISTED_PAIRS, SIMILARITY_THRESHOLD, lshCandidates, similarPairs, similarSummary } from './similarity.js';
import { candidate, facts, linkTable } from './test-utils/tables.js';

/** A draft whose candidate has the given MinHash shape. */
function draft(id: string, shape: number[]): Draft {
  const [file, symbol] = id.split('#') as [string, string];
  const finding = { id, concept: 'retry', kind: 'implementation', file, symbol } as Finding;
  return { finding, localName: symbol, candidate: candidate(symbol, { shape }) };
}

/** Deterministic pseudo-random numbers (a linear congruential generator), so the tables are data. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648);
}

function randomShape(next: () => number): number[] {
  return Array.from({ length: 64 }, () => next());
}

/** `base` with its first `changed` slots replaced by fresh values. */
function variant(base: number[], changed: number, next: () => number): number[] {
  return base.map((value, slot) => (slot < changed ? next() : value));
}

/** Every pair at or above the threshold, most similar first: the definition the output must keep for ordinary clusters. */
function allPairs(members: Draft[]): SimilarPair[] {
  const pairs: SimilarPair[] = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const score = similarity(members[i]!.candidate!.shape, members[j]!.candidate!.shape);
      if (score < SIMILARITY_THRESHOLD) continue;
      const [a, b] = [members[i]!.finding.id, members[j]!.finding.id].sort() as [string, string];
      pairs.push({ a, b, score: Math.round(score * 1000) / 1000 });
    }
  }
  return pairs.sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
}

const id = (n: number): string => `src/f${String(n).padStart(5, '0')}.ts#retry${n}`;
const pairsOf = (n: number): number => (n * (n - 1)) / 2;

describe('similarSummary on clusters of ordinary size', () => {
  it('lists every pair at or above the threshold, nothing omitted, as the all-pairs definition', () => {
    const next = numbers(7);
    const base = randomShape(next);
    // Copies, near clones, distant variants and unrelated shapes, in a cluster at the size limit.
    const members = Array.from({ length: EXACT_MEMBER_LIMIT }, (_, n) =>
      draft(id(n), n % 5 === 0 ? base : n % 5 === 4 ? randomShape(next) : variant(base, [8, 24, 40][n % 3]!, next)),
    );
    const summary = similarSummary(members);
    expect(summary.omitted).toBe(0);
    expect(summary.pairs).toEqual(allPairs(members));
    expect(summary.pairs.length).toBeGreaterThan(MAX_LISTED_PAIRS);
    expect(similarPairs(members)).toEqual(summary.pairs);
  });

  it('ignores members without a shape', () => {
    const shape = randomShape(numbers(3));
    const summary = similarSummary([draft(id(1), shape), draft(id(2), []), draft(id(3), shape)]);
    expect(summary).toEqual({ pairs: [{ a: id(1), b: id(3), score: 1 }], omitted: 0 });
  });
});

describe('similarSummary on big clusters', () => {
  it('bounds 5,000 identical members to the listed pairs and counts the rest', () => {
    const shape = randomShape(numbers(11));
    const members = Array.from({ length: 5000 }, (_, n) => draft(id(n), shape));
    const { pairs, omitted } = similarSummary(members);
    expect(pairs).toHaveLength(MAX_LISTED_PAIRS);
    expect(omitted).toBe(pairsOf(5000) - MAX_LISTED_PAIRS);
    // Each listed pair ties a member to the group's first member, in id order.
    expect(pairs.every((pair) => pair.a === id(0) && pair.score === 1)).toBe(true);
    expect(pairs.slice(0, 3).map((pair) => pair.b)).toEqual([id(1), id(2), id(3)]);
  });

  it('compares groups of identical shapes once and counts every member pair they stand for', () => {
    const next = numbers(5);
    const first = randomShape(next);
    const second = variant(first, 16, next); // 48 of 64 slots in common: 0.75
    const third = randomShape(next); // unrelated
    const members = [
      ...Array.from({ length: 400 }, (_, n) => draft(id(n), first)),
      ...Array.from({ length: 200 }, (_, n) => draft(id(400 + n), second)),
      ...Array.from({ length: 10 }, (_, n) => draft(id(600 + n), third)),
    ];
    const { pairs, omitted } = similarSummary(members);
    expect(pairs.filter((pair) => pair.score === 1)).toHaveLength(399 + 199 + 9);
    expect(pairs.filter((pair) => pair.score < 1)).toEqual([{ a: id(0), b: id(400), score: 0.75 }]);
    expect(omitted).toBe(pairsOf(400) + pairsOf(200) + pairsOf(10) + 400 * 200 - pairs.length);
  });

  it('finds near clones among thousands of distinct shapes through LSH bands', () => {
    const next = numbers(13);
    const members = Array.from({ length: 3000 }, (_, n) => draft(id(n), randomShape(next)));
    const clone = variant(members[1234]!.candidate!.shape, 2, next);
    members.push(draft(id(9999), clone));
    const { pairs, omitted } = similarSummary(members);
    expect(pairs).toEqual([{ a: id(1234), b: id(9999), score: 0.969 }]);
    expect(omitted).toBe(0);
  });
});

describe('lshCandidates', () => {
  it('visits a pair sharing several bands once, and never pairs shapes with no band in common', () => {
    const next = numbers(17);
    const a = randomShape(next);
    // 0 and 1 share all 16 bands; 3 shares only the last band (its last 4 slots) with both; 2 shares none.
    const shapes = [a, [...a], randomShape(next), variant(a, 60, next)];
    const visited: string[] = [];
    lshCandidates(shapes, (i, j) => visited.push(`${i}-${j}`));
    expect(visited.sort()).toEqual(['0-1', '0-3', '1-3']);
  });
});

describe('link', () => {
  it('states the omitted pairs of a big cluster in similarOmitted, and leaves the field out otherwise', () => {
    const shape = randomShape(numbers(19));
    const big = Array.from({ length: EXACT_MEMBER_LIMIT + 100 }, (_, n) => facts(`src/r${n}.ts`, { candidates: [candidate(`retry${n}`, { shape })] }));
    const bigCluster = linkTable(big).result.clusters[0]!;
    expect(bigCluster.similar).toHaveLength(EXACT_MEMBER_LIMIT + 99);
    expect(bigCluster.similarOmitted).toBe(pairsOf(EXACT_MEMBER_LIMIT + 100) - (EXACT_MEMBER_LIMIT + 99));
    const small = linkTable(big.slice(0, 3)).result.clusters[0]!;
    expect(small.similar).toHaveLength(3);
    expect('similarOmitted' in small).toBe(false);
  });
});
