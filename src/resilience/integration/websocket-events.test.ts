import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import type { EventSink } from '../events.js';
import { createReliabilityManager } from '../manager.js';
import { getJson, listen, sendJson, type LoopbackServer } from '../test-utils/loopback.js';

interface Message {
  event: string;
  payload: { type: string; attempt?: number; delayMs?: number; operation?: string; metadata?: Record<string, unknown> };
}

/** A WebSocket bridge as a chat backend has one: `send(event, payload)` to every connected client. */
function bridge(server: WebSocketServer): EventSink {
  return {
    send(event, payload) {
      const text = JSON.stringify({ event, payload });
      for (const client of server.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
    },
  };
}

/**
 * Integration, the plans' critical requirement: reliability events reach a real WebSocket client while
 * the operation is still being retried (not after it finished).
 */
describe('reliability events over a real WebSocket', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startBridge(): Promise<{ wss: WebSocketServer; url: string }> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
  }

  async function connect(url: string): Promise<{ socket: WebSocket; messages: Message[]; next: (predicate: (message: Message) => boolean) => Promise<Message> }> {
    const socket = new WebSocket(url);
    const messages: Message[] = [];
    const waiters: { predicate: (message: Message) => boolean; resolve: (message: Message) => void }[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      messages.push(message);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(message)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    cleanups.push(async () => {
      socket.close();
    });
    const next = (predicate: (message: Message) => boolean): Promise<Message> => {
      const seen = messages.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    };
    return { socket, messages, next };
  }

  it('the client sees agent_thinking and retry_scheduled while the call is being retried', async () => {
    const { wss, url } = await startBridge();
    const client = await connect(url);
    // Wait until the server side has registered the client.
    while (wss.clients.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    let requests = 0;
    const api: LoopbackServer = await listen((_request, response) => {
      requests++;
      if (requests === 1) sendJson(response, 503, { error: 'busy' });
      else sendJson(response, 200, { answer: 42 });
    });
    cleanups.push(() => api.close());

    const manager = createReliabilityManager('research-agent', { retry: { maxAttempts: 3, strategy: 'fixed', baseDelayMs: 30 } });
    manager.forwardTo(bridge(wss));

    const result = manager.execute(
      async ({ attempt, signal }) => {
        if (attempt === 2) {
          // Do not retry until the client has *received* the retry notice: this attempt only proceeds
          // because the event crossed the socket while the call was still in progress.
          await client.next((message) => message.event === 'retry_scheduled');
        }
        return getJson(api.url, signal);
      },
      { operation: 'answer_question', metadata: { runId: 'run-7' } },
    );
    const retryNotice = await client.next((message) => message.event === 'retry_scheduled');
    expect(retryNotice.payload).toMatchObject({ type: 'retry_scheduled', attempt: 1, delayMs: 30, operation: 'answer_question', metadata: { runId: 'run-7' } });

    await expect(result).resolves.toEqual({ answer: 42 });
    await client.next((message) => message.event === 'agent_completed');
    expect(client.messages.map((message) => `${message.event}${message.payload.attempt === undefined ? '' : `#${message.payload.attempt}`}`)).toEqual([
      'agent_thinking#1',
      'retry_scheduled#1',
      'agent_thinking#2',
      'agent_completed',
    ]);
  });

  it('the client is told when the circuit opens (reliability_failure)', async () => {
    const { wss, url } = await startBridge();
    const client = await connect(url);
    while (wss.clients.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const manager = createReliabilityManager('payments', { retry: false, circuit: { failureThreshold: 1, breakDurationMs: 60_000 } });
    manager.forwardTo(bridge(wss));
    await manager.executeResult(() => Promise.reject(new Error('card service down')), 'charge');
    const opened = await client.next((message) => message.event === 'reliability_failure' && (message.payload as { reason?: string }).reason === 'circuit_opened');
    expect(opened.payload).toMatchObject({ circuitState: 'open', retryAfterMs: 60_000 });
    const failed = await client.next((message) => message.event === 'reliability_failure' && (message.payload as { reason?: string }).reason === 'exhausted');
    expect(failed.payload).toMatchObject({ operation: 'charge', error: { message: 'card service down' } });
  });
});
