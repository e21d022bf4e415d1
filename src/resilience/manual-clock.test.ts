import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';
import { sleep } from './clock.js';

describe('ManualClock', () => {
  it('fires timers in deadline order as time advances, and can cancel them', () => {
    const clock = new ManualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    const cancelled = clock.setTimeout(() => fired.push('x'), 15);
    clock.clearTimeout(cancelled);
    clock.advance(15);
    expect(fired).toEqual(['a']);
    expect(clock.now()).toBe(115);
    clock.set(200);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('drives sleep with advanceAsync', async () => {
    const clock = new ManualClock();
    let woke = false;
    void sleep(1000, clock).then(() => (woke = true));
    await clock.advanceAsync(999);
    expect(woke).toBe(false);
    await clock.advanceAsync(1);
    expect(woke).toBe(true);
  });
});
