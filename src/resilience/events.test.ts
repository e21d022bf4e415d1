import { describe, expect, it } from 'vitest';
import { Emitter, forwardEvents } from './events.js';

describe('events', () => {
  it('delivers to subscribers until they are disposed', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const subscription = emitter.subscribe((value) => seen.push(value));
    emitter.emit(1);
    subscription.dispose();
    subscription.dispose();
    emitter.emit(2);
    expect(seen).toEqual([1]);
    expect(emitter.size).toBe(0);
  });

  it('isolates a throwing subscriber from the others and from the emitter', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>((error) => errors.push(error));
    const seen: string[] = [];
    emitter.subscribe(() => {
      throw new Error('bad subscriber');
    });
    emitter.subscribe((value) => seen.push(value));
    expect(() => emitter.emit('x')).not.toThrow();
    expect(seen).toEqual(['x']);
    expect((errors[0] as Error).message).toBe('bad subscriber');
  });

  it('lets a subscriber unsubscribe itself while an event is delivered', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const first = emitter.subscribe(() => {
      seen.push('first');
      first.dispose();
    });
    emitter.subscribe(() => seen.push('second'));
    emitter.emit(1);
    emitter.emit(2);
    expect(seen).toEqual(['first', 'second', 'second']);
  });

  it('forwards events to a sink, filtered and renamed, and survives a failing sink', async () => {
    const emitter = new Emitter<{ type: string; n: number }>();
    const sent: [string, unknown][] = [];
    const failures: unknown[] = [];
    const sink = {
      send(event: string, payload: unknown) {
        sent.push([event, payload]);
        if (event === 'reject') return Promise.reject(new Error('socket closed'));
        if (event === 'throw') throw new Error('sync failure');
        return undefined;
      },
    };
    const subscription = forwardEvents<{ type: string; n: number }>((listener) => emitter.subscribe(listener), sink, {
      filter: (event) => event.n > 0,
      onError: (error) => failures.push(error),
    });
    emitter.emit({ type: 'a', n: 1 });
    emitter.emit({ type: 'skipped', n: 0 });
    emitter.emit({ type: 'reject', n: 2 });
    emitter.emit({ type: 'throw', n: 3 });
    await Promise.resolve();
    await Promise.resolve();
    subscription.dispose();
    emitter.emit({ type: 'after', n: 4 });
    expect(sent.map(([event]) => event)).toEqual(['a', 'reject', 'throw']);
    expect(failures.map((error) => (error as Error).message).sort()).toEqual(['socket closed', 'sync failure']);
    const renamed: string[] = [];
    forwardEvents<{ type: string; n: number }>((listener) => emitter.subscribe(listener), { send: (event) => renamed.push(event) }, { eventName: (event) => `x:${event.type}`, payload: (event) => event.n });
    emitter.emit({ type: 'b', n: 5 });
    expect(renamed).toEqual(['x:b']);
  });
});
