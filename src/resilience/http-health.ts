import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from './clock.js';
import type { ResilienceRegistry } from './registry.js';
import type { DependencyStartup } from './startup.js';

/** Options of {@link createHealthHandler}. */
export interface HealthEndpointOptions {
  /** Service name reported by every endpoint. */
  service: string;
  /** Dependencies whose start-up decides readiness. */
  startup?: DependencyStartup;
  /** Managers and circuits reported by `/health/detailed`. Default: none. */
  registry?: ResilienceRegistry;
  /** Path prefix. Default `/health`. */
  basePath?: string;
  /** Extra fields for `/health/detailed` (queue depth, version ...). */
  details?: () => Record<string, unknown>;
  clock?: Clock;
}

/** A `node:http` request handler; `next` (Express/Connect style) is called for paths it does not serve. */
export type HealthHandler = (request: IncomingMessage, response: ServerResponse, next?: () => void) => void;

/**
 * Serves `/health` (liveness: 200 while the process runs), `/health/ready` (200 when the service can
 * take traffic, 503 otherwise) and `/health/detailed` (dependencies, managers, circuits; 503 when not
 * ready). Plug it into `http.createServer(handler)` or an Express/Connect app.
 */
export function createHealthHandler(options: HealthEndpointOptions): HealthHandler {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const base = (options.basePath ?? '/health').replace(/\/+$/, '');
  const uptimeMs = (): number => clock.now() - startedAt;

  const readiness = (): { ready: boolean; body: Record<string, unknown> } => {
    const report = options.startup?.report();
    const ready = report === undefined ? true : report.ready;
    const dependencies: Record<string, string> = {};
    for (const [name, dependency] of Object.entries(report?.dependencies ?? {})) dependencies[name] = dependency.status;
    return { ready, body: { status: ready ? 'ready' : 'not_ready', service: options.service, startup: report?.status ?? 'ready', dependencies } };
  };

  return (request, response, next) => {
    const path = (request.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    const route = path === base ? 'live' : path === `${base}/ready` ? 'ready' : path === `${base}/detailed` ? 'detailed' : undefined;
    if (route === undefined) {
      if (next !== undefined) next();
      else send(request, response, 404, { error: 'not found' });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      send(request, response, 405, { error: 'method not allowed' });
      return;
    }
    try {
      if (route === 'live') {
        send(request, response, 200, { status: 'alive', service: options.service, uptimeMs: uptimeMs() });
        return;
      }
      const { ready, body } = readiness();
      if (route === 'ready') {
        send(request, response, ready ? 200 : 503, body);
        return;
      }
      send(request, response, ready ? 200 : 503, {
        ...body,
        uptimeMs: uptimeMs(),
        startup: options.startup?.report() ?? null,
        reliability: options.registry?.health() ?? null,
        ...(options.details === undefined ? {} : { details: options.details() }),
      });
    } catch (error) {
      send(request, response, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

function send(request: IncomingMessage, response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value));
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('cache-control', 'no-store');
  response.setHeader('content-length', Buffer.byteLength(text));
  response.end(request.method === 'HEAD' ? undefined : text);
}
