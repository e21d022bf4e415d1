/**
 * `composes-retry-and-breaker` through the reliability-manager rule: a unit composes a retry and a
 * breaker when it orchestrates both itself; a retry loop that runs its attempts through a breaker, and a
 * class that only hands its breaker to the retry it delegates to, compose nothing.
 */
import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../test-utils/detect.js';

const adapter = (extra: string) => `
  import { CircuitBreaker } from './circuit-breaker';
  import { RetryHandler } from './retry-handler';

  export class DatabaseRetry {
    readonly target: RetryHandler;
    private readonly breaker: CircuitBreaker;
    private readonly statistics = { operations: 0, failures: 0 };
    constructor(name = 'db') {
      this.breaker = (new CircuitBreaker({ name, failureThreshold: 5 }));
      this.target = new RetryHandler(name, { maxRetries: 4, breaker: this.breaker });
    }
    async executeWithRetry<T>(operation: () => Promise<T>): Promise<T> {
      this.statistics.operations++;${extra}
      try {
        return await this.target.execute(operation);
      } catch (error) {
        this.statistics.failures++;
        throw error;
      }
    }
    getStatistics() {
      return { ...this.statistics };
    }
  }
`;

const cases: DetectCase[] = [
  {
    name: 'a manager that hands its breaker to the retry and also runs the retry through it',
    code: `
      import { CircuitBreaker } from './circuit-breaker';
      import { RetryHandler } from './retry-handler';

      export class ReliabilityManager {
        private readonly breaker = new CircuitBreaker({ name: 'x' });
        private readonly retry = new RetryHandler('x', { maxRetries: 2, breaker: this.breaker });
        private successes = 0;
        private failures = 0;
        async execute<T>(operation: () => Promise<T>): Promise<T> {
          try {
            const result = await this.breaker.call(() => this.retry.execute(operation));
            this.successes++;
            return result;
          } catch (error) {
            this.failures++;
            throw error;
          }
        }
        getHealthStatus() {
          return { successes: this.successes, failures: this.failures };
        }
      }
    `,
    expect: [{ symbol: 'ReliabilityManager', kind: 'implementation' }],
  },
  {
    name: 'a manager that runs its retry through the breaker',
    code: `
      import { CircuitBreaker } from './circuit-breaker';
      import { RetryHandler } from './retry-handler';

      export class ReliabilityManager {
        private readonly breaker = new CircuitBreaker({ name: 'x' });
        private readonly retry = new RetryHandler('x', { maxRetries: 2 });
        private successes = 0;
        private failures = 0;
        async execute<T>(operation: () => Promise<T>): Promise<T> {
          try {
            const result = await this.breaker.call(() => this.retry.execute(operation));
            this.successes++;
            return result;
          } catch (error) {
            this.failures++;
            throw error;
          }
        }
        getHealthStatus() {
          return { successes: this.successes, failures: this.failures };
        }
      }
    `,
    expect: [{ symbol: 'ReliabilityManager', kind: 'implementation' }],
  },
  {
    name: 'a class that hands its breaker to the retry it delegates to (keeping its own statistics)',
    code: adapter(''),
    expect: [],
  },
  {
    name: 'a breaker created inside the retry options',
    code: `
      import { CircuitBreaker } from './circuit-breaker';
      import { RetryHandler } from './retry-handler';

      export class GuardedRetry {
        private readonly retry = new RetryHandler('db', { maxRetries: 3, breaker: new CircuitBreaker({ name: 'db' }) });
        private calls = 0;
        private failures = 0;
        async execute<T>(operation: () => Promise<T>): Promise<T> {
          this.calls++;
          try {
            return await this.retry.execute(operation);
          } catch (error) {
            this.failures++;
            throw error;
          }
        }
        getStats() {
          return { calls: this.calls, failures: this.failures };
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a retry loop that runs every attempt through a breaker it is given, with a retry predicate',
    code: `
      export interface AttemptBreaker { call<T>(operation: () => Promise<T>): Promise<T>; }

      export class RetryExecutor {
        private readonly stats = { executions: 0, retries: 0, failures: 0 };
        constructor(private readonly options: { maxRetries: number; breaker?: AttemptBreaker; retryOn?: (error: unknown) => boolean }) {}
        async execute<T>(operation: () => Promise<T>): Promise<T> {
          this.stats.executions++;
          const shouldRetry = this.options.retryOn ?? (() => true);
          const breaker = this.options.breaker;
          let lastError: unknown;
          for (let attempt = 1; attempt <= this.options.maxRetries + 1; attempt++) {
            try {
              return await (breaker ? breaker.call(operation) : operation());
            } catch (error) {
              lastError = error;
              if (!shouldRetry(error)) break;
              this.stats.retries++;
              await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
            }
          }
          this.stats.failures++;
          throw lastError;
        }
        getStats() {
          return { ...this.stats };
        }
      }
    `,
    expect: [],
  },
];

describe('composes-retry-and-breaker (reliability-manager)', () => {
  runDetectTable('reliability-manager', cases);
});
