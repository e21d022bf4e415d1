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
