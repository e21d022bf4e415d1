import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const mustFind: DetectCase[] = [
  {
    name: 'for loop with try/return and exponential sleep',
    code: `
      export async function withRetry<T>(fn: () => Promise<T>, retries = 3): Promise<T> {
        for (let attempt = 0; ; attempt++) {
          try {
            return await fn();
          } catch (error) {
            if (attempt >= retries) throw error;
            await sleep(100 * 2 ** attempt);
          }
        }
      }
      function sleep(ms: number) { return new Promise((r) => setTimeout(r, ms)); }
    `,
    expect: [{ symbol: 'withRetry', kind: 'implementation', startLine: 1, endLine: 10 }],
  },
  {
    name: 'while(true) with break on success',
    code: `
      export async function fetchOrder(id: string) {
        let tries = 0;
        let order;
        while (true) {
          try {
            order = await api.get(id);
            break;
          } catch (e) {
            if (++tries > 5) throw e;
          }
        }
        return order;
      }
      declare const api: { get(id: string): Promise<unknown> };
    `,
    expect: [{ symbol: 'fetchOrder', startLine: 1, endLine: 13 }],
  },
  {
    name: 'do/while with a success flag in the condition',
    code: `
      export async function sendWithRetries(send: () => Promise<void>) {
        let ok = false;
        let n = 0;
        do {
          try {
            await send();
            ok = true;
          } catch {
            n++;
          }
        } while (!ok && n < 3);
      }
    `,
    expect: [{ symbol: 'sendWithRetries', startLine: 1, endLine: 12 }],
  },
  {
    name: 'recursion with a decremented retries argument',
    code: `
      export async function callApi(url: string, retries = 3): Promise<Response> {
        try {
          return await fetch(url);
        } catch (error) {
          if (retries <= 0) throw error;
          return callApi(url, retries - 1);
        }
      }
    `,
    expect: [{ symbol: 'callApi', startLine: 1, endLine: 8 }],
  },
  {
    name: '.catch(() => again()) promise chain',
    code: `
      export function load(url: string, left = 2): Promise<string> {
        return fetch(url)
          .then((r) => r.text())
          .catch((err) => (left > 0 ? load(url, left - 1) : Promise.reject(err)));
      }
    `,
    expect: [{ symbol: 'load', startLine: 1, endLine: 5 }],
  },
  {
    name: 'callback API rescheduled with setTimeout in the error branch (JS)',
    file: 'legacy.js',
    code: `
      function readWithRetry(path, cb, times) {
        function attempt() {
          fs.readFile(path, function (err, data) {
            if (err) {
              if (times-- > 0) return setTimeout(attempt, 200);
              return cb(err);
            }
            cb(null, data);
          });
        }
        attempt();
      }
      module.exports = { readWithRetry };
    `,
    expect: [{ symbol: 'readWithRetry', startLine: 1, endLine: 12 }],
  },
  {
    name: 'decorator factory wrapping descriptor.value in a retry loop',
    code: `
      export function Retryable(times = 3) {
        return function (_target: object, _key: string, descriptor: PropertyDescriptor) {
          const original = descriptor.value;
          descriptor.value = async function (...args: unknown[]) {
            let last: unknown;
            for (let i = 0; i < times; i++) {
              try {
                return await original.apply(this, args);
              } catch (e) {
                last = e;
              }
            }
            throw last;
          };
          return descriptor;
        };
      }
    `,
    expect: [{ symbol: 'Retryable', startLine: 1, endLine: 17 }],
  },
  {
    name: 'higher-order function returning a retrying wrapper',
    code: `
      export const withRetries =
        <A extends unknown[], R>(fn: (...args: A) => Promise<R>, max = 3) =>
        async (...args: A): Promise<R> => {
          let attempt = 0;
          for (;;) {
            try {
              return await fn(...args);
            } catch (e) {
              if (++attempt >= max) throw e;
            }
          }
        };
    `,
    expect: [{ symbol: 'withRetries', startLine: 1, endLine: 12 }],
  },
  {
    name: 'object literal with a retry method',
    code: `
      export const retryHelper = {
        async run<T>(fn: () => Promise<T>) {
          let n = 0;
          while (n < 3) {
            try { return await fn(); } catch { n++; }
          }
          throw new Error('gave up');
        },
      };
    `,
    expect: [{ symbol: 'retryHelper', startLine: 1, endLine: 9 }],
  },
  {
    name: 'retry inlined in a method of a class that exists for something else (lines include decorators)',
    code: `
      export class PostgresClient {
        constructor(private readonly pool: { query(sql: string): Promise<unknown> }) {}

        async connect() {
          return this.pool;
        }

        @Traced()
        async query(sql: string) {
          let attempts = 0;
          while (attempts < 3) {
            try {
              return await this.pool.query(sql);
            } catch (e) {
              attempts++;
            }
          }
          throw new Error('query failed');
        }
      }
      declare function Traced(): MethodDecorator;
    `,
    expect: [{ symbol: 'PostgresClient.query', startLine: 8, endLine: 19 }],
  },
  {
    name: 'a retry class is reported whole, its backoff method separately',
    code: `
      /** Retries with backoff. */
      export class RetryHandler {
        constructor(private readonly maxRetries = 3) {}

        async execute<T>(fn: () => Promise<T>): Promise<T> {
          let lastError: unknown;
          for (let i = 0; i <= this.maxRetries; i++) {
            try {
              return await fn();
            } catch (e) {
              lastError = e;
              await new Promise((r) => setTimeout(r, 100 * i));
            }
          }
          throw lastError;
        }
      }
    `,
    expect: [{ symbol: 'RetryHandler', startLine: 2, endLine: 17 }],
  },
  {
    name: 'class method recursion through this.method',
    code: `
      export class ApiClient {
        async request(path: string, attempt = 0): Promise<unknown> {
          try {
            return await fetch(path);
          } catch (e) {
            if (attempt >= 4) throw e;
            await new Promise((r) => setTimeout(r, 2 ** attempt * 100));
            return this.request(path, attempt + 1);
          }
        }
        close() {}
      }
    `,
    expect: [{ symbol: 'ApiClient.request', startLine: 2, endLine: 10 }],
  },
  {
    name: 'prototype-based JS class with retrying methods (through a self alias)',
    file: 'client.js',
    code: `
      function Client(opts) {
        this.opts = opts;
      }
      Client.prototype.send = function (msg) {
        var self = this;
        return self.transport.write(msg).catch(function () {
          return self.send(msg);
        });
      };
      Client.prototype.sendWithRetry = function (msg, retries) {
        var self = this;
        return self.transport.write(msg).catch(function (err) {
          if (retries <= 0) throw err;
          return self.sendWithRetry(msg, retries - 1);
        });
      };
      module.exports = Client;
    `,
    expect: [
      { symbol: 'Client.send', startLine: 4, endLine: 9 },
      { symbol: 'Client.sendWithRetry', startLine: 10, endLine: 16 },
    ],
  },
  {
    name: 'generator that retries the yielded operation',
    code: `
      export function* retrySaga(op: () => unknown) {
        let tries = 0;
        while (true) {
          try {
            return yield op();
          } catch (e) {
            if (++tries > 3) throw e;
          }
        }
      }
    `,
    expect: [{ symbol: 'retrySaga', startLine: 1, endLine: 10 }],
  },
  {
    name: 'CommonJS exports.x = async function with a bounded loop',
    file: 'retry.cjs',
    code: `
      exports.retryOperation = async function (fn, opts) {
        let attempt = 0;
        while (attempt < opts.retries) {
          try {
            return await fn();
          } catch (err) {
            attempt++;
          }
        }
        throw new Error('exhausted');
      };
    `,
    expect: [{ symbol: 'retryOperation', startLine: 1, endLine: 11 }],
  },
  {
    name: 'websocket reconnect rescheduled from the error handler',
    code: `
      export class Socket {
        connect(url: string) {
          const ws = new WebSocket(url);
          ws.addEventListener('error', () => setTimeout(() => this.connect(url), 1000));
          return ws;
        }
        send(ws: WebSocket, data: string) { ws.send(data); }
      }
    `,
    expect: [{ symbol: 'Socket.connect', startLine: 2, endLine: 6 }],
  },
  {
    name: 'helper around p-retry (library signal)',
    code: `
      import pRetry from 'p-retry';
      export function retryFetch(url: string) {
        return pRetry(() => fetch(url), { retries: 5 });
      }
    `,
    expect: [{ symbol: 'retryFetch', kind: 'implementation', startLine: 2, endLine: 4 }],
  },
  {
    name: 'helper around async-retry, required in CommonJS',
    file: 'db.js',
    code: `
      const retry = require('async-retry');
      async function queryWithRetry(sql) {
        return retry(async () => db.query(sql), { retries: 3 });
      }
      module.exports = { queryWithRetry };
    `,
    expect: [{ symbol: 'queryWithRetry', startLine: 2, endLine: 4 }],
  },
  {
    name: 'helper around exponential-backoff that names no error or attempt (the prefilter keeps it for retry)',
    code: `
      import { backOff } from 'exponential-backoff';
      export function fetchUser(id: string) {
        return backOff(() => load(id));
      }
      declare function load(id: string): Promise<unknown>;
    `,
    expect: [{ symbol: 'fetchUser', startLine: 2, endLine: 4 }],
  },
  {
    name: 'helper that requires p-retry inside its body (an inline load, not a top-level import)',
    file: 'lazy.js',
    code: `
      function retryLater(task) {
        return require('p-retry')(task, { retries: 2 });
      }
      module.exports = { retryLater };
    `,
    expect: [{ symbol: 'retryLater', startLine: 1, endLine: 3 }],
  },
  {
    name: 'helper that loads p-retry with a dynamic import written with a comment before its parenthesis',
    code: `
      export async function retryLater(task: () => Promise<void>) {
        const loaded = await import /* lazily */ ('p-retry');
        return loaded.default(task, { retries: 2 });
      }
    `,
    expect: [{ symbol: 'retryLater', startLine: 1, endLine: 4 }],
  },
  {
    name: 'cockatiel retry policy built in a const',
    code: `
      import { retry, handleAll, ExponentialBackoff } from 'cockatiel';
      export const apiRetryPolicy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
    `,
    expect: [{ symbol: 'apiRetryPolicy', startLine: 2, endLine: 2 }],
  },
  {
    name: 'a helper around async.retry',
    file: 'jobs.js',
    code: `
      const async = require('async');
      function runJob(job, done) {
        async.retry({ times: 3, interval: 200 }, (cb) => job.run(cb), done);
      }
      function runAll(jobs, done) {
        async.parallel(jobs.map((job) => (cb) => job.run(cb)), done);
      }
      module.exports = { runJob, runAll };
    `,
    expect: [{ symbol: 'runJob', startLine: 2, endLine: 4 }],
  },
  {
    name: 'retry inside a TypeScript namespace',
    code: `
      export namespace Net {
        export async function fetchWithRetry(url: string) {
          for (let i = 0; i < 3; i++) {
            try { return await fetch(url); } catch { /* again */ }
          }
          throw new Error('unreachable');
        }
      }
    `,
    expect: [{ symbol: 'Net.fetchWithRetry', startLine: 2, endLine: 7 }],
  },
  {
    name: 'an axios interceptor that sends the failed request again',
    code: `
      import axios from 'axios';
      export function installRetry(client = axios) {
        client.interceptors.response.use(undefined, async (error) => {
          const config = error.config;
          config.__retryCount = (config.__retryCount ?? 0) + 1;
          if (config.__retryCount > 3) throw error;
          await new Promise((r) => setTimeout(r, 200 * config.__retryCount));
          return client(config);
        });
      }
    `,
    expect: [{ symbol: 'installRetry', startLine: 2, endLine: 10 }],
  },
  {
    name: 'axios-retry helper',
    code: `
      import axios from 'axios';
      import axiosRetry from 'axios-retry';
      export function createHttpClient() {
        const client = axios.create();
        axiosRetry(client, { retries: 3 });
        return client;
      }
    `,
    expect: [{ symbol: 'createHttpClient', startLine: 3, endLine: 7 }],
  },
  {
    name: 'a loop without try/catch that retries until the response is ok, bounded by attempts',
    code: `
      export async function fetchUntilOk(url: string, maxAttempts = 4) {
        let response: Response | undefined;
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
          response = await fetch(url);
          if (response.ok) return response;
          await new Promise((r) => setTimeout(r, attempt * 200));
        }
        return response;
      }
    `,
    expect: [{ symbol: 'fetchUntilOk', startLine: 1, endLine: 9 }],
  },
  {
    name: 'a policy loop that checks a success result and continues with a delay',
    file: 'policy.js',
    code: `
      class RetryPolicy {
        async execute(fn) {
          for (let retries = 0; ; retries++) {
            const result = await this.executor.invoke(fn);
            if ('success' in result) {
              return result.success;
            }
            if (retries < this.options.maxAttempts) {
              await delay(100);
              continue;
            }
            throw result.error;
          }
        }
      }
    `,
    expect: [{ symbol: 'RetryPolicy', startLine: 1, endLine: 15 }],
  },
  {
    name: 'a promise chain built with reduce that runs the operation again after each failure',
    code: `
      export function retryOperation<T>(operation: () => Promise<T>, delays: number[] = [200, 1000]): Promise<T> {
        return delays.reduce<Promise<T>>(
          (previous, delay) => previous.catch(() => sleep(delay).then(operation)),
          operation(),
        );
      }
      declare function sleep(ms: number): Promise<void>;
    `,
    expect: [{ symbol: 'retryOperation', startLine: 1, endLine: 6 }],
  },
  {
    name: 'an error-first callback that returns early on success and reschedules itself',
    code: `
      export function connectWithRetry(connect: (cb: (error: Error | null) => void) => void, max: number, done: (e: Error | null) => void) {
        let attempt = 0;
        const tryConnect = () => {
          attempt += 1;
          connect((error) => {
            if (!error) {
              done(null);
              return;
            }
            if (attempt >= max) return done(error);
            setTimeout(tryConnect, attempt * 100);
          });
        };
        tryConnect();
      }
    `,
    expect: [{ symbol: 'connectWithRetry', startLine: 1, endLine: 15 }],
  },
  {
    name: 'a function that forwards to a retry class instance is a tentative wrapper',
    code: `
      import { RetryHandler } from './retry-handler';
      export function withDbRetry<T>(op: () => Promise<T>) {
        return new RetryHandler({ maxRetries: 5 }).execute(op);
      }
    `,
    expect: [{ symbol: 'withDbRetry', kind: 'wrapper', startLine: 2, endLine: 4 }],
  },
  {
    name: 'a thin wrapper that only forwards is a tentative wrapper',
    code: `
      import { withRetry } from './retry';
      export const withDbRetry = <T>(op: () => Promise<T>) => withRetry(op, 5);
    `,
    expect: [{ symbol: 'withDbRetry', kind: 'wrapper', startLine: 2, endLine: 2 }],
  },
];

const mustNotFind: DetectCase[] = [
  {
    name: 'a "retry" button handler that calls once',
    code: `
      export function onRetryClick(reload: () => Promise<void>) {
        setBusy(true);
        return reload().finally(() => setBusy(false));
      }
      declare function setBusy(v: boolean): void;
    `,
    expect: [],
  },
  {
    name: 'a polling loop that waits for completion',
    code: `
      export async function pollJob(id: string) {
        for (;;) {
          const job = await getJob(id);
          if (job.status === 'done') return job;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      declare function getJob(id: string): Promise<{ status: string }>;
    `,
    expect: [],
  },
  {
    name: 'a polling loop with try/catch that only returns when the job is done',
    code: `
      export async function waitForDeployment(check: () => Promise<{ ready: boolean }>) {
        while (true) {
          try {
            const state = await check();
            if (state.ready) return state;
          } catch (e) {
            console.warn(e);
          }
          await new Promise((r) => setTimeout(r, 5000));
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a batch loop that logs and moves on',
    code: `
      export async function importAll(rows: string[]) {
        let failed = 0;
        for (const row of rows) {
          try {
            await save(row);
          } catch (error) {
            failed++;
            console.error('skipping row', error);
          }
        }
        return failed;
      }
      declare function save(row: string): Promise<void>;
    `,
    expect: [],
  },
  {
    name: 'a failover loop over different mirrors (not the same operation)',
    code: `
      export async function fetchFromMirrors(urls: string[]) {
        for (const url of urls) {
          try {
            return await fetch(url);
          } catch {
            // try the next mirror
          }
        }
        throw new Error('all mirrors failed');
      }
    `,
    expect: [],
  },
  {
    name: 'an indexed loop over items with try/catch',
    code: `
      export async function firstWorking(handlers: Array<() => Promise<string>>) {
        for (let i = 0; i < handlers.length; i++) {
          try {
            return await handlers[i]();
          } catch {
            continue;
          }
        }
        return undefined;
      }
    `,
    expect: [],
  },
  {
    name: 'a search loop that returns the first matching entry',
    code: `
      export function findBinding(references: Map<string, number[]>, imports: Map<string, string>) {
        for (const [local, ids] of references) {
          const module = imports.get(local);
          const ok = module !== undefined && ids.length > 0;
          if (ok) return module;
        }
        return undefined;
      }
    `,
    expect: [],
  },
  {
    name: 'an axios interceptor that only logs and rethrows',
    code: `
      import axios from 'axios';
      export function installLogging(client = axios) {
        client.interceptors.response.use(undefined, (error) => {
          console.error('request failed', error.config?.url);
          return Promise.reject(error);
        });
      }
    `,
    expect: [],
  },
  {
    name: 'an isRetryable classifier',
    code: `
      export function isRetryable(error: { code?: string; status?: number }): boolean {
        if (error.code === 'ECONNRESET') return true;
        return (error.status ?? 0) >= 500;
      }
    `,
    expect: [],
  },
  {
    name: 'a fake clock in test helpers',
    code: `
      export class FakeClock {
        private now = 0;
        private timers: Array<{ at: number; fn: () => void }> = [];
        setTimeout(fn: () => void, ms: number) { this.timers.push({ at: this.now + ms, fn }); }
        tick(ms: number) {
          this.now += ms;
          for (const timer of this.timers.filter((t) => t.at <= this.now)) timer.fn();
        }
      }
    `,
    expect: [],
  },
  {
    name: 'strings and comments that mention retries',
    code: `
      // retry with exponential backoff, attempt after attempt, catch and retry again
      export const messages = {
        retry: 'Retry the request after a failure (attempt 3 of 5)',
        backoff: 'while (true) { try { return await fn() } catch { retry() } }',
      };
      export function label() { return 'retry'; }
    `,
    expect: [],
  },
  {
    name: 'a reconnect scheduler that is just an interval',
    code: `
      export class ReconnectScheduler {
        private timer?: ReturnType<typeof setInterval>;
        start(connect: () => void) {
          this.timer = setInterval(() => connect(), 5000);
        }
        stop() { clearInterval(this.timer); }
      }
    `,
    expect: [],
  },
  {
    name: 'a DTO with a retryCount field',
    code: `
      export interface OutboxMessage {
        id: string;
        topic: string;
        payload: string;
        retryCount: number;
      }
      export class OutboxRow { id = ''; retryCount = 0; lastError?: string; }
    `,
    expect: [],
  },
  {
    name: 'error handling that rethrows immediately',
    code: `
      export async function retryableSave(save: () => Promise<void>) {
        for (let i = 0; i < 3; i++) {
          try {
            await save();
            return;
          } catch (e) {
            throw new Error('save failed', { cause: e });
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'walking up directories until a package.json loads',
    code: `
      import { dirname, join } from 'node:path';
      export function findPackage(dir: string) {
        while (dir) {
          const file = join(dir, 'package.json');
          try {
            return load(file);
          } catch {}
          const parent = dirname(dir);
          if (parent === dir) break;
          dir = parent;
        }
        return null;
      }
      declare function load(file: string): unknown;
    `,
    expect: [],
  },
  {
    name: 'trying parsers one by one through an index (a fallback chain)',
    code: `
      export function parseWith(text: string, parsers: Array<(t: string) => Promise<unknown>>, index = 0): Promise<unknown> {
        return parsers[index]!(text).catch((err) => {
          index++;
          if (index === parsers.length) throw err;
          return parseWith(text, parsers, index);
        });
      }
    `,
    expect: [],
  },
  {
    name: 'an iterator driver that feeds errors back into a generator',
    code: `
      export function drive(generator: Generator<unknown, unknown, unknown>) {
        let current = generator.next();
        while (!current.done) {
          try {
            current = generator.next(current.value);
          } catch (err) {
            current = generator.throw(err);
          }
        }
        return current.value;
      }
    `,
    expect: [],
  },
  {
    name: 'printing an error cause chain recursively',
    code: `
      export function printError(e: { message: string; cause?: unknown }) {
        console.error(e.message);
        if (e.cause) printError(e.cause as { message: string });
      }
    `,
    expect: [],
  },
  {
    name: 'continuations called on both paths (callback, next, release)',
    code: `
      export function readConfig(path: string, callback: (err: Error | null, text?: string) => void) {
        try {
          callback(null, load(path));
        } catch (err) {
          callback(err as Error);
        }
      }
      export function middleware(req: unknown, res: unknown, next: (err?: unknown) => void) {
        try {
          handle(req, res);
          next();
        } catch (error) {
          next(error);
        }
      }
      export function withLock(run: () => unknown, release: () => void) {
        try {
          const value = run();
          release();
          return value;
        } catch (error) {
          release();
          return Promise.reject(error);
        }
      }
      declare function load(path: string): string;
      declare function handle(req: unknown, res: unknown): void;
    `,
    expect: [],
  },
  {
    name: 'a recursive directory walk with try/catch',
    code: `
      import { readdirSync, statSync } from 'node:fs';
      export function walk(dir: string, out: string[] = []): string[] {
        try {
          for (const entry of readdirSync(dir)) {
            if (statSync(entry).isDirectory()) walk(entry, out);
            else out.push(entry);
          }
        } catch (e) {
          console.warn('cannot read', dir, e);
        }
        return out;
      }
    `,
    expect: [],
  },
];

describe('retry: must find', () => runDetectTable('retry', mustFind));
describe('retry: must not find', () => runDetectTable('retry', mustNotFind));
