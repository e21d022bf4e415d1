import { Emitter, type Disposable, type Listener } from '../events.js';
import { BrokenCircuitError, ResilienceConfigError, type CircuitState } from '../errors.js';
import { rootContext, type Operation, type Outcome, type Policy, type PolicyContext } from '../policy.js';
import type { FailureDetector } from './detector.js';
import {
  FAILURE,
  IGNORED,
  SUCCESS,
  breakDuration,
  classifyError,
  createDetector,
  normalizeBreakerOptions,
  type CircuitBreakerOptions,
  type NormalizedBreakerOptions,
  type Verdict,
} from './options.js';
import { validateCircuitSnapshot, type CircuitSnapshot } from './snapshot.js';
import type { CircuitPermit, CircuitStateChange, CircuitStats, TransitionReason } from './types.js';

export type { CircuitPermit, CircuitStateChange, CircuitStats, TransitionReason } from './types.js';

const CLOSED = 0;
const OPEN = 1;
const HALF_OPEN = 2;
const ISOLATED = 3;
type StateCode = typeof CLOSED | typeof OPEN | typeof HALF_OPEN | typeof ISOLATED;
const STATE_NAMES: readonly CircuitState[] = ['closed', 'open', 'half-open', 'isolated'];
/** The admission of a call made in the closed state (not a probe). */
export const NOT_A_PROBE = -1;

/** Outcome handlers of closed-state calls, made once per closed period (not per call). */
interface ClosedHandlers {
  readonly epoch: number;
  readonly ok: (value: unknown) => unknown;
  readonly err: (error: unknown) => never;
}

function rejectSoon(error: unknown): Promise<never> {
  // Rejecting after the caller attached its handler skips Node's unhandled-rejection bookkeeping,
  // which costs more than the rest of the fail-fast path.
  return new Promise<never>((_resolve, reject) => queueMicrotask(() => reject(error)));
}

/**
 * A circuit breaker: closed, open, half-open (bounded probes, hung probes fail after a maximum wait),
 * and isolated (manual). Time-based transitions are computed from timestamps whenever the circuit is
 * used or read, so `state` is never stale and a breaker owns no timer.
 */
export class CircuitBreaker implements Policy {
  readonly name: string;
  private readonly o: NormalizedBreakerOptions;
  private readonly detector: FailureDetector;
  private code: StateCode = CLOSED;
  /** Bumped on every transition: outcomes of calls admitted under an older epoch are ignored. */
  private epoch = 0;
  private openedAt = -1;
  private openUntil = 0;
  private openCount = 0;
  private lastBreakMs = 0;
  private isolations = 0;
  private probes = 0;
  private probeSuccesses = 0;
  private probeStarts: number[] | undefined = undefined;
  private emitter: Emitter<CircuitStateChange> | undefined = undefined;
  private handlers: ClosedHandlers | undefined = undefined;

  constructor(options: CircuitBreakerOptions = {}) {
    this.o = normalizeBreakerOptions(options);
    this.name = this.o.name;
    this.detector = createDetector(this.o);
    if (this.o.initialState !== undefined) this.restore(this.o.initialState);
  }

  /** Runs `operation` if the circuit lets it through; rejects with a {@link BrokenCircuitError} otherwise. */
  execute<T>(operation: Operation<T>, signal?: AbortSignal): Promise<T> {
    return this.run(operation, rootContext(signal));
  }

  run<T>(operation: Operation<T>, context: PolicyContext): Promise<T> {
    if (this.code === CLOSED) {
      // The hot path: one `then` with handlers shared by every call of this closed period.
      const handlers = this.closedHandlers();
      let pending: T | PromiseLike<T>;
      try {
        pending = operation(context);
      } catch (error) {
        pending = Promise.reject(error);
      }
      return (pending instanceof Promise ? (pending as Promise<T>) : Promise.resolve(pending)).then(
        handlers.ok as (value: T) => T,
        handlers.err,
      );
    }
    const admission = this.admit();
    if (typeof admission !== 'number') return rejectSoon(admission);
    return this.call(operation, context, this.epoch, admission);
  }

  /** Like `execute`, but resolves `{ ok, value | error }`: an open circuit costs no rejection at all. */
  executeResult<T>(operation: Operation<T>, signal?: AbortSignal): Promise<Outcome<T>> {
    let admission = NOT_A_PROBE;
    if (this.code !== CLOSED) {
      const result = this.admit();
      if (typeof result !== 'number') return Promise.resolve({ ok: false, error: result });
      admission = result;
    }
    return this.call(operation, rootContext(signal), this.epoch, admission).then(
      (value): Outcome<T> => ({ ok: true, value }),
      (error: unknown): Outcome<T> => ({ ok: false, error }),
    );
  }

  /**
   * Asks to run one call outside `execute` (a stream, a callback API, a WebSocket session): returns a
   * permit to report the outcome on, exactly once, or the {@link BrokenCircuitError} to fail with.
   */
  tryAcquire(): CircuitPermit | BrokenCircuitError {
    const admission = this.gate();
    if (typeof admission !== 'number') return admission;
    const generation = this.epoch;
    let open = true;
    return {
      success: (result?: unknown) => {
        if (!open) return;
        open = false;
        this.report(generation, admission, false, result);
      },
      failure: (error: unknown) => {
        if (!open) return;
        open = false;
        this.report(generation, admission, true, error);
      },
    };
  }

  /**
   * Admission for a call that the caller runs itself (used by the fused retry loop): a number to pass
   * back to {@link CircuitBreaker.report} with {@link CircuitBreaker.generation}, or the rejection.
   * @internal
   */
  gate(): number | BrokenCircuitError {
    return this.code === CLOSED ? NOT_A_PROBE : this.admit();
  }

  /** The current generation if the circuit is closed, else -1 (the fused loop's fast path). @internal */
  closedGeneration(): number {
    return this.code === CLOSED ? this.epoch : -1;
  }

  /** The success handler of the current closed period (valid for the generation just read). @internal */
  successHandler<T>(): (value: T) => T {
    return this.closedHandlers().ok as (value: T) => T;
  }

  /** The transition counter, read right after {@link CircuitBreaker.gate}. @internal */
  get generation(): number {
    return this.epoch;
  }

  /** Records the outcome of a call admitted by {@link CircuitBreaker.gate}. @internal */
  report(generation: number, admission: number, failed: boolean, outcome: unknown): void {
    if (failed) this.settle(generation, admission, classifyError(this.o, outcome));
    else this.settle(generation, admission, this.o.failOnResult !== undefined && this.o.failOnResult(outcome) ? FAILURE : SUCCESS);
  }

  /** The current state (time-based transitions applied first). */
  get state(): CircuitState {
    if (this.code === OPEN || this.code === HALF_OPEN) this.refresh(this.o.clock.now());
    return STATE_NAMES[this.code]!;
  }

  /** Milliseconds until a call may pass: 0 when closed or a probe slot is free; Infinity when isolated. */
  get retryAfterMs(): number {
    if (this.code === CLOSED) return 0;
    const now = this.o.clock.now();
    this.refresh(now);
    return this.retryAfterAt(now);
  }

  /**
   * Forces the circuit open until every returned handle is disposed (or `reset()` is called). Use it
   * to take a dependency out of service on purpose.
   */
  isolate(): Disposable {
    this.isolations++;
    if (this.code !== ISOLATED) this.transition(ISOLATED, 'isolated', this.o.clock.now());
    let active = true;
    return {
      dispose: () => {
        if (!active) return;
        active = false;
        if (this.isolations > 0 && --this.isolations === 0 && this.code === ISOLATED) this.close('isolation-released', this.o.clock.now());
      },
    };
  }

  /** Closes the circuit and forgets its history (and any isolation). */
  reset(): void {
    this.isolations = 0;
    this.close('reset', this.o.clock.now());
  }

  /** Subscribes to every state change. */
  onStateChange(listener: Listener<CircuitStateChange>): Disposable {
    return (this.emitter ??= new Emitter()).subscribe(listener);
  }

  /** The circuit opened (from closed or half-open). */
  onBreak(listener: Listener<CircuitStateChange>): Disposable {
    return this.onStateChange((change) => {
      if (change.to === 'open') listener(change);
    });
  }

  /** The circuit closed. */
  onReset(listener: Listener<CircuitStateChange>): Disposable {
    return this.onStateChange((change) => {
      if (change.to === 'closed') listener(change);
    });
  }

  /** The circuit went half-open (the first call after the break, or the first read of `state`). */
  onHalfOpen(listener: Listener<CircuitStateChange>): Disposable {
    return this.onStateChange((change) => {
      if (change.to === 'half-open') listener(change);
    });
  }

  /** State, timing and window counts as plain JSON. */
  stats(): CircuitStats {
    const state = this.state;
    return {
      name: this.name,
      state,
      retryAfterMs: state === 'closed' ? 0 : state === 'isolated' ? null : this.retryAfterAt(this.o.clock.now()),
      openCount: this.openCount,
      openedAt: this.openedAt < 0 ? null : this.openedAt,
      probesInFlight: this.probes,
      window: this.detector.stats(),
    };
  }

  /** The state to save (plain JSON); pass it back as `initialState` or to `restore()`. */
  toJSON(): CircuitSnapshot {
    const state = this.state;
    return {
      version: 1,
      name: this.name,
      state,
      openedAt: this.openedAt < 0 ? null : this.openedAt,
      openUntil: state === 'open' ? this.openUntil : null,
      openCount: this.openCount,
      lastBreakMs: this.lastBreakMs,
      detector: this.detector.toJSON(),
    };
  }

  /**
   * Loads a snapshot. A half-open snapshot restores as half-open with no probe in flight; an isolated
   * one stays isolated until `reset()`. Throws a `ResilienceConfigError` for an invalid snapshot.
   */
  restore(snapshot: CircuitSnapshot): void {
    const issues = validateCircuitSnapshot(snapshot);
    if (issues.length > 0) throw new ResilienceConfigError(issues, 'circuit snapshot');
    const now = this.o.clock.now();
    this.detector.reset();
    if (snapshot.detector !== null && snapshot.detector !== undefined) this.detector.restore(snapshot.detector);
    this.openCount = snapshot.openCount;
    this.lastBreakMs = snapshot.lastBreakMs ?? 0;
    this.openedAt = snapshot.openedAt ?? -1;
    this.openUntil = snapshot.openUntil ?? now;
    this.isolations = snapshot.state === 'isolated' ? 1 : 0;
    const code = STATE_NAMES.indexOf(snapshot.state) as StateCode;
    if (code !== this.code) this.transition(code, 'restored', now);
    else this.epoch++;
    this.refresh(now);
  }

  private closedHandlers(): ClosedHandlers {
    const current = this.handlers;
    if (current !== undefined && current.epoch === this.epoch) return current;
    const epoch = this.epoch;
    const handlers: ClosedHandlers = {
      epoch,
      ok: (value) => {
        if (epoch === this.epoch) {
          if (this.o.failOnResult !== undefined && this.o.failOnResult(value)) this.settle(epoch, NOT_A_PROBE, FAILURE);
          else this.detector.success();
        }
        return value;
      },
      err: (error) => {
        this.settle(epoch, NOT_A_PROBE, classifyError(this.o, error));
        throw error;
      },
    };
    this.handlers = handlers;
    return handlers;
  }

  /** Decides on a call while not closed: a probe start time (>= 0), NOT_A_PROBE, or the rejection. */
  private admit(): number | BrokenCircuitError {
    const now = this.o.clock.now();
    this.refresh(now);
    switch (this.code) {
      case CLOSED:
        return NOT_A_PROBE;
      case HALF_OPEN:
        if (this.probes < this.o.halfOpenMaxProbes) {
          this.probes++;
          if (this.o.halfOpenMaxWaitMs !== Infinity) (this.probeStarts ??= []).push(now);
          return now;
        }
        return BrokenCircuitError.fast(this.name, 'half-open', this.retryAfterAt(now));
      case OPEN:
        return BrokenCircuitError.fast(this.name, 'open', this.openUntil - now);
      case ISOLATED:
        return BrokenCircuitError.fast(this.name, 'isolated', Infinity);
    }
  }

  private async call<T>(operation: Operation<T>, context: PolicyContext, epoch: number, probeStart: number): Promise<T> {
    let result: T;
    try {
      result = await operation(context);
    } catch (error) {
      this.settle(epoch, probeStart, classifyError(this.o, error));
      throw error;
    }
    this.settle(epoch, probeStart, this.o.failOnResult !== undefined && this.o.failOnResult(result) ? FAILURE : SUCCESS);
    return result;
  }

  private settle(epoch: number, probeStart: number, verdict: Verdict): void {
    if (epoch !== this.epoch) return; // the circuit moved on since this call was admitted
    if (probeStart !== NOT_A_PROBE) {
      this.settleProbe(probeStart, verdict);
      return;
    }
    if (verdict === SUCCESS) this.detector.success();
    else if (verdict === FAILURE && this.detector.failure()) this.open('failures', this.o.clock.now());
  }

  private settleProbe(probeStart: number, verdict: Verdict): void {
    this.probes--;
    const starts = this.probeStarts;
    if (starts !== undefined) {
      const index = starts.indexOf(probeStart);
      if (index >= 0) starts.splice(index, 1);
    }
    if (verdict === IGNORED) return;
    const now = this.o.clock.now();
    if (verdict === FAILURE) this.open('probe-failed', now);
    else if (++this.probeSuccesses >= this.o.halfOpenSuccessThreshold) this.close('probe-succeeded', now);
  }

  /** Applies the transitions that time alone causes, at the moments they took effect. */
  private refresh(now: number): void {
    for (;;) {
      if (this.code === OPEN && now >= this.openUntil) {
        this.transition(HALF_OPEN, 'break-elapsed', this.openUntil);
      } else if (this.code === HALF_OPEN && this.probeStarts !== undefined && this.probeStarts.length > 0) {
        const expiresAt = Math.min(...this.probeStarts) + this.o.halfOpenMaxWaitMs;
        if (now < expiresAt) return;
        this.open('probe-timeout', expiresAt);
      } else {
        return;
      }
    }
  }

  private retryAfterAt(now: number): number {
    switch (this.code) {
      case CLOSED:
        return 0;
      case OPEN:
        return Math.max(0, this.openUntil - now);
      case ISOLATED:
        return Infinity;
      case HALF_OPEN: {
        if (this.probes < this.o.halfOpenMaxProbes) return 0;
        const starts = this.probeStarts;
        return starts === undefined || starts.length === 0 ? this.o.halfOpenMaxWaitMs : Math.max(0, Math.min(...starts) + this.o.halfOpenMaxWaitMs - now);
      }
    }
  }

  private open(reason: TransitionReason, at: number): void {
    this.openCount++;
    const duration = breakDuration(this.o, this.openCount, this.lastBreakMs);
    this.lastBreakMs = duration;
    this.openedAt = at;
    this.openUntil = at + duration;
    this.detector.reset();
    this.transition(OPEN, reason, at);
  }

  private close(reason: TransitionReason, at: number): void {
    this.openCount = 0;
    this.lastBreakMs = 0;
    this.detector.reset();
    if (this.code !== CLOSED) this.transition(CLOSED, reason, at);
    else this.epoch++;
  }

  private transition(to: StateCode, reason: TransitionReason, at: number): void {
    const from = this.code;
    this.code = to;
    this.epoch++;
    this.probes = 0;
    this.probeSuccesses = 0;
    if (this.probeStarts !== undefined) this.probeStarts.length = 0;
    const emitter = this.emitter;
    if (emitter === undefined || emitter.size === 0) return;
    emitter.emit({
      circuit: this.name,
      from: STATE_NAMES[from]!,
      to: STATE_NAMES[to]!,
      reason,
      at,
      retryAfterMs: to === OPEN ? this.openUntil - at : to === ISOLATED ? Infinity : 0,
    });
  }
}

/** Creates a {@link CircuitBreaker}. */
export function circuitBreaker(options?: CircuitBreakerOptions): CircuitBreaker {
  return new CircuitBreaker(options);
}
