import { systemClock, unrefTimer, type Clock } from './clock.js';

/**
 * When a group of calls started: at or after `start`, at or before `end` (NaN while the group is open).
 * One group covers the calls started in one synchronous burst (a macrotask and its microtasks).
 */
interface Stamp {
  readonly start: number;
  end: number;
}

/** Something with a deadline; `expire` runs once if it is still queued when the deadline passes. */
export interface DeadlineEntry {
  /** Milliseconds, from the time the entry was scheduled. */
  readonly timeoutMs: number;
  deadline: number;
  queued: boolean;
  /** Set while the deadline is provisional (computed from the start of the entry's burst). */
  stamp: Stamp | undefined;
  expire(): void;
}

let checkedNow: unknown;
let nativeNow = false;

/**
 * Whether `Date.now` is the engine's own. Fake timers (vitest, sinon) replace it and move time
 * within one synchronous burst, so sharing a reading across a burst would be wrong there; they get
 * a reading per call. Checked when a burst opens, cached by function identity.
 */
function dateNowIsNative(): boolean {
  const now = Date.now;
  if (now !== checkedNow) {
    checkedNow = now;
    nativeNow = typeof now === 'function' && Function.prototype.toString.call(now).includes('[native code]');
  }
  return nativeNow;
}

const scheduleEndOfBurst: (callback: () => void) => void =
  typeof process === 'object' && process !== null && typeof process.nextTick === 'function' ? (callback) => process.nextTick(callback) : queueMicrotask;

/**
 * Deadlines of many concurrent calls behind one unref'd timer. A per-call `setTimeout` plus
 * `clearTimeout` costs more than the whole success path of a policy; here arming a deadline is an
 * append to a sorted array (calls with the same timeout arrive in deadline order) and finishing is a
 * flag flip. The timer is re-armed only when an earlier deadline arrives or the current one fires.
 *
 * With the system clock, calls started in the same synchronous burst share one clock reading (a
 * clock read costs as much as the rest of the deadline): the burst's start and end are read, and a
 * deadline fires no earlier than `timeoutMs` after its call started, and no later than that plus the
 * length of the burst it started in (timers cannot fire during a burst anyway). Other clocks, and
 * a faked `Date.now`, are read for every call.
 */
export class DeadlineQueue {
  /** Sorted by deadline from `head` to `tail`; slots are reused (truncating the array would free it). */
  private entries: (DeadlineEntry | undefined)[] = [];
  private head = 0;
  private tail = 0;
  private live = 0;
  private timer: unknown = undefined;
  private timerAt = Infinity;
  private readonly onTimer = (): void => this.fire();
  private readonly coarse: boolean;
  private stamp: Stamp | undefined = undefined;
  private readonly closeStamp = (): void => {
    const stamp = this.stamp;
    this.stamp = undefined;
    if (stamp !== undefined) stamp.end = this.clock.now();
  };

  constructor(private readonly clock: Clock) {
    this.coarse = clock === systemClock;
  }

  /** Queues `entry` to expire `entry.timeoutMs` from now. */
  schedule(entry: DeadlineEntry): void {
    let stamp = this.stamp;
    if (stamp === undefined && this.coarse && dateNowIsNative()) {
      stamp = { start: this.clock.now(), end: NaN };
      this.stamp = stamp;
      scheduleEndOfBurst(this.closeStamp);
    }
    if (stamp !== undefined) {
      entry.stamp = stamp;
      entry.deadline = stamp.start + entry.timeoutMs;
      this.add(entry, stamp.start);
    } else {
      const now = this.clock.now();
      entry.stamp = undefined;
      entry.deadline = now + entry.timeoutMs;
      this.add(entry, now);
    }
  }

  /** Number of deadlines still pending. */
  get size(): number {
    return this.live;
  }

  /** Inserts `entry` (its `deadline` set) in deadline order; `now` is a recent clock reading. */
  private add(entry: DeadlineEntry, now: number): void {
    entry.queued = true;
    const list = this.entries;
    let index = this.tail++;
    if (index === list.length) list.push(entry);
    const head = this.head;
    while (index > head && list[index - 1]!.deadline > entry.deadline) {
      list[index] = list[index - 1];
      index--;
    }
    list[index] = entry;
    this.live++;
    if (entry.deadline < this.timerAt) this.arm(entry.deadline, now);
  }

  /** Takes `entry` out (its call finished in time). */
  remove(entry: DeadlineEntry): void {
    if (!entry.queued) return;
    entry.queued = false;
    const list = this.entries;
    if (--this.live === 0) {
      // Nothing pending: empty the slots; the armed timer will find nothing and stop.
      for (let i = this.head; i < this.tail; i++) list[i] = undefined;
      this.head = 0;
      this.tail = 0;
      return;
    }
    let head = this.head;
    while (head < this.tail && !list[head]!.queued) list[head++] = undefined;
    this.head = head;
    if (head > 1024 && head * 2 > this.tail) this.compact();
  }

  private compact(): void {
    const list = this.entries;
    const count = this.tail - this.head;
    list.copyWithin(0, this.head, this.tail);
    list.fill(undefined, count, this.tail);
    this.head = 0;
    this.tail = count;
  }

  private arm(at: number, now: number): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(this.onTimer, Math.max(1, at - now));
    unrefTimer(this.timer);
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    const list = this.entries;
    const expired: DeadlineEntry[] = [];
    const postponed: DeadlineEntry[] = [];
    while (this.head < this.tail) {
      const entry = list[this.head]!;
      if (entry.queued && entry.deadline > now) break;
      list[this.head++] = undefined;
      if (!entry.queued) continue;
      this.live--;
      const stamp = entry.stamp;
      if (stamp !== undefined) {
        // The deadline was provisional: the call started no later than its burst ended.
        entry.stamp = undefined;
        const latest = (Number.isNaN(stamp.end) ? now : stamp.end) + entry.timeoutMs;
        if (latest > now) {
          entry.deadline = latest;
          postponed.push(entry);
          continue;
        }
      }
      entry.queued = false;
      expired.push(entry);
    }
    if (this.live === 0 && postponed.length === 0) {
      this.head = 0;
      this.tail = 0;
    }
    for (const entry of postponed) this.add(entry, now);
    if (this.live > 0 && this.timer === undefined) this.arm(list[this.head]!.deadline, now);
    // Expire after the queue is consistent: expiring aborts signals, whose listeners may start calls.
    for (const entry of expired) entry.expire();
  }
}

const queues = new WeakMap<Clock, DeadlineQueue>();

/** The process-wide queue of a clock (one timer per clock, not one per policy or call). */
export function deadlineQueueFor(clock: Clock): DeadlineQueue {
  let queue = queues.get(clock);
  if (queue === undefined) {
    queue = new DeadlineQueue(clock);
    queues.set(clock, queue);
  }
  return queue;
}
