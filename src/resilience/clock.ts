/**
 * Time, injected. Every policy reads the time and arms timers through a {@link Clock}, so tests can
 * drive them with vitest fake timers (the default clock reads the globals at call time) or with a
 * {@link ManualClock}, and a service can plug in its own time source.
 */
export interface Clock {
  /** Milliseconds since the epoch (wall clock: circuit snapshots store these and survive restarts). */
  now(): number;
  /** Arms a one-shot timer; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node caps timer delays at 2^31-1 ms and silently fires longer ones after 1 ms; we clamp instead. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** The process clock: `Date.now()` and the global timers, looked up on every call (fake-timer friendly). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, clampDelay(delayMs)),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/** Clamps a delay into what timers accept: finite, non-negative, at most {@link MAX_TIMER_DELAY_MS}. */
export function clampDelay(delayMs: number): number {
  if (!(delayMs > 0)) return 0;
  return delayMs > MAX_TIMER_DELAY_MS ? MAX_TIMER_DELAY_MS : delayMs;
}

/**
 * Lets a watchdog timer not keep the process alive. Timers that guard work which finishes on its own
 * (per-attempt deadlines) are unref'd, so a process using the core exits when its work is done.
 */
export function unrefTimer(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null) {
    const unref = (handle as { unref?: unknown }).unref;
    if (typeof unref === 'function') unref.call(handle);
  }
}

/** An AbortSignal that never aborts, shared by every call that was given none. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** The reason an aborted signal carries, or a standard `AbortError` when it carries none. */
export function abortReason(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (reason !== undefined) return reason;
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * Waits `delayMs` on `clock`; rejects with the signal's reason as soon as `signal` aborts (the timer
 * is cleared, nothing is left behind). The timer is ref'd: a retry that is waiting is work in progress.
 */
export function sleep(delayMs: number, clock: Clock = systemClock, signal: AbortSignal = NEVER_ABORTED): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    if (signal === NEVER_ABORTED) {
      clock.setTimeout(resolve, clampDelay(delayMs));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(abortReason(signal));
    };
    const handle = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, clampDelay(delayMs));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
