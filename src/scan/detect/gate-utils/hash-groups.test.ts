import { describe, expect, it } from 'vitest';
import { groupByHash, type HashGroups } from './hash-groups.js';

/** The groups as lists of token indexes, in the order of their first occurrence. */
function lists(groups: HashGroups): number[][] {
  const result: number[][] = [];
  for (let g = 0; g < groups.count; g++) {
    const slot = groups.order[g]!;
    const list: number[] = [];
    for (let i = groups.head[slot]!; i >= 0; i = groups.next[i]!) list.push(i);
    expect(list.length).toBe(groups.size[slot]);
    result.push(list);
  }
  return result;
}

/** The same grouping with a map. */
function expected(hashes: readonly number[]): number[][] {
  const byHash = new Map<number, number[]>();
  hashes.forEach((hash, i) => {
    if (hash < 0) return;
    const list = byHash.get(hash);
    if (list) list.push(i);
    else byHash.set(hash, [i]);
  });
  return [...byHash.values()];
}

describe('groupByHash', () => {
  it('groups as a map of arrays would, skipping negative hashes', () => {
    const hashes = [5, -1, 7, 5, 0x3fffffff, 7, 5, -1, 0];
    expect(lists(groupByHash(Int32Array.from(hashes), hashes.length))).toEqual(expected(hashes));
  });

  it('keeps hashes that collide in the table apart, and starts over on each call', () => {
    // Hashes equal in their low bits land in the same slot first.
    const colliding = Array.from({ length: 300 }, (_, i) => ((i % 37) << 20) | 3);
    expect(lists(groupByHash(Int32Array.from(colliding), colliding.length))).toEqual(expected(colliding));
    const small = [1, 2, 1];
    expect(lists(groupByHash(Int32Array.from(small), small.length))).toEqual(expected(small));
  });

  it('reads only the first `count` hashes', () => {
    const hashes = Int32Array.from([9, 9, 4, 4]);
    expect(lists(groupByHash(hashes, 2))).toEqual([[0, 1]]);
  });
});
