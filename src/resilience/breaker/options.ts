import { createBackoff, type Backoff, type BackoffKind, type BackoffOptions } from '../backoff.js';
import { compileMatchers, isErrorMatchers, type ErrorMatchers, type ErrorPredicate } from '../classify.js';
import { systemClock, type Clock } from '../clock.js';
import { ResilienceConfigError, isAbortError, isBrokenCircuitError, type ConfigIssue } from '../errors.js';
import { IssueList, join } from '../validate.js';
import { CountWindow } from './count-window.js';
import { ConsecutiveFailures, type FailureDetector } from './detector.js';
import type { CircuitSnapshot } from './snapshot.js';
import { TimeWindow } from './time-window.js';

/** How a closed circuit decides to open. */
export type BreakerMode = 'consecutive' | 'count' | 'time';

/**
 * Circuit breaker options. Defaults: consecutive mode (5 failures), 30 s break, one half-open probe
 * that must succeed, a probe that hangs for 60 s counts as failed.
 */
export interface CircuitBreakerOptions {
  /** Name used in errors, events, health and the registry. Default `circuit`. */
  name?: string;
  /** `consecutive` failures, or an error rate over a `count` or `time` sliding window. Default `consecutive`. */
  mode?: BreakerMode;
  /** Consecutive mode: failures in a row that open the circuit. Default 5. */
  failureThreshold?: number;
  /** Window modes: failure rate (0..1] that opens the circuit. Default 0.5. */
  failureRateThreshold?: number;
  /** Window modes: calls needed in the window before the rate counts (minimum throughput). Default 10. */
  minimumCalls?: number;
  /** Count mode: calls in the window. Default 100. */
  windowSize?: number;
  /** Time mode: length of the window. Default 10 000 ms. */
  windowDurationMs?: number;
  /** Time mode: slices of the window. Default 10. */
  windowBuckets?: number;
  /** How long the circuit stays open before a probe. Default 30 000 ms. */
  breakDurationMs?: number;
  /**
   * Grow the break on each consecutive opening: a strategy name (from `breakDurationMs`), strategy
   * options, or a {@link Backoff}. Default: fixed.
   */
  breakBackoff?: BackoffKind | BackoffOptions | Backoff;
  /** Cap of a growing break. Default 10 x `breakDurationMs`. */
  maxBreakDurationMs?: number;
  /** Probe calls allowed at once while half-open. Default 1. */
  halfOpenMaxProbes?: number;
  /** Successful probes that close the circuit (any failed probe reopens it). Default 1. */
  halfOpenSuccessThreshold?: number;
  /** A probe still running after this long counts as failed. Default 60 000 ms; Infinity disables. */
  halfOpenMaxWaitMs?: number;
  /** Errors that count as failures (others count as successes). Default: every error. */
  failOn?: ErrorMatchers;
  /** Errors that do not count at all. Default: aborts and open-circuit errors of inner breakers. */
  ignoreOn?: ErrorMatchers;
  /** Results that count as failures (e.g. `(r) => r.status >= 500`). */
  failOnResult?: (result: unknown) => boolean;
  /** A custom failure detector (replaces `mode`); a factory is called once per breaker. */
  detector?: FailureDetector | (() => FailureDetector);
  /** State saved by `toJSON()` (e.g. before a restart) to start from. */
  initialState?: CircuitSnapshot;
  clock?: Clock;
  /** Random source for a jittered `breakBackoff`. */
  random?: () => number;
}

/** Verdicts on an outcome. */
export const SUCCESS = 0;
export const FAILURE = 1;
export const IGNORED = 2;
export type Verdict = typeof SUCCESS | typeof FAILURE | typeof IGNORED;

/** {@link CircuitBreakerOptions} resolved once per breaker (data only: no closure per breaker). */
export interface NormalizedBreakerOptions {
  readonly name: string;
  readonly clock: Clock;
  readonly halfOpenMaxProbes: number;
  readonly halfOpenSuccessThreshold: number;
  readonly halfOpenMaxWaitMs: number;
  readonly failOn: ErrorPredicate | undefined;
  readonly ignoreOn: ErrorPredicate | undefined;
  readonly failOnResult: ((result: unknown) => boolean) | undefined;
  readonly breakDurationMs: number;
  /** Grows the break on consecutive openings (undefined: fixed). */
  readonly breakBackoff: Backoff | undefined;
  readonly maxBreakDurationMs: number;
  readonly random: () => number;
  readonly detector: DetectorSpec;
  readonly initialState: CircuitSnapshot | undefined;
}

/** How to build a breaker's failure detector. */
type DetectorSpec =
  | { readonly mode: 'consecutive'; readonly failureThreshold: number }
  | { readonly mode: 'count'; readonly size: number; readonly threshold: number; readonly minimumCalls: number }
  | { readonly mode: 'time'; readonly durationMs: number; readonly buckets: number; readonly threshold: number; readonly minimumCalls: number }
  | { readonly mode: 'custom'; readonly create: () => FailureDetector };

/** Judges an outcome: ignored (aborts, inner open circuits by default), failure, or success. */
export function classifyError(o: NormalizedBreakerOptions, error: unknown): Verdict {
  if (o.ignoreOn !== undefined ? o.ignoreOn(error) : isAbortError(error) || isBrokenCircuitError(error)) return IGNORED;
  return o.failOn === undefined || o.failOn(error) ? FAILURE : SUCCESS;
}

/** Break length for the `openCount`-th consecutive opening. */
export function breakDuration(o: NormalizedBreakerOptions, openCount: number, previousMs: number): number {
  if (o.breakBackoff === undefined) return o.breakDurationMs;
  const delay = o.breakBackoff.delay({ attempt: openCount, previousDelayMs: previousMs, maxDelayMs: o.maxBreakDurationMs, random: o.random });
  return delay >= 0 ? Math.min(delay, o.maxBreakDurationMs) : o.breakDurationMs;
}

/** A new failure detector for one breaker. */
export function createDetector(o: NormalizedBreakerOptions): FailureDetector {
  const spec = o.detector;
  switch (spec.mode) {
    case 'consecutive':
      return new ConsecutiveFailures(spec.failureThreshold);
    case 'count':
      return new CountWindow(spec.size, spec.threshold, spec.minimumCalls);
    case 'time':
      return new TimeWindow(spec.durationMs, spec.buckets, spec.threshold, spec.minimumCalls, o.clock);
    case 'custom':
      return spec.create();
  }
}

const BREAKER_KEYS: ReadonlySet<string> = new Set([
  'name', 'mode', 'failureThreshold', 'failureRateThreshold', 'minimumCalls', 'windowSize', 'windowDurationMs', 'windowBuckets',
  'breakDurationMs', 'breakBackoff', 'maxBreakDurationMs', 'halfOpenMaxProbes', 'halfOpenSuccessThreshold', 'halfOpenMaxWaitMs',
  'failOn', 'ignoreOn', 'failOnResult', 'detector', 'initialState', 'clock', 'random',
]);

/** Lists every problem of a {@link CircuitBreakerOptions} (`path` prefixes each issue's path). */
export function validateBreakerOptions(options: unknown, path = ''): ConfigIssue[] {
  const issues = new IssueList();
  if (options === undefined) return [];
  if (!issues.object(path === '' ? 'circuit' : path, options)) return issues.issues;
  const o = options as CircuitBreakerOptions;
  const at = (key: string): string => join(path, key);
  issues.unknownKeys(path, options, BREAKER_KEYS);
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name === '')) issues.add(at('name'), 'expected a non-empty string');
  issues.oneOf(at('mode'), o.mode, ['consecutive', 'count', 'time']);
  issues.number(at('failureThreshold'), o.failureThreshold, 1, { integer: true });
  issues.number(at('failureRateThreshold'), o.failureRateThreshold, 0, { max: 1 });
  if (o.failureRateThreshold === 0) issues.add(at('failureRateThreshold'), 'must be above 0 (0 would open on the first call)');
  issues.number(at('minimumCalls'), o.minimumCalls, 1, { integer: true });
  issues.number(at('windowSize'), o.windowSize, 1, { integer: true });
  issues.number(at('windowDurationMs'), o.windowDurationMs, 1);
  issues.number(at('windowBuckets'), o.windowBuckets, 1, { integer: true, max: 1000 });
  if ((o.mode ?? 'consecutive') === 'count' && typeof o.minimumCalls === 'number' && o.minimumCalls > (o.windowSize ?? 100)) {
    issues.add(at('minimumCalls'), `cannot exceed windowSize (${o.windowSize ?? 100}): the circuit could never open`);
  }
  issues.number(at('breakDurationMs'), o.breakDurationMs, 0);
  issues.number(at('maxBreakDurationMs'), o.maxBreakDurationMs, 0);
  const breakBackoff = o.breakBackoff;
  if (typeof breakBackoff === 'string') issues.oneOf(at('breakBackoff'), breakBackoff, ['fixed', 'linear', 'exponential', 'fibonacci']);
  else if (breakBackoff !== undefined && typeof (breakBackoff as Backoff).delay !== 'function' && issues.object(at('breakBackoff'), breakBackoff)) {
    issues.backoff(at('breakBackoff'), breakBackoff as BackoffOptions);
  }
  issues.number(at('halfOpenMaxProbes'), o.halfOpenMaxProbes, 1, { integer: true });
  issues.number(at('halfOpenSuccessThreshold'), o.halfOpenSuccessThreshold, 1, { integer: true });
  issues.number(at('halfOpenMaxWaitMs'), o.halfOpenMaxWaitMs, 1, { allowInfinity: true });
  if (o.failOn !== undefined && !isErrorMatchers(o.failOn)) issues.add(at('failOn'), 'expected an error class, a predicate, or a list of them');
  if (o.ignoreOn !== undefined && !isErrorMatchers(o.ignoreOn)) issues.add(at('ignoreOn'), 'expected an error class, a predicate, or a list of them');
  issues.func(at('failOnResult'), o.failOnResult);
  issues.func(at('random'), o.random);
  if (o.detector !== undefined && typeof o.detector !== 'function' && typeof (o.detector as FailureDetector).failure !== 'function') {
    issues.add(at('detector'), 'expected a FailureDetector or a function returning one');
  }
  return issues.issues;
}

/** Validates and resolves breaker options; throws a `ResilienceConfigError` listing every problem. */
export function normalizeBreakerOptions(options: CircuitBreakerOptions = {}): NormalizedBreakerOptions {
  const issues = validateBreakerOptions(options);
  if (issues.length > 0) throw new ResilienceConfigError(issues, 'circuit breaker options');
  const breakDurationMs = options.breakDurationMs ?? 30_000;
  return Object.freeze({
    name: options.name ?? 'circuit',
    clock: options.clock ?? systemClock,
    halfOpenMaxProbes: options.halfOpenMaxProbes ?? 1,
    halfOpenSuccessThreshold: options.halfOpenSuccessThreshold ?? 1,
    halfOpenMaxWaitMs: options.halfOpenMaxWaitMs ?? 60_000,
    failOn: compileMatchers(options.failOn),
    ignoreOn: compileMatchers(options.ignoreOn),
    failOnResult: options.failOnResult,
    breakDurationMs,
    breakBackoff: breakBackoffOf(options.breakBackoff, breakDurationMs),
    maxBreakDurationMs: options.maxBreakDurationMs ?? breakDurationMs * 10,
    random: options.random ?? Math.random,
    detector: detectorSpec(options),
    initialState: options.initialState,
  });
}

function breakBackoffOf(spec: CircuitBreakerOptions['breakBackoff'], base: number): Backoff | undefined {
  if (spec === undefined || spec === 'fixed') return undefined;
  if (typeof spec === 'string') return createBackoff({ strategy: spec, baseDelayMs: base });
  if (typeof (spec as Backoff).delay === 'function') return spec as Backoff;
  return createBackoff({ baseDelayMs: base, ...(spec as BackoffOptions) });
}

function detectorSpec(options: CircuitBreakerOptions): DetectorSpec {
  const custom = options.detector;
  if (typeof custom === 'function') return { mode: 'custom', create: custom };
  if (custom !== undefined) return { mode: 'custom', create: () => custom };
  const threshold = options.failureRateThreshold ?? 0.5;
  const minimumCalls = options.minimumCalls ?? 10;
  switch (options.mode ?? 'consecutive') {
    case 'consecutive':
      return { mode: 'consecutive', failureThreshold: options.failureThreshold ?? 5 };
    case 'count': {
      const size = options.windowSize ?? 100;
      return { mode: 'count', size, threshold, minimumCalls: Math.min(minimumCalls, size) };
    }
    case 'time':
      return { mode: 'time', durationMs: options.windowDurationMs ?? 10_000, buckets: options.windowBuckets ?? 10, threshold, minimumCalls };
  }
}
