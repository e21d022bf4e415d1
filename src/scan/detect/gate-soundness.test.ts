/**
 * The gates' contract on shapes written to slip past them: for each text, what the full analysis finds
 * with every rule active is found the same when only the rules the keyword and structure gates keep
 * are run. Each text holds a finding (otherwise it would say nothing about the gates).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../rules/load-rules.js';
import type { RuleDefinition } from '../../rules/types.js';
import { compileRules, type CompiledRules, parseText } from '../analyze/file-facts.js';
import { allowsJsx, tokenize } from '../module-facts/tokenizer.js';
import { activeRuleIndexes, compileKeywordGate, type KeywordGate } from './keyword-gate.js';

let definitions: RuleDefinition[];
let rules: CompiledRules;
let gate: KeywordGate;

beforeAll(async () => {
  definitions = await loadBuiltinRules();
  rules = compileRules(definitions);
  gate = compileKeywordGate(definitions);
});

interface Case {
  file: string;
  /** The concept the full analysis reports. */
  concept: string;
  text: string;
}

const CASES: Record<string, Case> = {
  'a retry operator imported from rxjs under another name': {
    file: 'poll.ts',
    concept: 'retry',
    text: `
      import { retryWhen as again, delay, take } from 'rxjs/operators';
      import type { Observable } from 'rxjs';
      export function poll<T>(source$: Observable<T>): Observable<T> {
        return source$.pipe(again((e$) => e$.pipe(delay(500), take(3))));
      }`,
  },
  'a retry operator required from rxjs under another name': {
    file: 'poll.js',
    concept: 'retry',
    text: `
      const { retryWhen: again, delay, take } = require('rxjs/operators');
      function poll(source$) {
        return source$.pipe(again((e$) => e$.pipe(delay(500), take(3))));
      }
      module.exports = { poll };`,
  },
  'a self call through a type assertion in parentheses': {
    file: 'load.ts',
    concept: 'retry',
    text: `
      type Fn = (n: number) => Promise<string>;
      export async function load(n: number): Promise<string> {
        try {
          return await fetchIt();
        } catch (e) {
          if (n <= 0) throw e;
          return (load as Fn)(n - 1);
        }
      }
      declare function fetchIt(): Promise<string>;`,
  },
  'a method calling itself in parentheses': {
    file: 'client.js',
    concept: 'retry',
    text: `
      export class Client {
        async get(url, tries = 3) {
          try {
            return await fetch(url);
          } catch (e) {
            if (tries <= 0) throw e;
            return (this.get)(url, tries - 1);
          }
        }
      }`,
  },
  'a linear delay whose operand ends with a non-null assertion': {
    file: 'pause.ts',
    concept: 'backoff',
    text: `
      const opts: { step?: number } = {};
      export function pause(attempt: number): number {
        if (attempt < 0) throw new Error('bad delay');
        return Math.min(opts.step! * attempt + Math.random(), 30_000);
      }`,
  },
  'a breaker without state names counting failures in a private field (n = n + 1)': {
    file: 'guard.ts',
    concept: 'circuit-breaker',
    text: `
      export class Guard {
        #failures = 0;
        #blockedUntil = 0;
        async run<T>(op: () => Promise<T>): Promise<T> {
          if (this.#failures >= 5 && Date.now() < this.#blockedUntil) throw new Error('unavailable');
          try {
            const result = await op();
            this.#failures = 0;
            return result;
          } catch (error) {
            this.#failures = this.#failures + 1;
            this.#blockedUntil = Date.now() + 10_000;
            throw error;
          }
        }
      }`,
  },
  'a breaker without state names counting in a catch under a name without failure words': {
    file: 'gate.ts',
    concept: 'circuit-breaker',
    text: `
      export class Gate {
        private count = 0;
        private until = 0;
        constructor(private limit = 5) {}
        async run<T>(op: () => Promise<T>): Promise<T> {
          if (this.count >= this.limit && Date.now() < this.until) throw new Error('busy');
          try {
            const result = await op();
            this.count = 0;
            return result;
          } catch (e) {
            this.count++;
            this.until = Date.now() + 5000;
            throw e;
          }
        }
      }`,
  },
  'a prototype breaker with a boolean flag, outcomes pushed and a timer': {
    file: 'gate.js',
    concept: 'circuit-breaker',
    text: `
      function Gate(limit) {
        this.outcomes = [];
        this.available = true;
        this.limit = limit;
      }
      Gate.prototype.run = function (op, done) {
        var self = this;
        if (!self.available) return done(new Error('unavailable'));
        op(function (err, value) {
          if (err) {
            self.outcomes.push(false);
            if (self.outcomes.length > self.limit) {
              self.available = false;
              setTimeout(function () { self.available = true; self.outcomes = []; }, 1000);
            }
            return done(err);
          }
          self.outcomes = [];
          done(null, value);
        });
      };
      module.exports = Gate;`,
  },
  'a config type whose fields are computed keys named by imported constants': {
    file: 'settings.ts',
    concept: 'retry-config',
    text: `
      import { MAX_RETRIES, RETRY_DELAY } from './keys';
      export interface Settings {
        [MAX_RETRIES]: number;
        [RETRY_DELAY]: number;
        timeout: number;
      }`,
  },
  'a bounded loop that leaves once the result reports success, naming no error': {
    file: 'store.js',
    concept: 'retry',
    text: `
      const MAX_TRANSACTION_TRIES = 5;
      class Store {
        async upsert(key, value) {
          let success = false;
          for (let i = 0; i < MAX_TRANSACTION_TRIES; i++) {
            success = await this.client.compareAndSet(key, value);
            if (success) {
              break;
            }
          }
          return success;
        }
      }
      module.exports = Store;`,
  },
  'a retry wrapper named only by resilience': {
    file: 'api.ts',
    concept: 'retry',
    text: `
      import { ResilientClient } from './client';
      export class ResilientApi extends ResilientClient {}`,
  },
  'a backoff wrapper named only as a retry strategy': {
    file: 'strategy.ts',
    concept: 'backoff',
    text: `
      import { ReconnectStrategy } from './reconnect';
      export class RetryStrategy extends ReconnectStrategy {}`,
  },
  'a factory building through new (X.bind.apply(...))()': {
    file: 'things.js',
    concept: 'factory',
    text: `
      export function createThing(...args) {
        return new (Thing.bind.apply(Thing, [void 0].concat(args)))();
      }
      function Thing() {}`,
  },
  'a reconnect on a timeout event': {
    file: 'link.js',
    concept: 'retry',
    text: `
      class Link {
        connect() {
          this.sock = net.connect(this.port);
          this.sock.on('timeout', () => setTimeout(() => this.connect(), 1000));
        }
      }
      module.exports = Link;`,
  },
  'a reconnect on a close event named in a template literal': {
    file: 'link.js',
    concept: 'retry',
    text: `
      class Link {
        connect() {
          this.sock = new WebSocket(this.url);
          this.sock.addEventListener(\`close\`, () => setTimeout(() => this.connect(), 1000));
        }
      }
      module.exports = Link;`,
  },
  'a reconnect on a disconnected event': {
    file: 'link.js',
    concept: 'retry',
    text: `
      class Link {
        connect() {
          this.sock = io(this.url);
          this.sock.on('disconnected', () => setTimeout(() => this.connect(), 1000));
        }
      }
      module.exports = Link;`,
  },
  'a handler object dispatching itself again from onFailure': {
    file: 'handler.js',
    concept: 'retry',
    text: `
      class Handler {
        constructor(dispatch, opts) { this.dispatch = dispatch; this.opts = opts; this.count = 0; }
        onFailure(problem) {
          if (this.count >= 3) return this.report(problem);
          this.count++;
          setTimeout(() => this.dispatch(this.opts, this), 100);
        }
      }
      module.exports = Handler;`,
  },
  'an error-first callback whose error is called reason': {
    file: 'load.js',
    concept: 'retry',
    text: `
      export function load(url, n) {
        return new Promise((resolve) => {
          fetchIt(url, (reason, body) => {
            if (reason) { if (n > 0) { load(url, n - 1).then(resolve); } return; }
            resolve(body);
          });
        });
      }`,
  },
  'a rejection handler given to then': {
    file: 'load.js',
    concept: 'retry',
    text: `
      export function load(url, n) {
        return fetch(url).then(undefined, () => (n > 0 ? load(url, n - 1) : undefined));
      }`,
  },
  'a rejection handler given to then after a first argument that nests calls': {
    file: 'load.js',
    concept: 'retry',
    text: `
      export function load(url, n) {
        return fetch(url).then((r) => parse(decode(r.body)), () => (n > 0 ? load(url, n - 1) : undefined));
      }`,
  },
  'a breaker whose trip is decided by shouldTrip, with no failure word': {
    file: 'switch.ts',
    concept: 'circuit-breaker',
    text: `
      export class Switch {
        private state: 'open' | 'closed' = 'closed';
        private since = 0;
        constructor(private stats: { ratio(): number }) {}
        private shouldTrip() { return this.stats.ratio() > 0.5; }
        call<T>(fn: () => T, fallback: () => T): T {
          if (this.state === 'open') {
            if (Date.now() - this.since < 1000) return fallback();
            this.state = 'closed';
          }
          const value = fn();
          if (this.shouldTrip()) { this.state = 'open'; this.since = Date.now(); }
          return value;
        }
      }`,
  },
  'a manager retrying on its own behind a breaker without state names': {
    file: 'executor.ts',
    concept: 'reliability-manager',
    text: `
      export class Executor {
        private failures = 0;
        private until = 0;
        async run<T>(op: () => Promise<T>): Promise<T> {
          if (this.failures >= 5 && Date.now() < this.until) throw new Error('unavailable');
          for (let attempt = 0; ; attempt++) {
            try {
              const value = await op();
              this.failures = 0;
              return value;
            } catch (e) {
              this.failures++;
              if (this.failures >= 5) this.until = Date.now() + 10_000;
              if (attempt >= 2) throw e;
            }
          }
        }
      }`,
  },
  'a config type counting recurrences': {
    file: 'schedule.ts',
    concept: 'retry-config',
    text: `
      export interface ScheduleOptions {
        maxRecurrences: number;
        delay: number;
        backoff: number;
      }`,
  },
  'a linear jittered delay with no delay word': {
    file: 'pause.ts',
    concept: 'backoff',
    text: `
      const opts: { step?: number } = {};
      export function pause(attempt: number): number {
        return Math.min(opts.step! * attempt + Math.random(), 30_000);
      }`,
  },
  'a self call when the result says it failed': {
    file: 'send.js',
    concept: 'retry',
    text: `
      function send(msg, n) {
        const r = transport.send(msg);
        if (r.failed && n > 0) return send(msg, n - 1);
        return r;
      }
      module.exports = send;`,
  },
  'a self call when the response is not ok': {
    file: 'load.ts',
    concept: 'retry',
    text: `
      export async function load(url: string, n = 3): Promise<Response> {
        const res = await fetch(url);
        if (!res.ok && n > 0) return load(url, n - 1);
        return res;
      }`,
  },
  'a breaker without state names whose only failure word is in a comment': {
    file: 'gate.ts',
    concept: 'circuit-breaker',
    text: `
      /** Stops calling after repeated failures, until the cooldown passes. */
      export class Gate {
        private count = 0;
        private until = 0;
        async run<T>(op: () => Promise<T>, fallback: () => T): Promise<T> {
          if (this.count >= 5 && Date.now() < this.until) return fallback();
          try {
            const value = await op();
            this.count = 0;
            return value;
          } catch (x) {
            this.count++;
            this.until = Date.now() + 1000;
            return fallback();
          }
        }
      }`,
  },
};

describe('gates on shapes written to slip past them', () => {
  for (const [what, { file, concept, text }] of Object.entries(CASES)) {
    it(`keeps what the full analysis finds: ${what}`, () => {
      const everyRule = definitions.map((_, index) => index);
      const full = parseText(file, text, 'hash', rules, everyRule).candidates;
      expect(full.map((candidate) => candidate.concept)).toContain(concept);
      const active = activeRuleIndexes(text, gate, () => tokenize(text, false, allowsJsx(file)));
      const gated = active.length > 0 ? parseText(file, text, 'hash', rules, active).candidates : [];
      expect(gated).toEqual(full);
    });
  }
});
