/**
 * Delay strategies. A {@link Backoff} is a pure function of the attempt number (and, for decorrelated
 * jitter, the previous delay), so one strategy object serves every call of a policy; per-call state is
 * a single number kept by the retry loop.
 */

/** What a strategy sees when computing the delay before retry number `attempt`. */
export interface BackoffContext {
  /** 1 for the delay before the first retry, 2 before the second ... (for a breaker: the open count). */
  readonly attempt: number;
  /** The previous delay actually waited (0 before the first retry). */
  readonly previousDelayMs: number;
  /** The cap the caller applies; strategies that jitter use it as the upper bound. */
  readonly maxDelayMs: number;
  /** The random source in [0, 1) (injectable, for deterministic tests). */
  readonly random: () => number;
  /** The error of the failed attempt, if it threw. */
  readonly error?: unknown;
  /** The result of the failed attempt, if a result predicate rejected it. */
  readonly result?: unknown;
}

/** A delay strategy. */
export interface Backoff {
  /** A short description, such as `exponential(500ms x2, full jitter)`. */
  readonly name: string;
  /** Milliseconds to wait (the caller caps it at `maxDelayMs`). */
  delay(context: BackoffContext): number;
}

/**
 * Jitter spreads retries of many clients apart. `full`: uniform in [0, d]; `equal`: d/2 plus uniform in
 * [0, d/2]; `decorrelated`: uniform in [base, 3 x previous delay] (AWS "decorrelated jitter").
 */
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

/** The built-in strategies, by name. */
export type BackoffKind = 'fixed' | 'linear' | 'exponential' | 'fibonacci';

/** Delay function accepted wherever a {@link Backoff} is. */
export type DelayFunction = (context: BackoffContext) => number;

/** A strategy in configuration form (what `ReliabilityConfig` and the legacy mappers produce). */
export interface BackoffOptions {
  /** The strategy: a name, a {@link Backoff}, or a delay function. Default `exponential`. */
  strategy?: BackoffKind | Backoff | DelayFunction;
  /** First delay (fixed: every delay). Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap on every delay. Default 30 000 ms. */
  maxDelayMs?: number;
  /** Exponential growth factor. Default 2. */
  factor?: number;
  /** Linear increment per retry. Default `baseDelayMs`. */
  stepMs?: number;
  /** Jitter; `true` means `full`. Default `none`. */
  jitter?: Jitter | boolean;
}

function applyJitter(jitter: Jitter, raw: number, base: number, context: BackoffContext): number {
  const capped = raw < context.maxDelayMs ? raw : context.maxDelayMs;
  switch (jitter) {
    case 'none':
      return capped;
    case 'full':
      return context.random() * capped;
    case 'equal':
      return capped / 2 + (context.random() * capped) / 2;
    case 'decorrelated': {
      const upper = Math.max(base, context.previousDelayMs * 3);
      const delay = base + context.random() * (upper - base);
      return delay < context.maxDelayMs ? delay : context.maxDelayMs;
    }
  }
}

function describe(kind: string, detail: string, jitter: Jitter): string {
  return `${kind}(${detail}${jitter === 'none' ? '' : `, ${jitter} jitter`})`;
}

// The built-in strategies are small classes, not closures: a policy holds one per instance, and
// thousands of policies (one per dependency, per agent) should cost a few dozen bytes each.

class FixedBackoff implements Backoff {
  constructor(
    private readonly delayMs: number,
    private readonly jitter: Jitter,
  ) {}

  get name(): string {
    return describe('fixed', `${this.delayMs}ms`, this.jitter);
  }

  delay(context: BackoffContext): number {
    return applyJitter(this.jitter, this.delayMs, this.delayMs, context);
  }
}

class LinearBackoff implements Backoff {
  constructor(
    private readonly baseDelayMs: number,
    private readonly stepMs: number,
    private readonly jitter: Jitter,
  ) {}

  get name(): string {
    return describe('linear', `${this.baseDelayMs}ms +${this.stepMs}ms`, this.jitter);
  }

  delay(context: BackoffContext): number {
    return applyJitter(this.jitter, this.baseDelayMs + this.stepMs * (context.attempt - 1), this.baseDelayMs, context);
  }
}

class ExponentialBackoff implements Backoff {
  constructor(
    private readonly baseDelayMs: number,
    private readonly factor: number,
    private readonly jitter: Jitter,
  ) {}

  get name(): string {
    return describe('exponential', `${this.baseDelayMs}ms x${this.factor}`, this.jitter);
  }

  delay(context: BackoffContext): number {
    return applyJitter(this.jitter, this.baseDelayMs * this.factor ** (context.attempt - 1), this.baseDelayMs, context);
  }
}

class FibonacciBackoff implements Backoff {
  constructor(
    private readonly baseDelayMs: number,
    private readonly jitter: Jitter,
  ) {}

  get name(): string {
    return describe('fibonacci', `${this.baseDelayMs}ms`, this.jitter);
  }

  delay(context: BackoffContext): number {
    return applyJitter(this.jitter, this.baseDelayMs * fibonacci(context.attempt), this.baseDelayMs, context);
  }
}

/** The same delay before every retry. */
export function fixedBackoff(delayMs: number, jitter: Jitter = 'none'): Backoff {
  return new FixedBackoff(delayMs, jitter);
}

/** `baseDelayMs`, then `+ stepMs` per retry (1 s, 2 s, 3 s ...). */
export function linearBackoff(options: { baseDelayMs: number; stepMs?: number; jitter?: Jitter }): Backoff {
  return new LinearBackoff(options.baseDelayMs, options.stepMs ?? options.baseDelayMs, options.jitter ?? 'none');
}

/** `baseDelayMs x factor^(n-1)` (1 s, 2 s, 4 s ...), optionally jittered. */
export function exponentialBackoff(options: { baseDelayMs: number; factor?: number; jitter?: Jitter }): Backoff {
  return new ExponentialBackoff(options.baseDelayMs, options.factor ?? 2, options.jitter ?? 'none');
}

/** `baseDelayMs x fib(n)` (1, 1, 2, 3, 5, 8 ... x base): gentler growth than exponential. */
export function fibonacciBackoff(options: { baseDelayMs: number; jitter?: Jitter }): Backoff {
  return new FibonacciBackoff(options.baseDelayMs, options.jitter ?? 'none');
}

/** fib(1) = fib(2) = 1; saturates at Infinity (the caller caps delays anyway). */
function fibonacci(n: number): number {
  let previous = 0;
  let current = 1;
  for (let i = 1; i < n && current !== Infinity; i++) {
    const next = previous + current;
    previous = current;
    current = next;
  }
  return current;
}

/** Any delay function: read the error, the result, the attempt (Polly's `DelayGenerator`). */
export function customBackoff(delay: DelayFunction, name = 'custom'): Backoff {
  return { name, delay };
}

/** Builds the {@link Backoff} that a {@link BackoffOptions} describes (already validated). */
export function createBackoff(options: BackoffOptions): Backoff {
  const strategy = options.strategy ?? 'exponential';
  if (typeof strategy === 'function') return customBackoff(strategy);
  if (typeof strategy === 'object') return strategy;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const jitter = normalizeJitter(options.jitter);
  switch (strategy) {
    case 'fixed':
      return fixedBackoff(baseDelayMs, jitter);
    case 'linear':
      return linearBackoff({ baseDelayMs, stepMs: options.stepMs ?? baseDelayMs, jitter });
    case 'exponential':
      return exponentialBackoff({ baseDelayMs, factor: options.factor ?? 2, jitter });
    case 'fibonacci':
      return fibonacciBackoff({ baseDelayMs, jitter });
  }
}

/** `true` means full jitter, `false`/undefined none. */
export function normalizeJitter(jitter: Jitter | boolean | undefined): Jitter {
  if (jitter === true) return 'full';
  if (jitter === false || jitter === undefined) return 'none';
  return jitter;
}

/** The names accepted for {@link BackoffOptions.strategy} and {@link BackoffOptions.jitter}. */
export const BACKOFF_KINDS: readonly BackoffKind[] = ['fixed', 'linear', 'exponential', 'fibonacci'];
export const JITTERS: readonly Jitter[] = ['none', 'full', 'equal', 'decorrelated'];
