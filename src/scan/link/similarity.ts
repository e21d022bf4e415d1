/**
 * Near-clone similarity between members of a cluster, from the MinHash shapes the detectors compute
 * (`similarity` of the fingerprint module: the fraction of equal slots, an estimate of the Jaccard
 * similarity of the two declarations' structures).
 */
import { similarity as shapeSimilarity } from '../shape-similarity.js';
import type { SimilarPair } from '../types.js';
import type { Draft } from './drafts.js';

/** Pairs scoring at or above this are reported in `cluster.similar` (half the structure in common). */
export const SIMILARITY_THRESHOLD = 0.5;

/** Member pairs at or above the threshold, most similar first (then by ids, for stable output). */
export function similarPairs(members: readonly Draft[], similarity: (a: readonly number[], b: readonly number[]) => number = shapeSimilarity): SimilarPair[] {
  const shaped = members.filter((m) => (m.candidate?.shape.length ?? 0) > 0);
  const pairs: SimilarPair[] = [];
  for (let i = 0; i < shaped.length; i++) {
    for (let j = i + 1; j < shaped.length; j++) {
      const score = similarity(shaped[i]!.candidate!.shape, shaped[j]!.candidate!.shape);
      if (score < SIMILARITY_THRESHOLD) continue;
      const [a, b] = [shaped[i]!.finding.id, shaped[j]!.finding.id].sort() as [string, string];
      pairs.push({ a, b, score: Math.round(score * 1000) / 1000 });
    }
  }
  return pairs.sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
}
