/**
 * Near-clone similarity between members of a cluster, from the MinHash shapes the detectors compute
 * (`similarity` of the fingerprint module: the fraction of equal slots, an estimate of the Jaccard
 * similarity of the two declarations' structures).
 *
 * A cluster of n members has n(n-1)/2 pairs: fine for the few dozen copies a real codebase grows, not
 * for a generated file with 40,000 copies (800 million pairs). Clusters up to `EXACT_MEMBER_LIMIT`
 * shaped members get every pair, as always; bigger ones get a bounded summary (`boundedPairs`).
 */
import { similarity as shapeSimilarity } from '../shape-similarity.js';
import type { SimilarPair } from '../types.js';
import type { Draft } from './drafts.js';

/** Pairs scoring at or above this are reported in `cluster.similar` (half the structure in common). */
export const SIMILARITY_THRESHOLD = 0.5;
/** Clusters with at most this many shaped members list every pair at or above the threshold. */
export const EXACT_MEMBER_LIMIT = 500;
/** Pairs listed for a bigger cluster; the others are counted in `similarOmitted`. */
export const MAX_LISTED_PAIRS = 1000;
/** Distinct shapes of a big cluster compared all against all; beyond it, candidates come from LSH bands. */
export const EXACT_SHAPE_LIMIT = 2000;
/** LSH: bands of the 64-slot signature (4 slots each) and how many bucket neighbours each shape meets. */
const LSH_BANDS = 16;
const LSH_WINDOW = 32;

type Similarity = (a: readonly number[], b: readonly number[]) => number;

/** Near-clone pairs of a cluster: the pairs listed, and how many pairs at or above the threshold were left out. */
export interface SimilarSummary {
  pairs: SimilarPair[];
  /** Qualifying pairs not listed (0 for clusters of ordinary size, which list them all). */
  omitted: number;
}

const byString = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
const byScoreThenIds = (x: SimilarPair, y: SimilarPair): number => y.score - x.score || byString(x.a, y.a) || byString(x.b, y.b);
const rounded = (score: number): number => Math.round(score * 1000) / 1000;

function pairOf(x: string, y: string, score: number): SimilarPair {
  const [a, b] = x < y ? [x, y] : [y, x];
  return { a, b, score: rounded(score) };
}

/** Member pairs at or above the threshold, most similar first (then by ids, for stable output). */
export function similarPairs(members: readonly Draft[], similarity: Similarity = shapeSimilarity): SimilarPair[] {
  return similarSummary(members, similarity).pairs;
}

/**
 * Near-clone pairs of a cluster. Up to `EXACT_MEMBER_LIMIT` shaped members: every pair at or above
 * the threshold, nothing omitted. Beyond: see `boundedPairs`.
 */
export function similarSummary(members: readonly Draft[], similarity: Similarity = shapeSimilarity): SimilarSummary {
  const shaped = members.filter((m) => (m.candidate?.shape.length ?? 0) > 0);
  if (shaped.length > EXACT_MEMBER_LIMIT) return boundedPairs(shaped, similarity);
  const pairs: SimilarPair[] = [];
  for (let i = 0; i < shaped.length; i++) {
    for (let j = i + 1; j < shaped.length; j++) {
      const score = similarity(shaped[i]!.candidate!.shape, shaped[j]!.candidate!.shape);
      if (score < SIMILARITY_THRESHOLD) continue;
      pairs.push(pairOf(shaped[i]!.finding.id, shaped[j]!.finding.id, score));
    }
  }
  return { pairs: pairs.sort(byScoreThenIds), omitted: 0 };
}

/** Members sharing one shape exactly, represented by the smallest id. */
interface ShapeGroup {
  shape: readonly number[];
  ids: string[];
}

/**
 * A big cluster, in time and memory linear in its size (plus the bounded comparisons between shapes):
 * members with the same shape are grouped and their shapes compared once. Listed: each member paired
 * with its group's representative (the smallest id: "this is a renamed copy of that one", score 1),
 * and the representatives of groups whose shapes score at or above the threshold; the most similar
 * `MAX_LISTED_PAIRS` of those. `omitted` counts every member pair those scores cover (a group of k
 * has k(k-1)/2 pairs) minus the listed ones. With more than `EXACT_SHAPE_LIMIT` distinct shapes, only
 * shapes sharing a MinHash band (LSH) are compared, so pairs of moderately similar shapes may be missed
 * and are then not counted either.
 */
export function boundedPairs(shaped: readonly Draft[], similarity: Similarity): SimilarSummary {
  const groups = new Map<string, ShapeGroup>();
  for (const member of shaped) {
    const shape = member.candidate!.shape;
    const key = shape.join(',');
    const group = groups.get(key);
    if (group) group.ids.push(member.finding.id);
    else groups.set(key, { shape, ids: [member.finding.id] });
  }
  const reps = [...groups.values()];
  for (const group of reps) group.ids.sort(byString);
  reps.sort((x, y) => byString(x.ids[0]!, y.ids[0]!));

  const listed: SimilarPair[] = [];
  let total = 0;
  const keep = (pair: SimilarPair): void => {
    listed.push(pair);
    // Trim now and then so memory stays bounded whatever the number of candidates.
    if (listed.length >= 4 * MAX_LISTED_PAIRS) trim(listed);
  };
  for (const group of reps) {
    const k = group.ids.length;
    total += (k * (k - 1)) / 2;
    for (let i = 1; i < k; i++) keep(pairOf(group.ids[0]!, group.ids[i]!, 1));
  }
  const compare = (x: ShapeGroup, y: ShapeGroup): void => {
    const score = similarity(x.shape, y.shape);
    if (score < SIMILARITY_THRESHOLD) return;
    total += x.ids.length * y.ids.length;
    keep(pairOf(x.ids[0]!, y.ids[0]!, score));
  };
  if (reps.length <= EXACT_SHAPE_LIMIT) {
    for (let i = 0; i < reps.length; i++) for (let j = i + 1; j < reps.length; j++) compare(reps[i]!, reps[j]!);
  } else {
    lshCandidates(reps.map((group) => group.shape), (i, j) => compare(reps[i]!, reps[j]!));
  }
  trim(listed);
  return { pairs: listed, omitted: total - listed.length };
}

function trim(pairs: SimilarPair[]): void {
  pairs.sort(byScoreThenIds);
  pairs.length = Math.min(pairs.length, MAX_LISTED_PAIRS);
}

/**
 * Calls `visit` once for each index pair of shapes that agree on a whole band of slots (MinHash
 * banding): likely near clones. Each shape meets at most `LSH_WINDOW` following shapes per bucket, so
 * the work stays linear in the number of shapes; a pair sharing several bands is visited for the
 * first only (checked on the slots, so no set of seen pairs grows with the cluster).
 */
export function lshCandidates(shapes: readonly (readonly number[])[], visit: (i: number, j: number) => void): void {
  const length = shapes.reduce((min, shape) => Math.min(min, shape.length), Infinity);
  if (!Number.isFinite(length) || length === 0) return;
  const rows = Math.max(1, Math.floor(length / LSH_BANDS));
  const sameBand = (x: readonly number[], y: readonly number[], band: number): boolean => {
    for (let slot = band * rows; slot < Math.min(length, band * rows + rows); slot++) if (x[slot] !== y[slot]) return false;
    return true;
  };
  for (let band = 0; band * rows < length; band++) {
    const buckets = new Map<string, number[]>();
    shapes.forEach((shape, index) => {
      const key = shape.slice(band * rows, band * rows + rows).join(',');
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    });
    for (const bucket of buckets.values()) {
      for (let x = 0; x < bucket.length; x++) {
        for (let y = x + 1; y < Math.min(bucket.length, x + 1 + LSH_WINDOW); y++) {
          const [i, j] = [bucket[x]!, bucket[y]!];
          let earlier = false;
          for (let previous = 0; previous < band && !earlier; previous++) earlier = sameBand(shapes[i]!, shapes[j]!, previous);
          if (!earlier) visit(i, j);
        }
      }
    }
  }
}
