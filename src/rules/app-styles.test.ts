/**
 * Styles met in application code written without resilience vocabulary: breakers whose states have
 * other names (or no state field at all, only a failure count and a cooldown), loops that test the
 * response in their own condition before fetching again, SDK-style strategies whose catch continues
 * while a guard holds and rethrows otherwise, attempt limits named in other terms, linear backoff
 * callbacks of connection clients. Each with the look-alikes that bound the fix: rate limiters, job
 * lifecycles, retries whose count dies with the call, electrical breakers, animation staggers.
 */
import { describe, expect, it } from 'vitest';
import { activeRuleIndexes } from '../scan/detect/analyze-file.js';
import { builtinRules, dedent, runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const breakerFind: DetectCase[] = [
  {
    name: 'enum states with other names: down once errors cross a maximum, refused until a deadline',
    code: `
      enum Health { Up = 'up', Down = 'down' }
      export class Upstream {
        private health = Health.Up;
        private errorCount = 0;
        private retryAt = 0;
        constructor(private readonly maxErrors = 5, private readonly pauseMs = 10_000) {}
        call<T>(op: () => Promise<T>): Promise<T> {
          if (this.health === Health.Down && Date.now() < this.retryAt) return Promise.reject(new Error('upstream paused'));
          return op().then(
            (value) => {
              this.errorCount = 0;
              this.health = Health.Up;
              return value;
            },
            (error) => {
              this.onFailure();
              throw error;
            },
          );
        }
        private onFailure() {
          if (++this.errorCount >= this.maxErrors) {
            this.health = Health.Down;
            this.retryAt = Date.now() + this.pauseMs;
          }
        }
      }
    `,
    expect: [{ symbol: 'Upstream', startLine: 2, endLine: 27 }],
  },
  {
    name: 'a closure keeping a failure count between calls, refusing while over the limit until a pause ends',
    code: `
      export function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>, limit = 3, pauseMs = 5000) {
        let failures = 0;
        let until = 0;
        return async (...args: A): Promise<R> => {
          if (failures >= limit && Date.now() < until) throw new Error('paused after repeated failures');
          try {
            const result = await fn(...args);
            failures = 0;
            return result;
          } catch (e) {
            if (++failures >= limit) until = Date.now() + pauseMs;
            throw e;
          }
        };
      }
    `,
    expect: [{ symbol: 'guarded', startLine: 1, endLine: 15 }],
  },
  {
    name: 'a prototype breaker with error-first callbacks and no state names',
    file: 'valve.js',
    code: `
      function Valve(max, wait) {
        this.max = max;
        this.wait = wait;
        this.faults = 0;
        this.reopenAt = 0;
      }
      Valve.prototype.run = function (task, cb) {
        var self = this;
        if (self.faults >= self.max) {
          if (Date.now() < self.reopenAt) return cb(new Error('unavailable'));
          self.faults = 0;
        }
        task(function (err, value) {
          if (err) {
            self.faults += 1;
            self.reopenAt = Date.now() + self.wait;
            return cb(err);
          }
          cb(null, value);
        });
      };
      module.exports = Valve;
    `,
    expect: [{ symbol: 'Valve' }],
  },
  {
    name: 'a boolean flag of another name: unavailable once consecutive failures reach a maximum, until a cooldown ends',
    code: `
      export class Backend {
        private available = true;
        private consecutiveFailures = 0;
        private cooldownUntil = 0;
        constructor(private readonly maxFailures = 4, private readonly cooldownMs = 20_000) {}
        async send<T>(op: () => Promise<T>): Promise<T> {
          if (!this.available) {
            if (Date.now() < this.cooldownUntil) throw new Error('backend cooling down');
            this.available = true;
          }
          try {
            const r = await op();
            this.consecutiveFailures = 0;
            return r;
          } catch (e) {
            this.consecutiveFailures++;
            if (this.consecutiveFailures >= this.maxFailures) {
              this.available = false;
              this.cooldownUntil = Date.now() + this.cooldownMs;
            }
            throw e;
          }
        }
      }
    `,
    expect: [{ symbol: 'Backend', startLine: 1, endLine: 24 }],
  },
  {
    name: 'per-host state kept in a map: a host failing too often is skipped until its pause ends',
    code: `
      const hosts = new Map<string, { fails: number; until: number }>();
      export async function guardedFetch(url: string): Promise<Response> {
        const host = new URL(url).host;
        const h = hosts.get(host) ?? { fails: 0, until: 0 };
        hosts.set(host, h);
        if (h.fails >= 5 && Date.now() < h.until) throw new Error(host + ' is failing, skipped');
        try {
          const res = await fetch(url);
          h.fails = 0;
          return res;
        } catch (e) {
          h.fails++;
          h.until = Date.now() + 30_000;
          throw e;
        }
      }
    `,
    expect: [{ symbol: 'guardedFetch', startLine: 2, endLine: 16 }],
  },
  {
    name: 'a failure rate over a window of outcomes: blocked above one half, serving again after a cooldown',
    code: `
      export class OutcomeWindow {
        private readonly outcomes: boolean[] = [];
        private mode: 'serving' | 'blocked' = 'serving';
        private blockedAt = 0;
        constructor(private readonly size = 20, private readonly cooldown = 5000) {}
        async run<T>(op: () => Promise<T>): Promise<T> {
          if (this.mode === 'blocked') {
            if (Date.now() - this.blockedAt < this.cooldown) throw new Error('blocked');
            this.mode = 'serving';
            this.outcomes.length = 0;
          }
          try {
            const v = await op();
            this.outcomes.push(true);
            return v;
          } catch (e) {
            this.outcomes.push(false);
            if (this.outcomes.length > this.size) this.outcomes.shift();
            const failed = this.outcomes.filter((o) => !o).length;
            if (failed / this.outcomes.length > 0.5) {
              this.mode = 'blocked';
              this.blockedAt = Date.now();
            }
            throw e;
          }
        }
      }
    `,
    expect: [{ symbol: 'OutcomeWindow', startLine: 1, endLine: 27 }],
  },
];

const breakerIgnore: DetectCase[] = [
  {
    name: 'an account lockout: wrong passwords are counted after a business check, not failed calls',
    code: `
      const attempts = new Map<string, { fails: number; until: number }>();
      export async function login(user: string, password: string): Promise<string> {
        const entry = attempts.get(user) ?? { fails: 0, until: 0 };
        if (entry.fails >= 5 && Date.now() < entry.until) throw new Error('account locked, try later');
        const ok = await verify(user, password);
        if (!ok) {
          entry.fails++;
          entry.until = Date.now() + 15 * 60_000;
          attempts.set(user, entry);
          throw new Error('wrong password');
        }
        entry.fails = 0;
        attempts.set(user, entry);
        return issueToken(user);
      }
      declare function verify(user: string, password: string): Promise<boolean>;
      declare function issueToken(user: string): string;
    `,
    expect: [],
  },
  {
    name: 'a socket refusing sends while disconnected: the flag drops on close, not when failures cross a threshold',
    code: `
      export class LiveSocket {
        private connected = false;
        private failures = 0;
        private openedAt = 0;
        constructor(private readonly url: string) {}
        connect() {
          this.openedAt = Date.now();
          const ws = new WebSocket(this.url);
          ws.onopen = () => { this.connected = true; this.failures = 0; };
          ws.onerror = () => { this.failures++; };
          ws.onclose = () => { this.connected = false; };
        }
        send(data: string) {
          if (!this.connected) throw new Error('offline: ' + data);
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a rate limiter: it counts every request, not failures, and refuses over the limit within a window',
    code: `
      export class Limiter {
        private count = 0;
        private windowStart = Date.now();
        constructor(private readonly limit = 100, private readonly windowMs = 1000) {}
        async run<T>(task: () => Promise<T>): Promise<T> {
          if (Date.now() - this.windowStart > this.windowMs) {
            this.count = 0;
            this.windowStart = Date.now();
          }
          if (this.count >= this.limit) throw new Error('rate limited');
          this.count++;
          return task();
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a job lifecycle: failed for good after too many attempts, and refused ever after (nothing reopens it with time)',
    code: `
      export class JobRunner {
        async execute(job: { status: string; attempts: number; maxAttempts: number; run(): Promise<void> }) {
          if (job.status === 'failed') throw new Error('job failed for good');
          job.status = 'running';
          try {
            await job.run();
            job.status = 'done';
          } catch (err) {
            job.attempts++;
            if (job.attempts >= job.maxAttempts) job.status = 'failed';
            else job.status = 'pending';
            throw err;
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a retry under a deadline: its failure count lives and dies with one call',
    code: `
      export async function untilDeadline<T>(fn: () => Promise<T>, maxFailures = 3, budgetMs = 5000): Promise<T> {
        const deadline = Date.now() + budgetMs;
        let failures = 0;
        while (true) {
          try {
            return await fn();
          } catch (e) {
            failures++;
            if (failures >= maxFailures || Date.now() > deadline) throw e;
            failures = failures > 0 ? failures : 0;
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'an electrical breaker: open when the current passed in exceeds its threshold',
    code: `
      export class CircuitBreakerModel {
        state: 'open' | 'closed' = 'closed';
        constructor(readonly ratingThreshold: number) {}
        load(current: number) {
          if (current > this.ratingThreshold) this.state = 'open';
        }
        reset() {
          this.state = 'closed';
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a login lockout: counts failures and reports a lock, refusing no call itself',
    code: `
      export class Lockout {
        private failures = 0;
        private lockedUntil = 0;
        constructor(private readonly threshold = 5) {}
        isLocked() { return Date.now() < this.lockedUntil; }
        recordFailure() {
          this.failures++;
          if (this.failures >= this.threshold) this.lockedUntil = Date.now() + 60_000;
        }
        recordSuccess() { this.failures = 0; }
      }
    `,
    expect: [],
  },
];

const retryFind: DetectCase[] = [
  {
    name: 'a do/while fetching again while the status is 5xx, counting in the condition',
    code: `
      export async function getJson(u: string) {
        let res: Response;
        let n = 0;
        do {
          res = await fetch(u);
        } while (res.status >= 500 && ++n < 3);
        return res.json();
      }
    `,
    expect: [{ symbol: 'getJson', startLine: 1, endLine: 8 }],
  },
  {
    name: 'a while loop fetching again while the response is not ok and tries remain',
    code: `
      export async function load(u: string, tries = 3) {
        let res = await fetch(u);
        while (!res.ok && tries-- > 0) {
          res = await fetch(u);
        }
        return res;
      }
    `,
    expect: [{ symbol: 'load', startLine: 1, endLine: 7 }],
  },
  {
    name: 'a strategy whose catch continues while a guard holds and rethrows otherwise',
    code: `
      export class Strategy {
        constructor(private readonly max: () => number, private readonly retryable: (e: unknown) => boolean) {}
        async handle<T>(next: () => Promise<T>): Promise<T> {
          let attempts = 0;
          for (;;) {
            try {
              return await next();
            } catch (err) {
              attempts++;
              if (attempts < this.max() && this.retryable(err)) {
                await new Promise((r) => setTimeout(r, 100 * attempts));
                continue;
              }
              throw err;
            }
          }
        }
      }
    `,
    expect: [{ symbol: 'Strategy', startLine: 1, endLine: 18 }],
  },
];

const retryIgnore: DetectCase[] = [
  {
    name: 'a pagination do/while: each pass fetches the next page',
    code: `
      export async function all(first: string) {
        const items: unknown[] = [];
        let next: string | null = first;
        do {
          const res: Response = await fetch(next);
          const page = await res.json();
          items.push(...page.items);
          next = res.ok ? page.next : null;
        } while (next);
        return items;
      }
    `,
    expect: [],
  },
  {
    name: 'a poll while the server answers 202 Accepted',
    code: `
      export async function waitDone(u: string, polls = 20) {
        let res = await fetch(u);
        while (res.status === 202 && polls-- > 0) {
          await new Promise((r) => setTimeout(r, 1000));
          res = await fetch(u);
        }
        return res;
      }
    `,
    expect: [],
  },
  {
    name: 'a batch loop whose catch skips some items and rethrows the rest',
    code: `
      export async function importAll(rows: string[], save: (row: string) => Promise<void>) {
        for (const row of rows) {
          try {
            await save(row);
          } catch (err) {
            if (String(err).includes('duplicate')) {
              console.warn('skipping', row);
              continue;
            }
            throw err;
          }
        }
      }
    `,
    expect: [],
  },
];

const configFind: DetectCase[] = [
  {
    name: 'a schedule recurring at most maxRecurs times',
    code: `
      export interface RepeatOptions {
        maxRecurs: number;
        initialDelayMs: number;
        multiplier: number;
      }
    `,
    expect: [{ symbol: 'RepeatOptions', kind: 'config-type' }],
  },
  {
    name: 'a retry budget with a backoff cap',
    code: `
      export type BudgetConfig = {
        retryBudget: number;
        backoffCapMs: number;
      };
    `,
    expect: [{ symbol: 'BudgetConfig', kind: 'config-type' }],
  },
  {
    name: 'tries and a wait between them',
    code: `
      export interface AcquireOptions {
        maxTries: number;
        waitMs: number;
      }
    `,
    expect: [{ symbol: 'AcquireOptions', kind: 'config-type' }],
  },
];

const configIgnore: DetectCase[] = [
  {
    name: 'a connection pool with a stray retry limit: waiting for a connection is no pause between tries',
    code: `
      export interface PoolConfig {
        maxRetries: number;
        waitForConnections: boolean;
        connectionLimit: number;
        host: string;
      }
    `,
    expect: [],
  },
  {
    name: 'poll settings with a maximum number of polls',
    code: `
      export interface PollSettings {
        maxPolls: number;
        intervalMs: number;
        timeoutMs: number;
      }
    `,
    expect: [],
  },
  {
    name: 'UI props with a retry callback, flag and label (a bare retry is not a limit)',
    code: `
      export interface RetryBannerProps {
        onRetry: () => void;
        retry: boolean;
        retryText: string;
      }
    `,
    expect: [],
  },
];

const backoffFind: DetectCase[] = [
  {
    name: 'a connection client retry strategy: linear in the number of tries, capped, null to give up',
    code: `
      export const cacheOptions = {
        host: 'cache',
        retryStrategy(times: number): number | null {
          if (times > 20) return null;
          return Math.min(times * 200, 5000);
        },
      };
    `,
    expect: [{ symbol: 'cacheOptions.retryStrategy', startLine: 3, endLine: 6 }],
  },
];

const backoffIgnore: DetectCase[] = [
  {
    name: 'an animation stagger growing exponentially with the item index',
    code: `
      export function staggerDelay(index: number, base = 40, factor = 1.3, max = 600): number {
        return Math.min(base * factor ** index, max);
      }
    `,
    expect: [],
  },
  {
    name: 'a cascade delay linear in the item index',
    code: `
      export function cascadeDelay(index: number, stepMs = 80): number {
        return Math.min(index * stepMs, 1000);
      }
    `,
    expect: [],
  },
];

describe('circuit breaker without breaker names', () => {
  runDetectTable('circuit-breaker', [...breakerFind, ...breakerIgnore]);
});

describe('retry in application styles', () => {
  runDetectTable('retry', [...retryFind, ...retryIgnore]);
});

describe('retry config limits in other terms', () => {
  runDetectTable('retry-config', [...configFind, ...configIgnore]);
});

describe('backoff callbacks and animation look-alikes', () => {
  runDetectTable('backoff', [...backoffFind, ...backoffIgnore]);
});

describe('the prefilters let these styles through to their rule', () => {
  // Each must-find case above is a whole file: the keyword and structure gates must run its rule on it.
  const cases: Array<[string, DetectCase[]]> = [
    ['circuit-breaker', breakerFind],
    ['retry', retryFind],
    ['retry-config', configFind],
    ['backoff', backoffFind],
  ];
  for (const [concept, list] of cases) {
    for (const testCase of list) {
      it(`${concept}: ${testCase.name}`, async () => {
        const { compiled } = await builtinRules();
        const active = activeRuleIndexes(dedent(testCase.code), compiled).map((index) => compiled.compiled[index]!.id);
        expect(active).toContain(concept);
      });
    }
  }
});
