/**
 * Comparison of MinHash shape signatures (see `fingerprint.ts`). Kept apart from the fingerprinting,
 * which needs the compiler, so that linking a fully cached scan never loads it.
 */

/** Fraction of equal slots of two MinHash signatures: an estimate of their shingle sets' Jaccard similarity. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  if (length === 0) return 0;
  let equal = 0;
  for (let i = 0; i < length; i++) if (a[i] === b[i]) equal++;
  return equal / length;
}
