/**
 * Backoff and config-type styles met in published libraries: growth buried in a larger expression,
 * strategies assigned to a class after its body, config fields with unusual names; and the error
 * classes that carry such fields without configuring anything.
 */
import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const backoffs: DetectCase[] = [
  {
    name: 'growth inside a larger product, held by a local, then capped (a getter)',
    code: `
      export class GrowingDelay {
        private step = 0;
        constructor(private readonly opts: { first: number; ratio: number; ceiling: number }) {}
        next(): number { this.step++; return this.length; }
        private get length(): number {
          const grown = this.opts.first * Math.pow(this.opts.ratio, this.step) + 1;
          return Math.min(grown, this.opts.ceiling);
        }
      }
    `,
    expect: [{ symbol: 'GrowingDelay' }],
  },
  {
    name: 'decorrelated growth with a random exponent, held through a chain of locals',
    code: `
      export const wobblyDelay = (round: number, base: number, top: number) => {
        const t = round + Math.random();
        const raw = base * Math.pow(3, t) * 0.5;
        const bounded = Math.min(raw, top);
        return bounded;
      };
    `,
    expect: [{ symbol: 'wobblyDelay' }],
  },
  {
    name: 'strategies attached to a class after its body (static fields in compiled or plain JS)',
    file: 'strategies.js',
    code: `
      export class BackoffStrategies {
        static pick(name, options) {
          return BackoffStrategies.table[name](options);
        }
      }
      BackoffStrategies.table = {
        doubling: function (first) {
          return function (tries) {
            return first * Math.pow(2, tries - 1);
          };
        },
      };
    `,
    expect: [{ symbol: 'BackoffStrategies', startLine: 1, endLine: 12 }],
  },
  {
    name: 'a delay method next to a retrying method in a client class (the retry does not hide the backoff)',
    code: `
      export class ApiClient {
        private failures = 0;
        async send(run: () => Promise<Response>): Promise<Response> {
          try {
            return await run();
          } catch (problem) {
            if (++this.failures > 4) throw problem;
            await new Promise((r) => setTimeout(r, this.nextDelay()));
            return this.send(run);
          }
        }
        private nextDelay(): number {
          return Math.min(30_000, 200 * 2 ** this.failures) * (0.5 + Math.random() / 2);
        }
      }
    `,
    expect: [{ symbol: 'ApiClient.nextDelay', startLine: 12, endLine: 14 }],
  },
];

const notBackoffs: DetectCase[] = [
  {
    name: 'compound growth of money held by a local',
    code: `
      export function futureValue(amount: number, rate: number, years: number) {
        const factor = Math.pow(1 + rate, years) * 1;
        return amount * factor;
      }
    `,
    expect: [],
  },
  {
    name: 'the CommonJS export preamble names no declaration',
    file: 'preamble.js',
    code: `
      "use strict";
      exports.backoffDelay = exports.jitterDelay = void 0;
    `,
    expect: [],
  },
];

const retryConfigs: DetectCase[] = [
  {
    name: 'an options interface counting attempts as numOfAttempts, with a starting delay and a multiple',
    code: `
      export interface PollingBackoffOptions {
        numOfAttempts: number;
        startingDelay: number;
        timeMultiple: number;
        maxDelay: number;
        delayFirstAttempt: boolean;
      }
    `,
    expect: [{ symbol: 'PollingBackoffOptions', kind: 'config-type' }],
  },
  {
    name: 'a settings type with totalRetries and a retry delay',
    code: `
      export type UploadRetrySettings = { totalRetries: number; retryDelayMs: number; backoffFactor: number };
    `,
    expect: [{ symbol: 'UploadRetrySettings', kind: 'config-type' }],
  },
];

const notRetryConfigs: DetectCase[] = [
  {
    name: 'an error class that records how many retries were made',
    file: 'errors.js',
    code: `
      class TooManyRetries extends TransportError {
        constructor(cause, { retries, retryDelay, attempts }) {
          super(cause);
          this.retries = retries;
          this.retryDelay = retryDelay;
          this.attempts = attempts;
        }
      }
      module.exports = { TooManyRetries };
    `,
    expect: [],
  },
  {
    name: 'an exception type named after retries',
    code: `
      export class RetryBudgetException {
        constructor(public maxRetries: number, public retryDelay: number, public backoff: number) {}
      }
    `,
    expect: [],
  },
];

describe('backoff styles: must find', () => runDetectTable('backoff', backoffs));
describe('backoff styles: must not find', () => runDetectTable('backoff', notBackoffs));
describe('retry-config styles: must find', () => runDetectTable('retry-config', retryConfigs));
describe('retry-config styles: must not find', () => runDetectTable('retry-config', notRetryConfigs));
