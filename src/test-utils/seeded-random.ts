/**
 * A seeded random source for generated test tables: the same draws on every run and machine (32-bit
 * integer mixing only), many more cases than a hand-written table.
 */
export function seededRandom(seed: number): { random: (n: number) => number; pick: <T>(list: readonly T[]) => T } {
  let state = seed | 0;
  const random = (n: number): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  return { random, pick: (list) => list[random(list.length)]! };
}
