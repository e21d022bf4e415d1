/** A small seeded PRNG (mulberry32), so property tests replay exactly from their seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random source that returns the given values in turn (then repeats the last). */
export function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)]!;
}

/** An error carrying an HTTP status, as HTTP clients throw them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** An operation that fails `failures` times (with what `error(n)` returns) then resolves `value`. */
export function flaky<T>(failures: number, value: T, error: (attempt: number) => unknown = (n) => new Error(`failure ${n}`)) {
  let calls = 0;
  const operation = async (): Promise<T> => {
    calls++;
    if (calls <= failures) throw error(calls);
    return value;
  };
  return { operation, calls: () => calls };
}

/** Lets pending promise callbacks (and nextTick callbacks) run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
