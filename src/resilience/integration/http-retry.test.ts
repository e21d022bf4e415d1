import { afterEach, describe, expect, it } from 'vitest';
import { circuitBreaker } from '../breaker/circuit-breaker.js';
import { BrokenCircuitError } from '../errors.js';
import { createReliabilityManager } from '../manager.js';
import { retry, type RetryEvent } from '../retry.js';
import { wrap } from '../wrap.js';
import { getJson, listen, path, sendJson, type LoopbackServer } from '../test-utils/loopback.js';

/** Integration: the core against a real HTTP server on loopback, with real timers. */
describe('retry and circuit breaker against a real HTTP server', () => {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('retries a server that fails with 503 until it recovers', async () => {
    let requests = 0;
    const server = await listen((request, response) => {
      requests++;
      if (requests <= 2) sendJson(response, 503, { error: 'warming up' });
      else sendJson(response, 200, { items: [path(request)] });
    });
    servers.push(server);
    const policy = retry({ maxAttempts: 4, strategy: 'exponential', baseDelayMs: 20 });
    await expect(policy.execute(({ signal }) => getJson(`${server.url}/orders`, signal))).resolves.toEqual({ items: ['/orders'] });
    expect(requests).toBe(3);
  });

  it('does not retry a 404', async () => {
    let requests = 0;
    const server = await listen((_request, response) => {
      requests++;
      sendJson(response, 404, { error: 'no such order' });
    });
    servers.push(server);
    await expect(retry({ maxAttempts: 4, baseDelayMs: 10 }).execute(() => getJson(`${server.url}/orders/9`))).rejects.toMatchObject({ status: 404 });
    expect(requests).toBe(1);
  });

  it('waits what a rate-limiting server asks with Retry-After, then succeeds', async () => {
    const arrivals: number[] = [];
    const server = await listen((_request, response) => {
      arrivals.push(Date.now());
      if (arrivals.length === 1) sendJson(response, 429, { error: 'slow down' }, { 'retry-after': '1' });
      else sendJson(response, 200, { ok: true });
    });
    servers.push(server);
    const policy = retry({ maxAttempts: 3, strategy: 'fixed', baseDelayMs: 10, maxDelayMs: 5000 });
    const retries: RetryEvent[] = [];
    policy.onRetry((event) => retries.push(event));
    await expect(policy.execute(() => getJson(server.url))).resolves.toEqual({ ok: true });
    expect(retries).toMatchObject([{ delayMs: 1000, retryAfter: true }]);
    // The server saw the retry no earlier than it asked (allowing for timer granularity).
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(990);
  });

  it('caps a long Retry-After at maxDelayMs', async () => {
    let requests = 0;
    const server = await listen((_request, response) => {
      requests++;
      if (requests === 1) sendJson(response, 503, { error: 'maintenance' }, { 'retry-after': '3600' });
      else sendJson(response, 200, { ok: true });
    });
    servers.push(server);
    const policy = retry({ maxAttempts: 2, maxDelayMs: 50 });
    const retries: RetryEvent[] = [];
    policy.onRetry((event) => retries.push(event));
    await policy.execute(() => getJson(server.url));
    expect(retries).toMatchObject([{ delayMs: 50, retryAfter: true }]);
  });

  it('opens the circuit against a server that is down, fails fast, and closes once it is back', async () => {
    const server = await listen((_request, response) => sendJson(response, 200, { ok: true }));
    const port = server.port;
    await server.close();
    const breaker = circuitBreaker({ name: 'orders-api', failureThreshold: 3, breakDurationMs: 200 });
    const policy = wrap(retry({ maxAttempts: 5, strategy: 'fixed', baseDelayMs: 10 }), breaker);
    const url = `http://127.0.0.1:${port}/`;
    const error = await policy.execute(() => getJson(url)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect(breaker.state).toBe('open');
    let attempted = false;
    const rejection = await breaker
      .execute(() => {
        attempted = true;
        return getJson(url);
      })
      .catch((caught: unknown) => caught);
    expect(rejection).toBeInstanceOf(BrokenCircuitError);
    expect(attempted).toBe(false);
    expect((rejection as BrokenCircuitError).retryAfterMs).toBeGreaterThan(0);

    servers.push(await listen((_request, response) => sendJson(response, 200, { back: true }), port));
    await new Promise((resolve) => setTimeout(resolve, breaker.retryAfterMs + 20));
    expect(breaker.state).toBe('half-open');
    await expect(policy.execute(() => getJson(url))).resolves.toEqual({ back: true });
    expect(breaker.state).toBe('closed');
  });

  it('a reliability manager recovers from a flaky server and reports it in its health', async () => {
    let requests = 0;
    const server = await listen((_request, response) => {
      requests++;
      if (requests % 3 === 1) response.destroy();
      else sendJson(response, 200, { n: requests });
    });
    servers.push(server);
    const manager = createReliabilityManager('orders', { retry: { maxAttempts: 3, strategy: 'fixed', baseDelayMs: 10, attemptTimeoutMs: 2000 } });
    for (let i = 0; i < 3; i++) await manager.execute(({ signal }) => getJson(server.url, signal), 'list');
    const health = manager.health();
    expect(health.counters).toMatchObject({ calls: 3, successes: 3, failures: 0, retries: 2 });
    expect(health.errors).toHaveLength(2);
    expect(health.status).toBe('healthy');
  });
});
