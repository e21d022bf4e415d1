/**
 * The breaker preconditions on state machines the matcher accepts (each checked by the full analysis,
 * so the table cannot hold a case the matcher does not fire on) and on look-alikes they must reject.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../../module-facts/tokenizer.js';
import { type FullAnalysis, loadFullAnalysis } from '../test-utils/full-analysis.js';
import { mayComposeRetryAndBreaker, mayHoldFailureStateMachine } from './breaker.js';

let analyse: FullAnalysis;

beforeAll(async () => {
  analyse = await loadFullAnalysis();
});

function conceptsFound(text: string): string[] {
  return analyse(text).map((candidate) => candidate.concept);
}

/** Breakers without `breaker` or `circuit` in a name, so only the state machine can make them one. */
const STATE_MACHINES: Record<string, string> = {
  'string states, a failure count compared in a braced if': `
    export class Gate {
      private state = 'closed';
      private failures = 0;
      constructor(private threshold = 5) {}
      async call<T>(op: () => Promise<T>): Promise<T> {
        if (this.state === 'open') throw new Error('unavailable');
        try { const r = await op(); this.state = 'closed'; return r; }
        catch (e) {
          this.failures++;
          if (this.failures >= this.threshold) {
            this.state = 'open';
          }
          throw e;
        }
      }
    }`,
  'an unbraced if in a catch, the count incremented in the condition': `
    export class Gate {
      private state: 'open' | 'closed' = 'closed';
      private failures = 0;
      async call<T>(op: () => Promise<T>) {
        if (this.state === 'open') throw new Error('unavailable');
        try { return await op(); } catch (e) { if (++this.failures > 3) this.state = 'open'; throw e; }
      }
      reset() { this.state = 'closed'; }
    }`,
  'enum states and a count without a failure word, kept in a catch': `
    enum State { Closed, Open, HalfOpen }
    export class Gate {
      private state = State.Closed;
      private count = 0;
      private limit = 3;
      async call<T>(op: () => Promise<T>): Promise<T> {
        if (this.state === State.Open) throw new Error('unavailable');
        try { return await op(); }
        catch (x) {
          this.count += 1;
          if (this.count >= this.limit) this.state = State.Open;
          throw x;
        }
      }
      probe() { this.state = State.HalfOpen; }
    }`,
  'a method with a return type opening on a threshold, from an else if': `
    const STATE_OPEN = 'OPEN';
    const STATE_CLOSED = 'CLOSED';
    export class Gate {
      private state = STATE_CLOSED;
      private errorCount = 0;
      private maxErrors = 3;
      record(ok: boolean): void {
        if (ok) {
          this.state = STATE_CLOSED;
        } else if (++this.errorCount > this.maxErrors) {
          this.state = STATE_OPEN;
        }
      }
    }`,
  'a trip method called after a consecutive count crosses the threshold with &&': `
    export class Gate {
      private state = 'closed';
      private consecutive = 0;
      private threshold = 3;
      onFailure(): void {
        this.consecutive++;
        this.consecutive >= this.threshold && this.trip();
      }
      trip() { this.state = 'open'; }
      close() { this.state = 'closed'; }
    }`,
  'an open flag set in a ternary on a failure count': `
    export class Gate {
      private isOpen = false;
      private failures = 0;
      onFailure(): void {
        this.failures++;
        this.failures > 5 ? (this.isOpen = true) : undefined;
      }
      onSuccess(): void { this.isOpen = false; this.failures = 0; }
    }`,
  'a closure keeping its state, the trip in the returned function': `
    export function guarded(op) {
      let state = 'CLOSED';
      let failures = 0;
      return async function run(...args) {
        if (state === 'OPEN') throw new Error('open');
        try { const r = await op(...args); state = 'CLOSED'; return r; }
        catch (e) { failures++; if (failures > 2) { state = 'OPEN'; } throw e; }
      };
    }`,
  'a prototype class passing the state to a transition method': `
    function Gate() { this.state = 'closed'; this.errors = 0; }
    Gate.prototype.fail = function () {
      this.errors++;
      if (this.errors > 3) this.setState('open');
    };
    Gate.prototype.setState = function (s) { this.state = s; };
    Gate.prototype.ok = function () { this.setState('closed'); };
    module.exports = Gate;`,
  'private fields, the count in a failure-named arrow property': `
    export class Gate {
      #state = 'closed';
      #n = 0;
      private onFailure = (): void => {
        if (++this.#n > 3) this.#state = 'open';
      };
      onSuccess(): void { this.#state = 'closed'; this.#n = 0; }
    }`,
  'an open key written to a store with an expiry, without semicolons': `
    export class Gate {
      constructor(redis, key) { this.redis = redis; this.key = key; this.errors = 0 }
      async fail() {
        this.errors++
        if (this.errors >= 5) {
          await this.redis.set(\`\${this.key}:open\`, '1', 'EX', 30)
        }
      }
    }`,
  'an open time marker set on failures, cleared when its time has passed': `
    export class Gate {
      private openedAt: number | null = null;
      private errors = 0;
      recordError(): void {
        this.errors++;
        if (this.errors > 3) this.openedAt = Date.now();
      }
      canPass(): boolean {
        if (this.openedAt !== null && Date.now() - this.openedAt > 1000) this.openedAt = null;
        return this.openedAt === null;
      }
    }`,
  'an object literal whose method trips in a case of a switch': `
    export const gate = {
      state: 'closed',
      fails: 0,
      report(kind) {
        switch (kind) {
          case 'error':
            this.fails++;
            if (this.fails > 3) this.state = 'open';
            break;
          default:
            this.state = 'closed';
        }
      },
    };`,
  'the open state set after a function expression, in one statement under the guard': `
    export class Gate {
      private state = 'closed';
      private failures = 0;
      private onOpen: () => void = () => {};
      fail(): void {
        this.failures++;
        if (this.failures > 3) this.onOpen = function () { console.log('opened'); }, this.state = 'open';
      }
      close(): void { this.state = 'closed'; }
    }`,
};

/** Breakers without state names (`breaker-utils/implicit.ts`). */
const WITHOUT_STATE_NAMES: Record<string, string> = {
  'a flag of any name, a timer ending it, a count kept in a catch': `
    export class Gate {
      private available = true;
      private misses = 0;
      async run<T>(op: () => Promise<T>): Promise<T> {
        if (!this.available) throw new Error('busy');
        try { const r = await op(); this.misses = 0; return r; }
        catch (x) {
          this.misses++;
          if (this.misses >= 5) {
            this.available = false;
            setTimeout(() => { this.available = true; }, 1000);
          }
          throw x;
        }
      }
    }`,
  'a count compared with the clock before the call, counted in a rejection handler': `
    export class Gate {
      private count = 0;
      private until = 0;
      run(op) {
        if (this.count >= 5 && Date.now() < this.until) return Promise.reject(new Error('cooling down'));
        return op().then((r) => { this.count = 0; return r; }).catch((e) => {
          this.count++;
          this.until = Date.now() + 1000;
          throw e;
        });
      }
    }`,
  'an error-first callback counting in its error branch': `
    let n = 0;
    let blockedUntil = 0;
    export function call(op, done) {
      if (n > 3 && Date.now() < blockedUntil) return done(new BusyError());
      op((err, value) => {
        if (err) { n++; blockedUntil = Date.now() + 500; return done(err); }
        n = 0;
        done(null, value);
      });
    }
    class BusyError extends Error {}`,
  'a health field of constant members, refused until a deadline': `
    enum Health { Up, Down }
    export class Gate {
      private health = Health.Up;
      private count = 0;
      private retryAt = 0;
      async run<T>(op: () => Promise<T>): Promise<T> {
        if (this.health === Health.Down && Date.now() < this.retryAt) throw new Error('down');
        try { const r = await op(); this.health = Health.Up; this.count = 0; return r; }
        catch (x) {
          this.count++;
          if (this.count >= 3) { this.health = Health.Down; this.retryAt = Date.now() + 1000; }
          throw x;
        }
      }
    }`,
  'a private rejection handed the refusal, the count compared with the clock': `
    export class Gate {
      #n = 0;
      #until = 0;
      #reject = (reason: string) => { console.error(reason); };
      run(op: () => void): void {
        if (this.#n > 3 && Date.now() < this.#until) { this.#reject('busy'); return; }
        try { op(); this.#n = 0; }
        catch (x) { this.#n++; this.#until = Date.now() + 1000; }
      }
    }`,
};

/** Files with open states, failures and counts that hold no breaker: the gate must reject them. */
const LOOK_ALIKES: Record<string, string> = {
  'a circuit board with open and closed switches': `
    export class CircuitBoard {
      private switches: Array<'open' | 'closed'> = [];
      private errors = 0;
      toggle(index: number) {
        this.switches[index] = this.switches[index] === 'open' ? 'closed' : 'open';
      }
      report(e: Error) { this.errors++; console.error(e); }
    }`,
  'a door whose state is set after a failed attempt returned': `
    export enum DoorState { OPEN = 'OPEN', CLOSED = 'CLOSED' }
    export class Door {
      state = DoorState.CLOSED;
      failedAttempts = 0;
      open(code: string) {
        if (code !== '1234') { this.failedAttempts++; return; }
        this.state = DoorState.OPEN;
      }
      close() { this.state = DoorState.CLOSED; }
    }`,
  'a state enum compared, never moved to on failures': `
    const OPEN = 1;
    export function send(socket, data, onError) {
      if (socket.readyState === OPEN) socket.send(data);
      else onError(new Error('not open'));
    }`,
  'an open state assigned in a function of its own, the failure test in another': `
    export class Dialog {
      private state = 'closed';
      private errors: string[] = [];
      validate(input: string) {
        if (!input) this.errors.push('empty');
        return this.errors.length === 0;
      }
      show() { this.state = 'open'; }
      hide() { this.state = 'closed'; }
    }`,
  'a loop counter compared before a throw, no failure counted': `
    export function parse(text: string, max: number) {
      const started = Date.now();
      let depth = 0;
      for (const c of text) {
        if (c === '[') depth++;
        if (depth > max) throw new Error('too deep');
      }
      return Date.now() - started;
    }`,
};

describe('mayHoldFailureStateMachine', () => {
  for (const [what, text] of Object.entries({ ...STATE_MACHINES, ...WITHOUT_STATE_NAMES })) {
    it(`keeps a breaker the matcher accepts: ${what}`, () => {
      expect(conceptsFound(text)).toContain('circuit-breaker');
      expect(mayHoldFailureStateMachine(tokenize(text))).toBe(true);
    });
  }
  for (const [what, text] of Object.entries(LOOK_ALIKES)) {
    it(`rejects a look-alike: ${what}`, () => {
      expect(mayHoldFailureStateMachine(tokenize(text))).toBe(false);
    });
  }
});

describe('mayComposeRetryAndBreaker', () => {
  it('keeps a manager retrying on its own behind its own state machine, and rejects a retry beside a look-alike', () => {
    const manager = `
      export class Manager {
        private state = 'closed';
        private failures = 0;
        async execute<T>(op: () => Promise<T>): Promise<T> {
          if (this.state === 'open') throw new Error('unavailable');
          for (let attempt = 0; ; attempt++) {
            try { const r = await op(); this.failures = 0; return r; }
            catch (e) {
              if (++this.failures >= 5) this.state = 'open';
              if (attempt >= 3) throw e;
            }
          }
        }
        reset() { this.state = 'closed'; }
      }`;
    expect(conceptsFound(manager)).toContain('reliability-manager');
    expect(mayComposeRetryAndBreaker(tokenize(manager))).toBe(true);
    const retryingDialog = `
      export class Dialog {
        private state = 'closed';
        async load<T>(op: () => Promise<T>): Promise<T> {
          for (let n = 0; ; n++) {
            try { return await op(); } catch (e) { if (n >= 3) throw e; }
          }
        }
        show() { this.state = 'open'; }
      }`;
    expect(mayComposeRetryAndBreaker(tokenize(retryingDialog))).toBe(false);
  });
});
