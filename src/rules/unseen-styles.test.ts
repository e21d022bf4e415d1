/**
 * Styles met in codebases written in idioms our fixtures lacked: requests sent again on a 5xx or 429
 * response without any error or retry vocabulary, bundled (minified) promise retries
 * continuing with the function itself, queue workers re-enqueuing a failed job with its next attempt
 * number, dispatcher handlers dispatching their request again from their failure callback, breakers
 * kept in private (`#`) fields or in a shared store (an open key that expires), breaker settings counted over a failure window in seconds. Each with
 * the look-alikes that sit next to them.
 */
import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const retryFind: DetectCase[] = [
  {
    name: 'a minified promise retry whose rejection handler continues with the attempt function itself',
    file: 'bundle.cjs',
    code: `
      "use strict";function t(e){return new Promise(function(r){setTimeout(r,e)})}function n(e,r){var o=r.retries;return new Promise(function(c,a){var f=0;function s(){e(f).then(c,function(l){if(f++>=o)return a(l);t(100*f).then(s)})}s()})}exports.retry=n;
    `,
    expect: [{ symbol: 'n', startLine: 1, endLine: 1 }],
  },
  {
    name: 'a .catch() handler that sleeps, then continues with the function by reference',
    code: `
      export function fetchStatus(url: string, limit = 3): Promise<Response> {
        let failures = 0;
        const go = (): Promise<Response> =>
          fetch(url).catch((error: unknown) => {
            if (++failures > limit) throw error;
            return new Promise((r) => setTimeout(r, 200)).then(go);
          });
        return go();
      }
    `,
    expect: [{ symbol: 'fetchStatus', startLine: 1, endLine: 9 }],
  },
  {
    name: 'a queue worker that re-enqueues a failed job with its next attempt number while under the limit',
    code: `
      export class Worker {
        #queue: Queue;
        constructor(queue: Queue, private readonly handler: (data: unknown) => Promise<void>) {
          this.#queue = queue;
        }
        async process(job: Job): Promise<void> {
          try {
            await this.handler(job.data);
          } catch (err) {
            const made = job.attemptsMade + 1;
            if (made < job.opts.attempts) await this.#queue.add(job.name, job.data, { ...job.opts, attemptsMade: made });
            else await this.#queue.moveToDeadLetter(job, String(err));
          }
        }
      }
    `,
    expect: [{ symbol: 'Worker', startLine: 1, endLine: 15 }],
  },
  {
    name: 'a message consumer that publishes the message again with attempt + 1 inline',
    code: `
      export async function consume(message: { body: string; attempt: number }, publish: Publish): Promise<void> {
        try {
          await handleOrder(JSON.parse(message.body));
        } catch (error) {
          if (message.attempt + 1 <= MAX_ATTEMPTS) await publish('orders.retry', message.body, { attempt: message.attempt + 1 });
          else await publish('orders.dead', message.body, { error: String(error) });
        }
      }
    `,
    expect: [{ symbol: 'consume', startLine: 1, endLine: 8 }],
  },
  {
    name: 'a dispatcher handler whose failure callback dispatches its request again with itself as the handler',
    code: `
      export class ResendingHandler {
        private count = 0;
        constructor(private readonly request: Options, private readonly dispatch: Dispatch, private readonly inner: Handler, private readonly max: number) {}
        onData(chunk: Uint8Array): boolean {
          return this.inner.onData(chunk);
        }
        onComplete(trailers: string[]): void {
          this.inner.onComplete(trailers);
        }
        onError(error: Error): void {
          if (this.count >= this.max) {
            this.inner.onError(error);
            return;
          }
          this.count++;
          setTimeout(() => this.dispatch(this.request, this), 100 * 2 ** this.count);
        }
      }
    `,
    expect: [{ symbol: 'ResendingHandler.onError', startLine: 10, endLine: 17 }],
  },
  {
    name: 'a client that sends the request again on a 5xx response, never throwing or naming an error',
    code: `
      export function createClient(base: string, limit = 2) {
        return {
          async get(path: string): Promise<unknown> {
            const send = async (count: number): Promise<unknown> => {
              const res = await fetch(base + path);
              if (res.status >= 500 && count < limit) return send(count + 1);
              return res.json();
            };
            return send(0);
          },
        };
      }
    `,
    expect: [{ symbol: 'createClient', startLine: 1, endLine: 12 }],
  },
  {
    name: 'a bounded loop that goes round again on a 5xx response and returns any other',
    code: `
      export async function getUntilServed(url: string, tries = 3): Promise<Response> {
        for (let i = 1; ; i++) {
          const res = await fetch(url);
          if (res.status >= 500 && i < tries) {
            await new Promise((r) => setTimeout(r, 200 * i));
            continue;
          }
          return res;
        }
      }
    `,
    expect: [{ symbol: 'getUntilServed', startLine: 1, endLine: 10 }],
  },
];

const retryIgnore: DetectCase[] = [
  {
    name: 'a request replayed once after a token refresh on 401, and 5xx responses only counted',
    code: `
      export async function request(path: string, canRefresh = true): Promise<Response> {
        const res = await fetch(path, { headers: { authorization: token() } });
        if (res.status === 401 && canRefresh) {
          await refreshToken();
          return request(path, false);
        }
        if (res.status >= 500) metrics.increment('upstream_5xx');
        return res;
      }
    `,
    expect: [],
  },
  {
    name: 'a loop over pages that skips a page answering 503',
    code: `
      export async function crawl(urls: string[]): Promise<string[]> {
        const pages: string[] = [];
        for (let i = 0; i < urls.length; i++) {
          const res = await fetch(urls[i]!);
          if (res.status === 503) {
            continue;
          }
          pages.push(await res.text());
        }
        return pages;
      }
    `,
    expect: [],
  },
  {
    name: 'a worker that moves every failed job to the dead-letter queue',
    code: `
      export class DeadLetterSink {
        constructor(private readonly queue: Queue, private readonly handler: (data: unknown) => Promise<void>) {}
        async process(job: Job): Promise<void> {
          try {
            await this.handler(job.data);
          } catch (err) {
            await this.queue.moveToDeadLetter(job, String(err));
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a worker that only logs the next attempt number of a failed job',
    code: `
      export async function handleJob(job: Job, logger: Logger): Promise<void> {
        try {
          await run(job.data);
        } catch (err) {
          const next = job.attemptsMade + 1;
          if (next < job.opts.attempts) logger.warn(job.id, { attempt: next });
          throw err;
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a loader that skips to the next page when one fails',
    code: `
      export async function loadFrom(query: string, page: number, pages: number): Promise<Item[]> {
        try {
          return await fetchPage(query, page);
        } catch (error) {
          if (page + 1 < pages) return loadPage(query, page + 1);
          throw error;
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a handler whose failure callback forwards the error to the handler it wraps',
    code: `
      export class LoggingHandler {
        private failures = 0;
        constructor(private readonly inner: Handler, private readonly log: (line: string) => void) {}
        onData(chunk: Uint8Array): boolean {
          return this.inner.onData(chunk);
        }
        onError(error: Error): void {
          if (this.failures++ > 100) return;
          this.log(error.message);
          this.inner.onError(error);
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a failure callback that reports itself to a registry',
    code: `
      export class Probe {
        private errors = 0;
        constructor(private readonly registry: Registry, private readonly name: string) {}
        onError(error: Error): void {
          if (this.errors++ > 10) return;
          this.registry.report(this, this.name);
        }
      }
    `,
    expect: [],
  },
];

const breakerFind: DetectCase[] = [
  {
    name: 'a breaker whose open flag and failure count are private (#) fields',
    code: `
      export class Valve {
        #open = false;
        #strikes = 0;
        #openedAt = 0;
        constructor(readonly maxStrikes = 3, readonly pauseMs = 10_000) {}
        async pass<T>(fn: () => Promise<T>): Promise<T> {
          if (this.#open && Date.now() - this.#openedAt < this.pauseMs) throw new Error('valve open');
          try {
            const value = await fn();
            this.#strikes = 0;
            this.#open = false;
            return value;
          } catch (e) {
            if (++this.#strikes >= this.maxStrikes) {
              this.#open = true;
              this.#openedAt = Date.now();
            }
            throw e;
          }
        }
      }
    `,
    expect: [{ symbol: 'Valve', startLine: 1, endLine: 21 }],
  },
  {
    name: 'a breaker kept in a shared store: failures counted with incr, an open key that expires',
    code: `
      export class SharedCircuit {
        constructor(private readonly redis: Redis, private readonly key: string, private readonly limit = 5) {}
        async exec<T>(fn: () => Promise<T>): Promise<T> {
          if (await this.redis.get(\`\${this.key}:open\`)) throw new Error(\`\${this.key} is open\`);
          try {
            const result = await fn();
            await this.redis.del(\`\${this.key}:fails\`);
            return result;
          } catch (error) {
            const failures = await this.redis.incr(\`\${this.key}:fails\`);
            await this.redis.expire(\`\${this.key}:fails\`, 60);
            if (failures >= this.limit) await this.redis.set(\`\${this.key}:open\`, '1', 'EX', 30);
            throw error;
          }
        }
      }
    `,
    expect: [{ symbol: 'SharedCircuit', startLine: 1, endLine: 16 }],
  },
];

const breakerIgnore: DetectCase[] = [
  {
    name: 'a login lockout kept in a shared store (failures counted, a locked key that expires)',
    code: `
      export async function login(redis: Redis, user: string, password: string): Promise<Session> {
        if (await redis.get(\`\${user}:locked\`)) throw new Error('account locked, try again later');
        try {
          return await authenticate(user, password);
        } catch (error) {
          const failures = await redis.incr(\`\${user}:fails\`);
          if (failures >= 5) await redis.set(\`\${user}:locked\`, '1', 'EX', 900);
          throw error;
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a door sensor writing an open key to a store, without failures',
    code: `
      export async function onDoorEvent(redis: Redis, door: string, event: { open: boolean; failed?: boolean }): Promise<void> {
        if (event.failed) throw new Error('sensor error');
        if (event.open) await redis.set(\`door:\${door}:open\`, '1', 'EX', 3600);
        else await redis.del(\`door:\${door}:open\`);
      }
    `,
    expect: [],
  },
  {
    name: 'a file handle with a private open flag and an error count that never opens on failures',
    code: `
      export class FileHandle {
        #open = false;
        #errors = 0;
        async write(data: string): Promise<void> {
          if (!this.#open) throw new Error('handle closed');
          try {
            await writeChunk(data);
          } catch (e) {
            this.#errors++;
            throw e;
          }
        }
        open(): void {
          this.#open = true;
        }
        close(): void {
          this.#open = false;
        }
      }
    `,
    expect: [],
  },
];

const breakerConfigFind: DetectCase[] = [
  {
    name: 'breaker settings in seconds with failures counted over a window',
    code: `
      export interface SharedCircuitOptions {
        threshold: number;
        failureWindowSeconds: number;
        openSeconds: number;
      }
    `,
    expect: [{ symbol: 'SharedCircuitOptions', kind: 'config-type', startLine: 1, endLine: 5 }],
  },
  {
    name: 'a failure threshold and an open time in seconds',
    code: `
      export type TripSettings = { failureThreshold: number; openSeconds: number };
    `,
    expect: [{ symbol: 'TripSettings', kind: 'config-type' }],
  },
];

const breakerConfigIgnore: DetectCase[] = [
  {
    name: 'an alert rule counting errors over a window against a threshold',
    code: `
      export interface AlertRule {
        name: string;
        query: string;
        errorWindowMinutes: number;
        threshold: number;
        channel: string;
      }
    `,
    expect: [],
  },
  {
    name: 'a rate limiter window with a threshold',
    code: `
      export interface LimiterOptions {
        threshold: number;
        windowSeconds: number;
      }
    `,
    expect: [],
  },
];

describe('retry in unseen styles', () => {
  runDetectTable('retry', [...retryFind, ...retryIgnore]);
});

describe('circuit breaker in unseen styles', () => {
  runDetectTable('circuit-breaker', [...breakerFind, ...breakerIgnore]);
});

describe('circuit-breaker config in unseen styles', () => {
  runDetectTable('circuit-breaker-config', [...breakerConfigFind, ...breakerConfigIgnore]);
});
