import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';
import { ResilienceConfigError } from './errors.js';
import { createRegistry, defaultRegistry, ResilienceRegistry } from './registry.js';

describe('registry', () => {
  it('gets or creates one breaker per name', () => {
    const registry = createRegistry();
    const first = registry.breaker('payments', { failureThreshold: 2 });
    const again = registry.breaker('payments', { failureThreshold: 99 });
    expect(again).toBe(first);
    expect(first.name).toBe('payments');
    expect(registry.getBreaker('payments')).toBe(first);
    expect(registry.getBreaker('nope')).toBeUndefined();
    registry.breaker('search');
    expect(registry.breakers().map((breaker) => breaker.name)).toEqual(['payments', 'search']);
  });

  it('gives a manager the breaker of the same name, so call sites share it', async () => {
    const registry = createRegistry();
    const breaker = registry.breaker('inventory', { failureThreshold: 1 });
    const manager = registry.manager('inventory', { retry: false });
    expect(manager.breaker).toBe(breaker);
    expect(registry.manager('inventory')).toBe(manager);
    await manager.executeResult(() => Promise.reject(new Error('down')));
    expect(breaker.state).toBe('open');
    expect(registry.managers()).toEqual([manager]);
    expect(registry.getManager('inventory')).toBe(manager);
    const noCircuit = registry.manager('cache', { circuit: false });
    expect(noCircuit.breaker).toBeUndefined();
  });

  it('reports the health of everything, worst status first', async () => {
    const registry = new ResilienceRegistry();
    registry.manager('ok', { retry: false });
    const bad = registry.manager('bad', { retry: false, circuit: { failureThreshold: 1 } });
    await bad.executeResult(() => Promise.reject(new Error('x')));
    const health = registry.health();
    expect(health.status).toBe('unhealthy');
    expect(Object.keys(health.managers)).toEqual(['ok', 'bad']);
    expect(health.circuits.bad!.state).toBe('open');
    expect(health.managers.ok!.status).toBe('healthy');
    expect(createRegistry().health()).toEqual({ status: 'healthy', managers: {}, circuits: {} });
  });

  it('saves every circuit and restores them, including breakers created later', async () => {
    const clock = new ManualClock(5_000);
    const before = createRegistry();
    const breaker = before.breaker('db', { failureThreshold: 1, breakDurationMs: 60_000, clock });
    await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    const saved = JSON.parse(JSON.stringify(before));
    const after = createRegistry();
    after.restore(saved);
    const restored = after.breaker('db', { failureThreshold: 1, breakDurationMs: 60_000, clock });
    expect(restored.state).toBe('open');
    const existing = createRegistry();
    const live = existing.breaker('db', { clock });
    existing.restore(saved);
    expect(live.state).toBe('open');
  });

  it('rejects an invalid snapshot and forgets removed entries', () => {
    const registry = createRegistry();
    expect(() => registry.restore({ version: 2 } as never)).toThrow(ResilienceConfigError);
    expect(() => registry.restore({ version: 1, circuits: { db: { version: 1, state: 'bogus' } } } as never)).toThrow(/circuits\.db\.state/);
    registry.manager('gone');
    expect(registry.remove('gone')).toBe(true);
    expect(registry.getManager('gone')).toBeUndefined();
    expect(registry.getBreaker('gone')).toBeUndefined();
    expect(registry.remove('gone')).toBe(false);
  });

  it('has a process-wide default', () => {
    expect(defaultRegistry).toBeInstanceOf(ResilienceRegistry);
  });
});
