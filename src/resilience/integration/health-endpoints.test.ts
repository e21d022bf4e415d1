import { afterEach, describe, expect, it } from 'vitest';
import { createHealthHandler } from '../http-health.js';
import { createRegistry } from '../registry.js';
import { DependencyStartup } from '../startup.js';
import { listen, type LoopbackServer } from '../test-utils/loopback.js';

/** Integration: the health endpoints served by a real `node:http` server. */
describe('health endpoints over real HTTP', () => {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function serve(options: Parameters<typeof createHealthHandler>[0]): Promise<string> {
    const handler = createHealthHandler(options);
    const server = await listen((request, response) => handler(request, response));
    servers.push(server);
    return server.url;
  }

  it('serves liveness, readiness and details for a degraded service', async () => {
    const startup = new DependencyStartup()
      .register({ name: 'database', start: async () => 'pg' })
      .register({ name: 'kafka', critical: false, retry: false, start: () => Promise.reject(new Error('no broker')) });
    await startup.start();
    const registry = createRegistry();
    await registry.manager('inventory', { retry: false }).execute(async () => 'ok');
    const url = await serve({ service: 'inventory-agent', startup, registry, details: () => ({ version: '1.2.3' }) });

    const live = await fetch(`${url}/health`);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/application\/json/);
    expect(await live.json()).toMatchObject({ status: 'alive', service: 'inventory-agent' });

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', service: 'inventory-agent', startup: 'degraded', dependencies: { database: 'connected', kafka: 'degraded' } });

    const detailed = await fetch(`${url}/health/detailed?verbose=1`);
    expect(detailed.status).toBe(200);
    const body = (await detailed.json()) as Record<string, any>;
    expect(body.startup.dependencies.kafka).toMatchObject({ status: 'degraded', critical: false, error: { message: 'no broker' } });
    expect(body.reliability.managers.inventory).toMatchObject({ status: 'healthy', counters: { calls: 1, successes: 1 } });
    expect(body.details).toEqual({ version: '1.2.3' });
  });

  it('answers 503 on readiness when a critical dependency failed', async () => {
    const startup = new DependencyStartup().register({ name: 'database', retry: false, start: () => Promise.reject(new Error('refused')) });
    await startup.start();
    const url = await serve({ service: 'orders', startup });
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', dependencies: { database: 'failed' } });
    expect((await fetch(`${url}/health/detailed`)).status).toBe(503);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('answers 404 elsewhere, 405 to other methods, and HEAD without a body; honours a base path and next()', async () => {
    const url = await serve({ service: 'x', basePath: '/internal/health/' });
    expect((await fetch(`${url}/health`)).status).toBe(404);
    expect((await fetch(`${url}/internal/health`)).status).toBe(200);
    const post = await fetch(`${url}/internal/health/ready`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${url}/internal/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const handler = createHealthHandler({ service: 'app' });
    const server = await listen((request, response) =>
      handler(request, response, () => {
        response.statusCode = 200;
        response.end('app route');
      }),
    );
    servers.push(server);
    expect(await (await fetch(`${server.url}/orders`)).text()).toBe('app route');
  });
});
