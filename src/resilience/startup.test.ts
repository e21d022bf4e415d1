import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResilienceConfigError } from './errors.js';
import { DependencyStartup, type DependencyChange } from './startup.js';
import { flaky } from './test-utils/helpers.js';

describe('dependency start-up', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function start(startup: DependencyStartup) {
    const report = startup.start();
    await vi.runAllTimersAsync();
    return report;
  }

  it('connects dependencies with retry and reports ready', async () => {
    const database = flaky(2, { pool: 'pg' });
    const startup = new DependencyStartup()
      .register({ name: 'database', critical: true, start: database.operation, retry: { maxAttempts: 5, strategy: 'exponential', baseDelayMs: 500 } })
      .register({ name: 'cache', critical: false, start: async () => 'redis' });
    const report = await start(startup);
    expect(report).toMatchObject({
      status: 'ready',
      ready: true,
      durationMs: 1500,
      dependencies: {
        database: { status: 'connected', attempts: 3, critical: true, usedFallback: false, error: null },
        cache: { status: 'connected', attempts: 1 },
      },
    });
    expect(startup.resource('database')).toEqual({ pool: 'pg' });
    expect(startup.isReady()).toBe(true);
  });

  it('degrades gracefully when an optional dependency cannot start (the Kafka case)', async () => {
    const startup = new DependencyStartup()
      .register({ name: 'database', start: async () => 'db' })
      .register({ name: 'kafka', critical: false, start: flaky(99, 'x', () => new Error('GroupCoordinator not available')).operation, retry: { maxAttempts: 3, strategy: 'fixed', baseDelayMs: 100 } });
    const report = await start(startup);
    expect(report.status).toBe('degraded');
    expect(report.ready).toBe(true);
    expect(report.dependencies.kafka).toMatchObject({ status: 'degraded', attempts: 3, error: { message: 'GroupCoordinator not available' } });
  });

  it('uses a fallback for a critical dependency (the SQLite case) and reports it degraded', async () => {
    const startup = new DependencyStartup().register({
      name: 'database',
      start: () => Promise.reject(new Error('connection refused')),
      retry: 'websocket',
      fallback: async () => 'sqlite',
    });
    const report = await start(startup);
    expect(report.status).toBe('degraded');
    expect(report.dependencies.database).toMatchObject({ status: 'degraded', usedFallback: true, attempts: 2 });
    expect(startup.resource('database')).toBe('sqlite');
  });

  it('fails when a critical dependency cannot start, and does not start what depends on it', async () => {
    let startedConsumer = false;
    const startup = new DependencyStartup()
      .register({ name: 'database', start: () => Promise.reject(new Error('down')), retry: false })
      .register({
        name: 'consumer',
        critical: false,
        dependsOn: ['database'],
        start: async () => {
          startedConsumer = true;
        },
      });
    const report = await start(startup);
    expect(report).toMatchObject({ status: 'failed', ready: false });
    expect(report.dependencies.consumer).toMatchObject({ status: 'degraded', error: { message: 'not started: dependency "database" is failed' } });
    expect(startedConsumer).toBe(false);
  });

  it('starts dependencies after the ones they depend on', async () => {
    const order: string[] = [];
    const startup = new DependencyStartup()
      .register({ name: 'migrations', dependsOn: ['database'], start: async () => order.push('migrations') })
      .register({
        name: 'database',
        start: async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          order.push('database');
        },
      });
    await start(startup);
    expect(order).toEqual(['database', 'migrations']);
  });

  it('reports status changes, recovers degraded dependencies and stops in reverse order', async () => {
    let kafkaUp = false;
    const stopped: string[] = [];
    const startup = new DependencyStartup()
      .register({ name: 'database', start: async () => 'db', stop: async () => void stopped.push('database') })
      .register({
        name: 'kafka',
        critical: false,
        retry: false,
        start: async () => {
          if (!kafkaUp) throw new Error('not yet');
          return 'kafka';
        },
        stop: async () => void stopped.push('kafka'),
      });
    const changes: DependencyChange[] = [];
    startup.onChange((change) => changes.push(change));
    expect((await start(startup)).status).toBe('degraded');
    kafkaUp = true;
    const recovery = startup.recover();
    await vi.runAllTimersAsync();
    expect((await recovery).status).toBe('ready');
    expect(changes.map((change) => `${change.name}:${change.status}`)).toEqual([
      'database:starting',
      'kafka:starting',
      'database:connected',
      'kafka:degraded',
      'kafka:starting',
      'kafka:connected',
    ]);
    await startup.stop();
    expect(stopped).toEqual(['kafka', 'database']);
    expect(startup.report().status).toBe('stopped');
    expect(startup.status('kafka')).toBe('stopped');
  });

  it('reports a stop failure after stopping the others', async () => {
    const stopped: string[] = [];
    const startup = new DependencyStartup()
      .register({ name: 'a', start: async () => 'a', stop: async () => void stopped.push('a') })
      .register({
        name: 'b',
        start: async () => 'b',
        stop: () => {
          throw new Error('stuck');
        },
      });
    await start(startup);
    await expect(startup.stop()).rejects.toThrow('1 dependencies failed to stop');
    expect(stopped).toEqual(['a']);
  });

  it('rejects bad registrations and bad dependency graphs with every problem listed', () => {
    const startup = new DependencyStartup().register({ name: 'a', start: () => 1 });
    expect(() => startup.register({ name: 'a', start: () => 1 })).toThrow(/already registered/);
    expect(() => startup.register({ name: '', start: 5 as never, retry: 'mainframe' as never })).toThrow(ResilienceConfigError);
    const cyclic = new DependencyStartup()
      .register({ name: 'x', dependsOn: ['y'], start: () => 1 })
      .register({ name: 'y', dependsOn: ['x', 'ghost'], start: () => 1 });
    return cyclic.start().then(
      () => expect.unreachable(),
      (error: unknown) => {
        expect(error).toBeInstanceOf(ResilienceConfigError);
        const messages = (error as ResilienceConfigError).issues.map((issue) => issue.message);
        expect(messages).toEqual(expect.arrayContaining(['unknown dependency "ghost"', 'circular: x -> y -> x']));
      },
    );
  });
});
