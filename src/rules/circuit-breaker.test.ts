import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const mustFind: DetectCase[] = [
  {
    name: 'class with an enum state, threshold trip and a performance.now() reset timer',
    code: `
      export enum CircuitState { CLOSED = 'CLOSED', OPEN = 'OPEN', HALF_OPEN = 'HALF_OPEN' }

      export class UnifiedCircuitBreaker {
        private state = CircuitState.CLOSED;
        private failureCount = 0;
        private lastFailure = 0;
        constructor(private readonly config: { failureThreshold: number; recoveryTimeout: number }) {}

        canExecute(): boolean {
          if (this.state === CircuitState.OPEN && performance.now() - this.lastFailure > this.config.recoveryTimeout) {
            this.state = CircuitState.HALF_OPEN;
          }
          return this.state !== CircuitState.OPEN;
        }

        recordSuccess() {
          this.failureCount = 0;
          this.state = CircuitState.CLOSED;
        }

        recordFailure() {
          this.failureCount++;
          this.lastFailure = performance.now();
          if (this.failureCount >= this.config.failureThreshold) this.state = CircuitState.OPEN;
        }
      }
    `,
    expect: [{ symbol: 'UnifiedCircuitBreaker', kind: 'implementation', startLine: 3, endLine: 26 }],
  },
  {
    name: 'string-literal states with a Date.now() deadline, all logic in its only method',
    code: `
      type State = 'closed' | 'open' | 'half-open';
      export class Fuse {
        private state: State = 'closed';
        private failures = 0;
        private nextAttempt = 0;
        async call<T>(fn: () => Promise<T>): Promise<T> {
          if (this.state === 'open') {
            if (Date.now() < this.nextAttempt) throw new Error('circuit open');
            this.state = 'half-open';
          }
          try {
            const value = await fn();
            this.state = 'closed';
            this.failures = 0;
            return value;
          } catch (e) {
            this.failures += 1;
            if (this.state === 'half-open' || this.failures >= 5) {
              this.state = 'open';
              this.nextAttempt = Date.now() + 30_000;
            }
            throw e;
          }
        }
      }
    `,
    expect: [{ symbol: 'Fuse', startLine: 2, endLine: 25 }],
  },
  {
    name: 'event-emitter breaker with boolean flags, prototype-based (JS)',
    file: 'breaker.js',
    code: `
      const { EventEmitter } = require('events');
      const util = require('util');

      function Breaker(options) {
        EventEmitter.call(this);
        this.opened = false;
        this.failures = 0;
        this.options = options;
      }
      util.inherits(Breaker, EventEmitter);

      Breaker.prototype.fire = function (action) {
        if (this.opened) return Promise.reject(new Error('Breaker is open'));
        return action().catch((err) => {
          this.failures++;
          if (this.failures > this.options.maxFailures) {
            this.opened = true;
            this.emit('open');
            setTimeout(() => { this.opened = false; this.emit('halfOpen'); }, this.options.resetTimeout);
          }
          throw err;
        });
      };

      module.exports = Breaker;
    `,
    expect: [{ symbol: 'Breaker', startLine: 4, endLine: 23 }],
  },
  {
    name: 'constants as states (OPEN / CLOSED symbols) in a closure factory',
    code: `
      const OPEN = Symbol('open');
      const CLOSED = Symbol('closed');
      export function createBreaker(threshold = 3) {
        let state = CLOSED;
        let consecutiveFailures = 0;
        return async function guarded<T>(fn: () => Promise<T>): Promise<T> {
          if (state === OPEN) throw new Error('open');
          try {
            const r = await fn();
            consecutiveFailures = 0;
            return r;
          } catch (e) {
            if (++consecutiveFailures >= threshold) state = OPEN;
            throw e;
          }
        };
      }
    `,
    expect: [{ symbol: 'createBreaker', startLine: 3, endLine: 17 }],
  },
  {
    name: 'numeric states through named constants, transitions through a method',
    code: `
      const STATE_CLOSED = 0;
      const STATE_OPEN = 1;
      const STATE_HALF_OPEN = 2;
      export class ServiceGuard {
        private state = STATE_CLOSED;
        private errorCount = 0;
        private transition(to: number) { this.state = to; }
        onError() {
          this.errorCount++;
          if (this.errorCount > 10) this.transition(STATE_OPEN);
        }
        onSuccess() {
          if (this.state === STATE_HALF_OPEN) this.transition(STATE_CLOSED);
        }
      }
    `,
    expect: [{ symbol: 'ServiceGuard', startLine: 4, endLine: 15 }],
  },
  {
    name: 'breaker inlined across the methods of an HTTP client',
    code: `
      export class InventoryClient {
        private state: 'open' | 'closed' = 'closed';
        private errors = 0;
        async get(url: string) {
          if (this.state === 'open') throw new Error('inventory unavailable');
          try {
            return await fetch(url);
          } catch (e) {
            this.errors++;
            if (this.errors > 5) this.state = 'open';
            throw e;
          }
        }
        reset() { this.state = 'closed'; this.errors = 0; }
      }
    `,
    expect: [{ symbol: 'InventoryClient', startLine: 1, endLine: 15 }],
  },
  {
    name: 'helper around opossum (library signal)',
    code: `
      import CircuitBreaker from 'opossum';
      export function protect<T>(fn: () => Promise<T>) {
        return new CircuitBreaker(fn, { timeout: 3000, errorThresholdPercentage: 50 });
      }
    `,
    expect: [{ symbol: 'protect', startLine: 2, endLine: 4 }],
  },
  {
    name: 'cockatiel breaker policy',
    code: `
      import { circuitBreaker, handleAll, ConsecutiveBreaker } from 'cockatiel';
      export const paymentsBreaker = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
    `,
    expect: [{ symbol: 'paymentsBreaker', startLine: 2, endLine: 2 }],
  },
  {
    name: 'a legacy class that only forwards to another breaker is a tentative wrapper',
    code: `
      import { UnifiedCircuitBreaker } from './unified';
      export class CircuitBreaker {
        private inner = new UnifiedCircuitBreaker();
        canExecute() { return this.inner.canExecute(); }
        recordSuccess() { this.inner.recordSuccess(); }
        recordFailure() { this.inner.recordFailure(); }
      }
    `,
    expect: [{ symbol: 'CircuitBreaker', kind: 'wrapper', startLine: 2, endLine: 7 }],
  },
];

const mustNotFind: DetectCase[] = [
  {
    name: 'a CircuitBoard with open/closed switches',
    code: `
      export class CircuitBoard {
        private switches: Array<'open' | 'closed'> = ['closed', 'closed'];
        toggle(i: number) {
          this.switches[i] = this.switches[i] === 'open' ? 'closed' : 'open';
        }
        isOpen(i: number) { return this.switches[i] === 'open'; }
      }
    `,
    expect: [],
  },
  {
    name: 'a door with OPEN/CLOSED states and failed attempts that lock it',
    code: `
      export enum DoorState { OPEN = 'OPEN', CLOSED = 'CLOSED', LOCKED = 'LOCKED' }
      export class Door {
        state = DoorState.CLOSED;
        failedAttempts = 0;
        unlock(code: string) {
          if (code !== '1234') {
            this.failedAttempts++;
            if (this.failedAttempts >= 3) this.state = DoorState.LOCKED;
            return;
          }
          this.state = DoorState.OPEN;
        }
        close() { this.state = DoorState.CLOSED; }
      }
    `,
    expect: [],
  },
  {
    name: 'a ticket with open/closed status and an error count',
    code: `
      export enum TicketStatus { OPEN = 'open', CLOSED = 'closed' }
      export class Ticket {
        status = TicketStatus.OPEN;
        errorReports = 0;
        report() { this.errorReports++; }
        close() { if (this.errorReports === 0) this.status = TicketStatus.CLOSED; }
        reopen() { this.status = TicketStatus.OPEN; }
      }
    `,
    expect: [],
  },
  {
    name: 'a file handle that opens and closes',
    code: `
      import { open } from 'node:fs/promises';
      export class LogFile {
        private handle?: Awaited<ReturnType<typeof open>>;
        private state: 'open' | 'closed' = 'closed';
        async open(path: string) { this.handle = await open(path, 'a'); this.state = 'open'; }
        async close() { await this.handle?.close(); this.state = 'closed'; }
      }
    `,
    expect: [],
  },
  {
    name: 'words in strings and comments',
    code: `
      // circuit breaker: open after 5 failures, half-open after 30s
      export const docs = 'The circuit breaker opens when failures cross the threshold; state: OPEN/CLOSED/HALF_OPEN';
    `,
    expect: [],
  },
];

describe('circuit-breaker: must find', () => runDetectTable('circuit-breaker', mustFind));
describe('circuit-breaker: must not find', () => runDetectTable('circuit-breaker', mustNotFind));
