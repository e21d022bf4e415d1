import { BACKOFF_KINDS, JITTERS, type BackoffOptions } from './backoff.js';
import type { ConfigIssue } from './errors.js';

/**
 * Collects every problem of a configuration object (never stops at the first), each with its dotted
 * path, so a user fixes a bad config in one round.
 */
export class IssueList {
  readonly issues: ConfigIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** `value` must be undefined or a finite number >= `min` (and an integer when asked). */
  number(path: string, value: unknown, min: number, options: { integer?: boolean; max?: number; allowInfinity?: boolean } = {}): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || Number.isNaN(value)) {
      this.add(path, `expected a number, got ${describeValue(value)}`);
      return;
    }
    if (value === Infinity && options.allowInfinity === true) return;
    if (!Number.isFinite(value)) this.add(path, `expected a finite number, got ${value}`);
    else if (value < min) this.add(path, `must be at least ${min}, got ${value}`);
    else if (options.max !== undefined && value > options.max) this.add(path, `must be at most ${options.max}, got ${value}`);
    else if (options.integer === true && !Number.isInteger(value)) this.add(path, `must be a whole number, got ${value}`);
  }

  /** `value` must be undefined or a boolean. */
  boolean(path: string, value: unknown): void {
    if (value !== undefined && typeof value !== 'boolean') this.add(path, `expected true or false, got ${describeValue(value)}`);
  }

  /** `value` must be undefined or a function. */
  func(path: string, value: unknown): void {
    if (value !== undefined && typeof value !== 'function') this.add(path, `expected a function, got ${describeValue(value)}`);
  }

  /** `value` must be undefined or one of `allowed`. */
  oneOf(path: string, value: unknown, allowed: readonly unknown[]): void {
    if (value !== undefined && !allowed.includes(value)) {
      this.add(path, `expected one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}, got ${describeValue(value)}`);
    }
  }

  /** `value` must be undefined or a plain object; returns whether it is one. */
  object(path: string, value: unknown): value is Record<string, unknown> {
    if (value === undefined) return false;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(path, `expected an object, got ${describeValue(value)}`);
      return false;
    }
    return true;
  }

  /** Reports keys of `value` that are not in `known` (a typo would otherwise be silently ignored). */
  unknownKeys(path: string, value: Record<string, unknown>, known: ReadonlySet<string>): void {
    for (const key of Object.keys(value)) {
      if (!known.has(key)) this.add(join(path, key), 'unknown option');
    }
  }

  /** Checks the fields of a {@link BackoffOptions}. */
  backoff(path: string, options: BackoffOptions): void {
    const strategy = options.strategy;
    if (strategy !== undefined && typeof strategy !== 'function') {
      if (typeof strategy === 'object' && strategy !== null) {
        if (typeof (strategy as { delay?: unknown }).delay !== 'function') this.add(join(path, 'strategy'), 'a strategy object needs a delay(context) method');
      } else {
        this.oneOf(join(path, 'strategy'), strategy, BACKOFF_KINDS);
      }
    }
    this.number(join(path, 'baseDelayMs'), options.baseDelayMs, 0);
    this.number(join(path, 'maxDelayMs'), options.maxDelayMs, 0, { allowInfinity: true });
    this.number(join(path, 'factor'), options.factor, 1);
    this.number(join(path, 'stepMs'), options.stepMs, 0);
    if (typeof options.jitter !== 'boolean') this.oneOf(join(path, 'jitter'), options.jitter, JITTERS);
  }
}

/** `a.b` (or `b` when `a` is empty). */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
