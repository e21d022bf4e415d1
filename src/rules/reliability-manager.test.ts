import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const mustFind: DetectCase[] = [
  {
    name: 'a manager composing a breaker and a retry handler behind execute()',
    code: `
      import { CircuitBreaker } from './circuit-breaker';
      import { RetryHandler } from './retry-handler';

      export class ReliabilityManager {
        private readonly breaker: CircuitBreaker;
        private readonly retry: RetryHandler;
        private successes = 0;
        private failures = 0;
        constructor(circuitConfig: unknown, retryConfig: unknown) {
          this.breaker = new CircuitBreaker(circuitConfig);
          this.retry = new RetryHandler(retryConfig);
        }
        async execute<T>(operation: () => Promise<T>): Promise<T> {
          if (!this.breaker.canExecute()) throw new Error('circuit open');
          try {
            const result = await this.retry.execute(operation);
            this.breaker.recordSuccess();
            this.successes++;
            return result;
          } catch (error) {
            this.breaker.recordFailure();
            this.failures++;
            throw error;
          }
        }
        getHealthStatus() {
          return { successes: this.successes, failures: this.failures };
        }
      }
    `,
    expect: [{ symbol: 'ReliabilityManager', kind: 'implementation', startLine: 4, endLine: 29 }],
  },
  {
    name: 'a wrapper composing breaker and retry components with fallback, history and events',
    code: `
      import { UnifiedCircuitBreaker } from './unified-circuit-breaker';
      import { withRetry } from './retry';
      import { EventEmitter } from 'node:events';

      export class AgentReliabilityWrapper extends EventEmitter {
        private circuitBreaker = new UnifiedCircuitBreaker();
        private errorHistory: unknown[] = [];
        async executeSafely<T>(operation: () => Promise<T>, fallback?: () => Promise<T>): Promise<T> {
          try {
            const value = await this.circuitBreaker.call(() => withRetry(operation));
            this.emit('success');
            return value;
          } catch (error) {
            this.errorHistory.push(error);
            this.emit('failure', error);
            if (fallback) return fallback();
            throw error;
          }
        }
      }
    `,
    expect: [{ symbol: 'AgentReliabilityWrapper', startLine: 5, endLine: 20 }],
  },
  {
    name: 'a class that retries and keeps its own breaker state',
    code: `
      export class ResilientExecutor {
        private state: 'closed' | 'open' = 'closed';
        private failures = 0;
        async execute<T>(operation: () => Promise<T>): Promise<T> {
          if (this.state === 'open') throw new Error('open');
          for (let attempt = 0; attempt < 3; attempt++) {
            try {
              const value = await operation();
              this.failures = 0;
              return value;
            } catch {
              if (++this.failures >= 5) this.state = 'open';
            }
          }
          throw new Error('failed');
        }
        reset() { this.state = 'closed'; }
      }
    `,
    expect: [{ symbol: 'ResilientExecutor', startLine: 1, endLine: 18 }],
  },
  {
    name: 'a resilience object built from cockatiel policies',
    code: `
      import { retry, circuitBreaker, handleAll, wrap, ExponentialBackoff, ConsecutiveBreaker } from 'cockatiel';
      const retryPolicy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
      const breakerPolicy = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
      export const resilience = {
        execute<T>(fn: () => Promise<T>) {
          return wrap(retryPolicy, breakerPolicy).execute(fn);
        },
      };
    `,
    expect: [{ symbol: 'resilience', startLine: 4, endLine: 8 }],
  },
];

const mustNotFind: DetectCase[] = [
  {
    name: 'a retry loop that consults a breaker component is a retry, not a manager',
    code: `
      import { CircuitBreaker } from './circuit-breaker';
      export class IntelligentRetry {
        private breaker = new CircuitBreaker();
        async executeWithRetry<T>(operation: () => Promise<T>): Promise<T> {
          for (let attempt = 0; attempt < 5; attempt++) {
            if (!this.breaker.canExecute()) throw new Error('open');
            try { return await operation(); } catch { this.breaker.recordFailure(); }
          }
          throw new Error('failed');
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a breaker that reports a retry-after time is a breaker, not a manager',
    code: `
      export class Breaker {
        private state: 'open' | 'closed' = 'closed';
        private failures = 0;
        private openedAt = 0;
        async call<T>(fn: () => Promise<T>): Promise<T> {
          if (this.state === 'open') throw new CircuitOpenError(this.retryAfterMs());
          try { const v = await fn(); this.state = 'closed'; return v; }
          catch (e) { if (++this.failures > 3) { this.state = 'open'; this.openedAt = Date.now(); } throw e; }
        }
        private retryAfterMs() { return Math.max(0, this.openedAt + 30_000 - Date.now()); }
      }
      class CircuitOpenError extends Error { constructor(readonly retryAfter: number) { super('open'); } }
    `,
    expect: [],
  },
  {
    name: 'an HTTP client that only uses a breaker',
    code: `
      import { CircuitBreaker } from './circuit-breaker';
      export class HttpClient {
        private breaker = new CircuitBreaker();
        get(url: string) { return this.breaker.call(() => fetch(url)); }
      }
    `,
    expect: [],
  },
  {
    name: 'a breaker whose config mentions a retry timeout',
    code: `
      export class Breaker {
        private state: 'open' | 'closed' = 'closed';
        private failures = 0;
        constructor(private readonly options: { retryTimeout: number }) {}
        async call<T>(fn: () => Promise<T>) {
          if (this.state === 'open') throw new Error('open');
          try { return await fn(); } catch (e) { if (++this.failures > 3) this.state = 'open'; throw e; }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a job manager holding a retry count and a circuit name without composing them',
    code: `
      export class JobManager {
        retryCount = 0;
        circuitName = 'jobs';
        list() { return []; }
      }
    `,
    expect: [],
  },
];

describe('reliability-manager: must find', () => runDetectTable('reliability-manager', mustFind));
describe('reliability-manager: must not find', () => runDetectTable('reliability-manager', mustNotFind));
