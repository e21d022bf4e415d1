import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 (a random free port) for integration tests. */
export interface LoopbackServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(handler: RequestListener, port = 0): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The error a typical HTTP client throws for a non-2xx response (status and response headers). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly response: { status: number; headers: Headers },
  ) {
    super(`HTTP ${status}`);
  }
}

/** GETs JSON with fetch, throwing {@link HttpStatusError} for a non-2xx status. */
export async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { connection: 'close' } });
  if (!response.ok) {
    await response.arrayBuffer();
    throw new HttpStatusError(response.status, { status: response.status, headers: response.headers });
  }
  return response.json();
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export function path(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0]!;
}
