/**
 * Retry styles met in published libraries that the first rule tables did not cover: handlers passed
 * by name, helpers that reschedule the attempt, operation objects, private methods, nested try blocks,
 * destructured request configs; and the look-alikes next to them.
 */
import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const mustFind: DetectCase[] = [
  {
    name: 'a rejection handler declared as a local const and passed to .catch by name',
    code: `
      export function persist(save: () => Promise<void>, budget = 4): Promise<void> {
        let left = budget;
        const once = (): Promise<void> => {
          const recover = async (problem: unknown): Promise<void> => {
            if (left-- <= 0) throw problem;
            await new Promise((r) => setTimeout(r, 250));
            return once();
          };
          return save().catch(recover);
        };
        return once();
      }
    `,
    expect: [{ symbol: 'persist', startLine: 1, endLine: 12 }],
  },
  {
    name: 'a failure callback that calls a local helper which reschedules the attempt',
    code: `
      export function makeRunner(task: () => Promise<string>, limit: number) {
        return new Promise<string>((resolve, reject) => {
          const go = (round: number) => {
            const later = () => {
              setTimeout(() => go(round + 1), 50 * round);
            };
            task().then(resolve).catch((failure) => {
              if (round < limit) later();
              else reject(failure);
            });
          };
          go(1);
        });
      }
    `,
    expect: [{ symbol: 'makeRunner' }],
  },
  {
    name: 'an operation object: attempt() stores the operation, retry(err) schedules it again',
    file: 'operation.js',
    code: `
      function Operation(delays) {
        this.delays = delays.slice();
        this.task = null;
        this.count = 0;
      }
      Operation.prototype.attempt = function (task) {
        this.task = task;
        this.task(this.count);
      };
      Operation.prototype.retry = function (err) {
        if (!err) return false;
        var wait = this.delays.shift();
        if (wait === undefined) return false;
        var self = this;
        setTimeout(function () {
          self.count++;
          self.task(self.count);
        }, wait);
        return true;
      };
      module.exports = Operation;
    `,
    expect: [{ symbol: 'Operation' }],
  },
  {
    name: 'a private #method that calls itself from its catch block',
    code: `
      export class Downloader {
        #left = 3;
        async get(url: string) {
          return this.#fetchWithRetry(() => fetch(url));
        }
        async #fetchWithRetry(run: () => Promise<Response>): Promise<Response> {
          try {
            return await run();
          } catch (problem) {
            if (--this.#left < 0) throw problem;
            await new Promise((r) => setTimeout(r, 200));
            return this.#fetchWithRetry(run);
          }
        }
      }
    `,
    expect: [{ symbol: 'Downloader.#fetchWithRetry', startLine: 6, endLine: 14 }],
  },
  {
    name: 'a bounded loop whose inner try returns and whose outer catch decides to go round again',
    code: `
      export async function runCommand(send: () => Promise<string>, maxTries: number) {
        let last: unknown;
        for (let n = 0; n < maxTries; n++) {
          try {
            try {
              return await send();
            } catch (raw) {
              throw normalise(raw);
            }
          } catch (failure) {
            last = failure;
            if (!isTransient(failure)) throw failure;
          }
        }
        throw last;
      }
      declare function normalise(e: unknown): Error;
      declare function isTransient(e: unknown): boolean;
    `,
    expect: [{ symbol: 'runCommand', startLine: 1, endLine: 16 }],
  },
  {
    name: 'an HTTP error interceptor that destructures the request config from the error and resends it',
    code: `
      export function installRetries(client: any, attempts = 2) {
        client.interceptors.response.use(undefined, async (failure: any) => {
          const { config } = failure;
          if (!config || (config.tries ?? 0) >= attempts) return Promise.reject(failure);
          config.tries = (config.tries ?? 0) + 1;
          return resend(client, config);
        });
      }
      declare function resend(client: unknown, config: unknown): Promise<unknown>;
    `,
    expect: [{ symbol: 'installRetries' }],
  },
  {
    name: 'a method named like an error callback (onResponseError) that retries is not an error class',
    code: `
      export class Uploader {
        private tries = 0;
        constructor(private send: () => Promise<void>) {}
        async onResponseError(problem: unknown): Promise<void> {
          if (this.tries++ >= 3) throw problem;
          try {
            await this.send();
          } catch (again) {
            return this.onResponseError(again);
          }
        }
      }
    `,
    expect: [{ symbol: 'Uploader' }],
  },
  {
    name: 'an error-only callback of a subscription that re-subscribes while under the count',
    code: `
      export function resubscribe<T>(source: { listen(next: (v: T) => void, fail: (err: unknown) => void): void }, limit: number) {
        return (emit: (v: T) => void, fail: (err: unknown) => void) => {
          let used = 0;
          const listen = () => {
            source.listen(emit, (err) => {
              if (used++ < limit) {
                const again = () => listen();
                again();
              } else {
                fail(err);
              }
            });
          };
          listen();
        };
      }
    `,
    expect: [{ symbol: 'resubscribe' }],
  },
  {
    name: 'a failure handler calling a sibling helper that schedules the attempt again',
    file: 'sibling.js',
    code: `
      module.exports = function fetchAgain(url, tries) {
        return new Promise(function (resolve, reject) {
          var attemptOnce = function (n) {
            request(url).then(resolve).catch(function (err) {
              if (n < tries) later(n);
              else reject(err);
            });
          };
          function later(n) {
            setTimeout(function () { attemptOnce(n + 1); }, 100 * n);
          }
          attemptOnce(0);
        });
      };
    `,
    expect: [{ symbol: 'fetchAgain' }],
  },
  {
    name: 'a bounded loop that returns once the result is accepted and swallows errors in between',
    code: `
      export async function untilAccepted<T>(run: () => Promise<T>, accept: (v: T) => boolean, rounds = 5): Promise<T | undefined> {
        for (let k = 0; k < rounds; k++) {
          try {
            const value = await run();
            if (accept(value)) return value;
          } catch (problem) {
            console.warn('round failed', problem);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        return undefined;
      }
    `,
    expect: [{ symbol: 'untilAccepted', startLine: 1, endLine: 12 }],
  },
];

const mustNotFind: DetectCase[] = [
  {
    name: 'a walk up the folders whose for-incrementor moves to the parent after each failed stat',
    code: `
      import { stat } from 'node:fs/promises';
      import { dirname } from 'node:path';
      export async function firstExisting(start: string): Promise<string> {
        for (let folder = start; ; folder = dirname(folder)) {
          try {
            await stat(folder);
            return folder;
          } catch (problem) {
            if (dirname(folder) === folder) throw problem;
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a fallback chain that moves to the next source on failure through a closure counter',
    code: `
      export function firstThatLoads(sources: Array<() => unknown>) {
        let next = 0;
        const tryNext = (): unknown => {
          if (next >= sources.length) return undefined;
          try {
            return sources[next++]();
          } catch (problem) {
            return tryNext();
          }
        };
        return tryNext();
      }
    `,
    expect: [],
  },
  {
    name: 'an unbounded health poll that returns when ready and tolerates errors',
    code: `
      export async function waitForHealthy(probe: () => Promise<{ healthy: boolean }>) {
        while (true) {
          try {
            const state = await probe();
            if (state.healthy) return state;
          } catch (problem) {
            console.debug('not up yet', problem);
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a write loop whose completion callback (err) moves on to the next chunk',
    file: 'writer.js',
    code: `
      function writeAll(stream, chunks, done) {
        var index = 0;
        function writeNext(err) {
          if (err) return done(err);
          if (index >= chunks.length) return done();
          stream.write(chunks[index++], function (error) {
            writeNext(error);
          });
        }
        writeNext();
      }
      module.exports = writeAll;
    `,
    expect: [],
  },
  {
    name: 'then(onOk, onFailure) that re-runs the function on both paths after a state change',
    code: `
      export class Session {
        private generation = 0;
        prepare(conn: { send(): Promise<void> }): Promise<void> {
          const seen = this.generation;
          return conn.send().then(
            () => { if (this.generation !== seen) return this.prepare(conn); },
            (problem) => { if (this.generation !== seen) return this.prepare(conn); throw problem; },
          );
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a catch block that hands a partial result to a continuation also called on the success path',
    code: `
      export function wrapHandler(handler: (value: string) => void, hooks: Array<(v: string) => void>) {
        return (value: string) => {
          try {
            for (const hook of hooks) hook(value);
          } catch (problem) {
            console.error('hook failed', problem);
            handler(value);
            return;
          }
          handler(value);
        };
      }
    `,
    expect: [],
  },
  {
    name: 'an error reporter stored on the instance and called with the error',
    code: `
      export class Worker {
        private report: (e: unknown) => void = () => {};
        setReporter(report: (e: unknown) => void) { this.report = report; }
        async run(job: () => Promise<void>) {
          try {
            await job();
          } catch (problem) {
            this.report(problem);
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'an error class whose name carries the word, with attempt fields',
    code: `
      export class RetriesExhaustedError extends Error {
        constructor(public attempts: number, public retries: number, public lastDelay: number) {
          super('gave up');
        }
      }
    `,
    expect: [],
  },
];

describe('retry styles: must find', () => runDetectTable('retry', mustFind));
describe('retry styles: must not find', () => runDetectTable('retry', mustNotFind));
