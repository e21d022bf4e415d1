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
];

const mustNotFind: DetectCase[] = [
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
];

const rxjsMustNotFind: DetectCase[] = [
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
