import { NEVER_ABORTED, abortReason, systemClock, type Clock } from './clock.js';
import { deadlineQueueFor, type DeadlineEntry, type DeadlineQueue } from './deadline-queue.js';
import { ResilienceConfigError, TimeoutError, type TimeoutScope } from './errors.js';
import { isThenable, rootContext, toOutcome, type Operation, type Outcome, type Policy, type PolicyContext } from './policy.js';
import { IssueList } from './validate.js';

/** Everything a deadline needs, fixed when the policy is built. */
export interface DeadlineSettings {
  readonly timeoutMs: number;
  readonly scope: TimeoutScope;
  readonly clock: Clock;
  readonly queue: DeadlineQueue;
  /** Reused as the abort reason of every timed-out signal (building an error per abort is costly). */
  readonly reason: TimeoutError;
}

/** Builds {@link DeadlineSettings}. */
export function deadlineSettings(timeoutMs: number, scope: TimeoutScope, clock: Clock): DeadlineSettings {
  return { timeoutMs, scope, clock, queue: deadlineQueueFor(clock), reason: TimeoutError.fast(timeoutMs, scope) };
}

/**
 * The context an operation sees under a deadline, and its entry in the deadline queue. Its `signal`
 * is created only when read: an operation that never looks at it pays nothing for cancellation, and
 * on success nothing is aborted.
 */
export class DeadlineCall implements PolicyContext, DeadlineEntry {
  deadline = 0;
  queued = false;
  stamp: DeadlineEntry['stamp'] = undefined;
  /** The call ended: in time, by its deadline, or by the caller's abort. */
  settled = false;
  private timedOut = false;
  private controller: AbortController | undefined = undefined;
  private unlinkParent: (() => void) | undefined = undefined;
  /** Called once if the deadline passes (with a `TimeoutError`) or the caller aborts (with the reason). */
  private interrupt: ((error: unknown) => void) | undefined = undefined;

  constructor(
    private readonly parent: PolicyContext,
    private readonly settings: DeadlineSettings,
    readonly timeoutMs: number,
  ) {}

  get attempt(): number {
    return this.parent.attempt;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.timedOut) controller.abort(this.settings.reason);
      else this.linkParent(controller);
    }
    return this.controller.signal;
  }

  /** Starts the clock; `interrupt` is called if the call does not finish in time. */
  arm(interrupt: (error: unknown) => void): void {
    this.interrupt = interrupt;
    this.settings.queue.schedule(this);
  }

  /** Ends the call in time; false if the deadline (or an abort) already ended it. */
  finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.settings.queue.remove(this);
    if (this.unlinkParent !== undefined) this.unlinkParent();
    return true;
  }

  expire(): void {
    if (this.settled) return;
    this.settled = true;
    this.timedOut = true;
    if (this.unlinkParent !== undefined) this.unlinkParent();
    if (this.controller !== undefined) this.controller.abort(this.settings.reason);
    this.interrupt!(new TimeoutError(this.timeoutMs, this.settings.scope));
  }

  private linkParent(controller: AbortController): void {
    const parentSignal = this.parent.signal;
    if (parentSignal === NEVER_ABORTED) return;
    if (parentSignal.aborted) {
      controller.abort(abortReason(parentSignal));
      return;
    }
    const onAbort = (): void => {
      const reason = abortReason(parentSignal);
      controller.abort(reason);
      if (!this.settled) {
        this.settled = true;
        this.settings.queue.remove(this);
        this.interrupt!(reason);
      }
    };
    parentSignal.addEventListener('abort', onAbort, { once: true });
    this.unlinkParent = () => parentSignal.removeEventListener('abort', onAbort);
  }
}

/**
 * Runs `operation` and rejects with a {@link TimeoutError} if it has not settled within `timeoutMs`
 * (default: the settings' timeout); the operation's signal is aborted at that moment. A late result
 * is ignored.
 */
export function runWithDeadline<T>(
  operation: Operation<T>,
  parent: PolicyContext,
  settings: DeadlineSettings,
  timeoutMs: number = settings.timeoutMs,
): Promise<T> {
  const call = new DeadlineCall(parent, settings, timeoutMs);
  let pending: T | PromiseLike<T>;
  try {
    pending = operation(call);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!isThenable(pending)) return Promise.resolve(pending);
  const promise = pending;
  return new Promise<T>((resolve, reject) => {
    call.arm(reject);
    promise.then(
      (value) => {
        if (call.finish()) resolve(value);
      },
      (error: unknown) => {
        if (call.finish()) reject(error);
      },
    );
  });
}

/** Options of {@link timeout}. */
export interface TimeoutOptions {
  /** `attempt` (inside a retry) or `total` (outside it); only changes the error's wording. Default `attempt`. */
  scope?: TimeoutScope;
  clock?: Clock;
}

/**
 * Rejects calls that run longer than `timeoutMs` with a {@link TimeoutError} and aborts their signal.
 * Place it inside `retry` for a per-attempt timeout, outside for a total one.
 */
export class TimeoutPolicy implements Policy {
  readonly timeoutMs: number;
  /** The resolved deadline settings (shared with `wrap`, which runs them inside a fused retry). @internal */
  readonly settings: DeadlineSettings;

  constructor(timeoutMs: number, options: TimeoutOptions = {}) {
    const issues = new IssueList();
    if (timeoutMs === undefined) issues.add('timeoutMs', 'is required');
    else issues.number('timeoutMs', timeoutMs, 1);
    issues.oneOf('scope', options.scope, ['attempt', 'total']);
    if (issues.issues.length > 0) throw new ResilienceConfigError(issues.issues, 'timeout');
    this.timeoutMs = timeoutMs;
    this.settings = deadlineSettings(timeoutMs, options.scope ?? 'attempt', options.clock ?? systemClock);
  }

  execute<T>(operation: Operation<T>, signal?: AbortSignal): Promise<T> {
    return runWithDeadline(operation, rootContext(signal), this.settings);
  }

  run<T>(operation: Operation<T>, context: PolicyContext): Promise<T> {
    return runWithDeadline(operation, context, this.settings);
  }

  executeResult<T>(operation: Operation<T>, signal?: AbortSignal): Promise<Outcome<T>> {
    return toOutcome(this.execute(operation, signal));
  }
}

/** Creates a {@link TimeoutPolicy}. */
export function timeout(timeoutMs: number, options?: TimeoutOptions): TimeoutPolicy {
  return new TimeoutPolicy(timeoutMs, options);
}
