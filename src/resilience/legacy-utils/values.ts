import type { BackoffKind, Jitter } from '../backoff.js';

/** Unit of a duration. */
export type TimeUnit = 'ms' | 's';

/**
 * A key reduced to compare spellings (`max_retries`, `maxRetries`, `MAX-RETRIES` → `maxretries`),
 * with its unit when the key says it (`baseDelayMs`, `base_delay_seconds`, `sleepWindowInMilliseconds`).
 */
export function splitKey(key: string): { base: string; unit: TimeUnit | undefined } {
  let base = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  const units: [RegExp, TimeUnit][] = [
    [/(inmilliseconds|milliseconds|millis|ms)$/, 'ms'],
    [/(inseconds|seconds|secs|sec)$/, 's'],
  ];
  for (const [pattern, unit] of units) {
    const match = pattern.exec(base);
    if (match !== null && match.index > 0) {
      base = base.slice(0, match.index);
      return { base, unit };
    }
  }
  return { base, unit: undefined };
}

const UNIT_FACTORS: Readonly<Record<string, number>> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** A duration in milliseconds: a number in `unit`, or a string such as `500ms`, `30s`, `2m`, `30`. */
export function durationOf(value: unknown, unit: TimeUnit): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * (unit === 's' ? 1000 : 1) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$/i.exec(value);
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const factor = match[2] === undefined ? (unit === 's' ? 1000 : 1) : UNIT_FACTORS[match[2].toLowerCase()]!;
  return amount * factor;
}

/** A rate as a ratio: 50 (percent, as opossum and resilience4j write it) and 0.5 both give 0.5. */
export function percentOrRatio(value: unknown): number | undefined {
  if (typeof value !== 'number' || !(value > 0) || value > 100) return undefined;
  return value > 1 ? value / 100 : value;
}

/** A strategy name in any common spelling (`EXPONENTIAL`, `BackoffStrategy.EXPONENTIAL`, `exponential_jitter` ...). */
export function strategyOf(value: unknown): { strategy: BackoffKind; jitter?: Jitter; note?: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.split('.').pop()!.toLowerCase().replace(/[^a-z]/g, '');
  if (['fixed', 'constant', 'const', 'fixeddelay', 'constantbackoff'].includes(text)) return { strategy: 'fixed' };
  if (['linear', 'incremental', 'incrementing', 'linearbackoff'].includes(text)) return { strategy: 'linear' };
  if (['exponential', 'exp', 'expo', 'exponentialbackoff'].includes(text)) return { strategy: 'exponential' };
  if (['fibonacci', 'fib', 'fibonaccibackoff'].includes(text)) return { strategy: 'fibonacci' };
  if (['decorrelated', 'decorrelatedjitter', 'exponentialdecorrelatedjitter'].includes(text)) return { strategy: 'exponential', jitter: 'decorrelated' };
  if (['equaljitter', 'halfjitter', 'exponentialequaljitter'].includes(text)) return { strategy: 'exponential', jitter: 'equal' };
  if (text.includes('jitter') || text === 'jittered' || text === 'randomexponential') return { strategy: 'exponential', jitter: 'full' };
  if (text === 'adaptive') return { strategy: 'exponential', note: 'adaptive backoff mapped to exponential; consider a retry budget (retry.budget)' };
  return undefined;
}

/** A jitter setting: booleans, `full` / `equal` / `half` / `decorrelated` / `none`, or a Python enum spelling. */
export function jitterOf(value: unknown): Jitter | undefined {
  if (typeof value === 'boolean') return value ? 'full' : 'none';
  if (typeof value !== 'string') return undefined;
  const text = value.split('.').pop()!.toLowerCase().replace(/[^a-z]/g, '');
  if (text === 'full' || text === 'fulljitter' || text === 'true' || text === 'random') return 'full';
  if (text === 'equal' || text === 'half' || text === 'equaljitter' || text === 'halfjitter') return 'equal';
  if (text === 'decorrelated' || text === 'decorrelatedjitter') return 'decorrelated';
  if (text === 'none' || text === 'false' || text === 'nojitter') return 'none';
  return undefined;
}
