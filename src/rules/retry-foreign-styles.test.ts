/**
 * Retry styles from codebases written in other idioms than our fixtures (fetch helpers that keep the
 * last response in an outer variable, CommonJS object helpers, rxjs pipelines), and the look-alikes
 * that sit next to them in such codebases.
 */
import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const mustFind: DetectCase[] = [
  {
    name: 'a fetch helper that keeps the last response in a variable declared before the loop',
    code: `
      export default async function fetchWithRetry(url: string, retries = 3, retryOn = [502, 503]): Promise<Response> {
        let res: Response | undefined;
        for (let i = 0; i <= retries; i++) {
          try {
            res = await fetch(url);
            if (!retryOn.includes(res.status)) return res;
          } catch (err) {
            if (i === retries) throw err;
          }
          await new Promise((r) => setTimeout(r, 300 * 2 ** i));
        }
        return res!;
      }
    `,
    expect: [{ symbol: 'fetchWithRetry', startLine: 1, endLine: 13 }],
  },
  {
    name: 'an axios response interceptor registered at the top level that resends the failed request',
    file: 'client.js',
    code: `
      import axios from 'axios';
      const api = axios.create({ baseURL: '/api' });
      api.interceptors.response.use(undefined, async (error) => {
        const config = error.config;
        config.__retryCount = config.__retryCount || 0;
        if (config.__retryCount >= 3) return Promise.reject(error);
        config.__retryCount += 1;
        await new Promise((r) => setTimeout(r, 2 ** config.__retryCount * 100));
        return api(config);
      });
      export default api;
    `,
    expect: [{ symbol: 'api.interceptors.response', startLine: 3, endLine: 10 }],
  },
  {
    name: 'a socket that reconnects from its close handler with a growing delay, never naming an error',
    file: 'socket.js',
    code: `
      export class LiveSocket {
        constructor(url) {
          this.url = url;
          this.reconnects = 0;
          this.connect();
        }
        connect() {
          this.ws = new WebSocket(this.url);
          this.ws.onopen = () => {
            this.reconnects = 0;
          };
          this.ws.onclose = () => {
            if (this.reconnects < 10) {
              this.reconnects++;
              setTimeout(() => this.connect(), Math.min(30000, 500 * 2 ** this.reconnects));
            }
          };
        }
      }
    `,
    expect: [{ symbol: 'LiveSocket', startLine: 1, endLine: 19 }],
  },
  {
    name: 'a bounded fetch loop whose else branch returns the accepted response',
    code: `
      export async function getWithTries(input: string, tries = 4): Promise<Response> {
        let lastError: unknown;
        for (let attempt = 1; attempt <= tries; attempt++) {
          try {
            const res = await fetch(input);
            if (res.status >= 500) {
              lastError = new Error('server ' + res.status);
            } else {
              return res;
            }
          } catch (e) {
            lastError = e;
          }
          await new Promise((r) => setTimeout(r, 250 * attempt));
        }
        throw lastError;
      }
    `,
    expect: [{ symbol: 'getWithTries', startLine: 1, endLine: 17 }],
  },
  {
    name: 'a socket re-opened from onclose with no word for error, retry or reconnect in the file',
    code: `
      export class Feed {
        private ws?: WebSocket;
        private opened = 0;
        constructor(private url: string) {}
        connect() {
          this.ws = new WebSocket(this.url);
          this.ws.onopen = () => { this.opened = 0; };
          this.ws.onclose = () => {
            if (this.opened++ < 10) setTimeout(() => this.connect(), 500);
          };
        }
        send(data: string) { this.ws?.send(data); }
      }
    `,
    expect: [{ symbol: 'Feed.connect', startLine: 5, endLine: 11 }],
  },
  {
    name: 'a class named Retrier, and an empty subclass of it that is a wrapper',
    code: `
      export class Retrier {
        constructor(private readonly max: number) {}
        async run<T>(op: () => Promise<T>): Promise<T> {
          for (let i = 0; ; i++) {
            try {
              return await op();
            } catch (e) {
              if (i + 1 >= this.max) throw e;
            }
          }
        }
      }
      export class TracedRetrier extends Retrier {}
    `,
    expect: [{ symbol: 'Retrier', kind: 'implementation' }, { symbol: 'TracedRetrier', kind: 'wrapper', startLine: 13 }],
  },
  {
    name: 'static members (a method and an arrow property) that call themselves again through the class name',
    code: `
      export class Client {
        static fetchWith = async (url: string, attempt = 0): Promise<Response> => {
          try {
            return await fetch(url);
          } catch (e) {
            if (attempt < 3) return Client.fetchWith(url, attempt + 1);
            throw e;
          }
        };
        static async load(url: string, tries = 0): Promise<Response> {
          try {
            return await fetch(url);
          } catch (e) {
            if (tries < 3) return Client.load(url, tries + 1);
            throw e;
          }
        }
      }
    `,
    expect: [{ symbol: 'Client.fetchWith', startLine: 2, endLine: 9 }, { symbol: 'Client.load', startLine: 10, endLine: 17 }],
  },
  {
    name: 'each item of a batch retried by an inner loop that continues the outer loop on success',
    code: `
      export async function deliverAll(items: string[], send: (s: string) => Promise<void>, max = 3) {
        outer: for (const item of items) {
          for (let attempt = 0; attempt < max; attempt++) {
            try {
              await send(item);
              continue outer;
            } catch (e) {
              console.warn('attempt failed', attempt, e);
            }
          }
          throw new Error('gave up on ' + item);
        }
      }
    `,
    expect: [{ symbol: 'deliverAll', startLine: 1, endLine: 13 }],
  },
];

const mustNotFind: DetectCase[] = [
  {
    name: 'a top-level axios interceptor that logs and rethrows, and one that refreshes a token once',
    file: 'client.js',
    code: `
      import axios from 'axios';
      const api = axios.create({ baseURL: '/api' });
      api.interceptors.response.use((r) => r, (error) => {
        console.error('request failed', error.config && error.config.url);
        return Promise.reject(error);
      });
      api.interceptors.request.use((config) => ({ ...config, headers: { ...config.headers, 'x-id': '1' } }));
      export default api;
    `,
    expect: [],
  },
  {
    name: 'a bounded walk that assigns the next page before testing it',
    code: `
      export async function lastPage(client: { page(cursor: string): Promise<{ next?: string }> }, first: string) {
        let cursor = first;
        let page: { next?: string } = {};
        for (let i = 0; i < 100; i++) {
          try {
            page = await client.page(cursor);
            if (!page.next) return page;
            cursor = page.next;
          } catch (problem) {
            console.warn('page failed', problem);
          }
        }
        return page;
      }
    `,
    expect: [],
  },
  {
    name: 'an unbounded poll whose else branch returns the finished job',
    code: `
      export async function awaitJob(db: { job(id: string): Promise<{ done: boolean }> }, id: string) {
        for (;;) {
          try {
            const job = await db.job(id);
            if (!job.done) {
              console.log('pending');
            } else {
              return job;
            }
          } catch (problem) {
            console.warn(problem);
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a failover over parsers for each file, continuing the outer loop on the first that works',
    code: `
      export function parseAll(files: string[], parsers: Array<(f: string) => unknown>) {
        const out: unknown[] = [];
        outer: for (const file of files) {
          for (const parse of parsers) {
            try {
              out.push(parse(file));
              continue outer;
            } catch (e) {
              console.debug('parser failed', e);
            }
          }
        }
        return out;
      }
    `,
    expect: [],
  },
  {
    name: 'an inner loop that gives up on the item with continue outer at the first failure',
    code: `
      export async function saveRows(rows: string[], save: (r: string) => Promise<void>) {
        outer: for (const row of rows) {
          for (let i = 0; i < 3; i++) {
            try {
              await save(row);
              continue outer;
            } catch (e) {
              console.warn('skipping', row, e);
              continue outer;
            }
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a static tree walk that recurses through the class name on the success path only',
    code: `
      type Node = { children: Node[] };
      export class Tree {
        static sizeOf(node: Node): number {
          try {
            return node.children.reduce((n, c) => n + Tree.sizeOf(c), 1);
          } catch (e) {
            console.warn('bad node', e);
            return 0;
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a socket that only records its state in onclose',
    code: `
      export class Feed {
        private ws?: WebSocket;
        connected = false;
        connect(url: string) {
          this.ws = new WebSocket(url);
          this.ws.onopen = () => { this.connected = true; };
          this.ws.onclose = () => { this.connected = false; };
        }
      }
    `,
    expect: [],
  },
  {
    name: 'an unbounded poll that assigns the job state before testing it',
    code: `
      export async function waitForJob(db: { job(id: string): Promise<{ done: boolean }> }, id: string) {
        let job: { done: boolean };
        for (;;) {
          try {
            job = await db.job(id);
            if (job.done) return job;
          } catch (problem) {
            console.warn(problem);
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    `,
    expect: [],
  },
];

describe('retry styles from foreign codebases: must find', () => runDetectTable('retry', mustFind));
describe('retry styles from foreign codebases: must not find', () => runDetectTable('retry', mustNotFind));

const rxjsMustFind: DetectCase[] = [
  {
    name: 'an operator factory around rxjs retry with a delay function of its own',
    code: `
      import { Observable, timer } from 'rxjs';
      import { retry } from 'rxjs/operators';
      export function withBackoff<T>(count = 3, baseMs = 200) {
        return (source: Observable<T>) => source.pipe(retry({ count, delay: (_e, n) => timer(baseMs * 2 ** n) }));
      }
    `,
    expect: [{ symbol: 'withBackoff', startLine: 3, endLine: 5 }],
  },
  {
    name: 'an arrow const around retryWhen with an inline notifier',
    code: `
      import { Observable, throwError, timer } from 'rxjs';
      import { mergeMap, retryWhen } from 'rxjs/operators';
      export const resubscribe = (max: number) =>
        retryWhen((errors: Observable<unknown>) => errors.pipe(mergeMap((e, i) => (i >= max ? throwError(() => e) : timer(1000)))));
    `,
    expect: [{ symbol: 'resubscribe', startLine: 3, endLine: 4 }],
  },
  {
    name: 'a notifier strategy that gives up with throwError past a bound and waits with timer otherwise',
    code: `
      import { Observable, throwError, timer } from 'rxjs';
      import { mergeMap } from 'rxjs/operators';
      export const genericStrategy =
        ({ maxAttempts = 3, scalingMs = 1000 } = {}) =>
        (attempts: Observable<unknown>) =>
          attempts.pipe(
            mergeMap((error, i) => {
              if (i + 1 > maxAttempts) {
                return throwError(() => error);
              }
              return timer((i + 1) * scalingMs);
            }),
          );
    `,
    expect: [{ symbol: 'genericStrategy', startLine: 3, endLine: 13 }],
  },

  {
    name: 'a hand-written operator that resubscribes from the observer error callback under a bound',
    code: `
      import { Observable } from 'rxjs';
      export function resubscribeOnError<T>(times: number) {
        return (source: Observable<T>) =>
          new Observable<T>((subscriber) => {
            let remaining = times;
            const subscribe = () => {
              source.subscribe({
                next: (v) => subscriber.next(v),
                error: (err) => {
                  if (remaining-- > 0) subscribe();
                  else subscriber.error(err);
                },
                complete: () => subscriber.complete(),
              });
            };
            subscribe();
          });
      }
    `,
    expect: [{ symbol: 'resubscribeOnError', startLine: 2, endLine: 18 }],
  },
];

const rxjsMustNotFind: DetectCase[] = [
  {
    name: 'a hand-written repeat operator: it resubscribes on completion and reports errors',
    code: `
      import { Observable } from 'rxjs';
      export function repeatForever<T>(source: Observable<T>) {
        return new Observable<T>((subscriber) => {
          const subscribe = () => {
            source.subscribe({
              next: (v) => subscriber.next(v),
              error: (err) => subscriber.error(err),
              complete: () => subscribe(),
            });
          };
          subscribe();
        });
      }
    `,
    expect: [],
  },
  {
    name: 'a service method that only applies rxjs retry with a count',
    code: `
      import { Observable } from 'rxjs';
      import { retry, map } from 'rxjs/operators';
      export class PricesService {
        constructor(private readonly http: { get(url: string): Observable<number> }) {}
        price(id: string) {
          return this.http.get('/prices/' + id).pipe(retry(2), map((p) => p * 100));
        }
        stream(id: string) {
          return this.http.get('/stream/' + id).pipe(retry({ count: 3, delay: 500 }));
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a timeout fallback that throws or emits a default value',
    code: `
      import { Observable, of, throwError } from 'rxjs';
      import { catchError } from 'rxjs/operators';
      export function orDefault<T>(source: Observable<T>, fallback: T, strict: boolean) {
        return source.pipe(catchError((e) => (strict ? throwError(() => e) : of(fallback))));
      }
    `,
    expect: [],
  },
  {
    name: 'a polling stream with timer and no error handling',
    code: `
      import { timer } from 'rxjs';
      import { switchMap } from 'rxjs/operators';
      export function pollStatus(load: () => Promise<string>) {
        return timer(0, 5000).pipe(switchMap(() => load()));
      }
    `,
    expect: [],
  },
];

describe('rxjs retries: must find', () => runDetectTable('retry', rxjsMustFind));
describe('rxjs retries: must not find', () => runDetectTable('retry', rxjsMustNotFind));
