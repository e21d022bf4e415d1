import type { Clock } from './clock.js';

interface ManualTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when told to: for deterministic tests of time-based behaviour (break
 * durations, windows, deadlines) without fake timers. Timers fire in deadline order during
 * {@link ManualClock.advance}.
 */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: ManualTimer[] = [];

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const timer: ManualTimer = { id: this.nextId++, at: this.time + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Number of armed timers (a test can assert that nothing was left behind). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves the time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const fired = this.takeDue(target);
      if (fired === undefined) break;
      fired.callback();
    }
    this.time = target;
  }

  /**
   * Like {@link ManualClock.advance}, but lets pending promise callbacks run before and after each
   * timer fires, so chains of awaits (an attempt fails, a retry is scheduled, then armed) settle as
   * they would in real time.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.time + ms;
    await yieldToEventLoop();
    for (;;) {
      const fired = this.takeDue(target);
      if (fired === undefined) break;
      fired.callback();
      await yieldToEventLoop();
    }
    this.time = target;
    await yieldToEventLoop();
  }

  /** Removes and returns the earliest timer due at or before `target`, moving the time to it. */
  private takeDue(target: number): ManualTimer | undefined {
    let next: ManualTimer | undefined;
    for (const timer of this.timers) {
      if (timer.at > target) continue;
      if (next === undefined || timer.at < next.at || (timer.at === next.at && timer.id < next.id)) next = timer;
    }
    if (next === undefined) return undefined;
    const due = next;
    this.timers = this.timers.filter((timer) => timer !== due);
    this.time = Math.max(this.time, due.at);
    return due;
  }

  /** Sets the time (it never goes backwards), firing what falls due. */
  set(ms: number): void {
    if (ms > this.time) this.advance(ms - this.time);
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
