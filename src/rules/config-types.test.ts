import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const retryConfigs: DetectCase[] = [
  {
    name: 'an interface',
    code: `
      /** Shared retry settings. */
      export interface RetryConfig {
        maxRetries: number;
        baseDelay: number;
        maxDelay: number;
        jitter?: boolean;
      }
    `,
    expect: [{ symbol: 'RetryConfig', kind: 'config-type', startLine: 2, endLine: 7 }],
  },
  {
    name: 'an object type alias with an options name',
    code: `
      export type RetryOptions = {
        retries?: number;
        minTimeout?: number;
        factor?: number;
        onRetry?: (error: Error) => void;
      };
    `,
    expect: [{ symbol: 'RetryOptions', kind: 'config-type', startLine: 1, endLine: 6 }],
  },
  {
    name: 'a data class with defaults and a static constructor',
    code: `
      export class ReliabilityRetryConfig {
        maxAttempts = 3;
        initialDelayMs = 100;
        backoffMultiplier = 2;
        static fromEnv(env: Record<string, string | undefined>) {
          const config = new ReliabilityRetryConfig();
          config.maxAttempts = Number(env.MAX_ATTEMPTS ?? 3);
          return config;
        }
      }
    `,
    expect: [{ symbol: 'ReliabilityRetryConfig', startLine: 1, endLine: 10 }],
  },
  {
    name: 'a strategy type named without "config" (snake_case fields)',
    code: `
      export interface RetryStrategy {
        max_retries: number;
        base_delay: number;
        backoff_strategy: 'exponential' | 'linear';
      }
    `,
    expect: [{ symbol: 'RetryStrategy', startLine: 1, endLine: 5 }],
  },
  {
    name: 'a zod schema object',
    code: `
      import { z } from 'zod';
      export const RetrySettingsSchema = z.object({ maxAttempts: z.number(), backoffMs: z.number(), jitter: z.boolean() });
    `,
    expect: [{ symbol: 'RetrySettingsSchema', startLine: 2, endLine: 2 }],
  },
  {
    name: 'a JS class that assigns its fields in the constructor',
    file: 'config.js',
    code: `
      class RetryPolicyConfig {
        constructor(opts = {}) {
          this.retries = opts.retries ?? 3;
          this.retryDelay = opts.retryDelay ?? 500;
          this.maxRetryDelay = opts.maxRetryDelay ?? 5000;
        }
      }
      module.exports = RetryPolicyConfig;
    `,
    expect: [{ symbol: 'RetryPolicyConfig', startLine: 1, endLine: 7 }],
  },
];

const notRetryConfigs: DetectCase[] = [
  {
    name: 'a DTO with a retryCount field',
    code: `
      export interface Job {
        id: string;
        payload: unknown;
        status: 'queued' | 'running' | 'done';
        retryCount: number;
        createdAt: Date;
      }
    `,
    expect: [],
  },
  {
    name: 'an agent config with one retry setting among many',
    code: `
      export interface AgentConfig {
        name: string;
        model: string;
        tools: string[];
        maxRetries: number;
        timeoutMs: number;
        temperature: number;
      }
    `,
    expect: [],
  },
  {
    name: 'an event payload discriminated by a literal type',
    code: `
      export interface RetryScheduledEvent {
        readonly type: 'retry_scheduled';
        readonly attempt: number;
        readonly maxAttempts: number;
        readonly delayMs: number;
      }
    `,
    expect: [],
  },
  {
    name: 'a result type (success, value, error, attempts)',
    code: `
      export interface RetryResult<T> {
        success: boolean;
        value?: T;
        error?: Error;
        attempts: number;
        totalDelayMs: number;
      }
    `,
    expect: [],
  },
  {
    name: 'an API interface of a retrier (methods, not fields)',
    code: `
      export interface Retrier {
        retry<T>(fn: () => Promise<T>): Promise<T>;
        attempts(): number;
      }
    `,
    expect: [],
  },
  {
    name: 'a retry class with logic is not a config type',
    code: `
      export class Retrier {
        maxRetries = 3;
        retryDelay = 100;
        async run(fn: () => Promise<void>) {
          for (let i = 0; i < this.maxRetries; i++) {
            try { return await fn(); } catch { await new Promise((r) => setTimeout(r, this.retryDelay)); }
          }
        }
      }
    `,
    expect: [],
  },
];

const breakerConfigs: DetectCase[] = [
  {
    name: 'an interface',
    code: `
      export interface CircuitBreakerConfig {
        failureThreshold: number;
        recoveryTimeout: number;
        halfOpenMaxCalls?: number;
      }
    `,
    expect: [{ symbol: 'CircuitBreakerConfig', kind: 'config-type', startLine: 1, endLine: 5 }],
  },
  {
    name: 'an options type intersected with a base',
    code: `
      interface Named { name: string }
      export type BreakerOptions = Named & {
        errorThresholdPercentage: number;
        resetTimeout: number;
        rollingCountTimeout: number;
      };
    `,
    expect: [{ symbol: 'BreakerOptions', startLine: 2, endLine: 6 }],
  },
  {
    name: 'a data class',
    code: `
      export class UnifiedCircuitConfig {
        constructor(
          public name: string,
          public failureThreshold = 5,
          public recoveryTimeout = 60,
          public successThreshold = 2,
        ) {}
      }
    `,
    expect: [{ symbol: 'UnifiedCircuitConfig', startLine: 1, endLine: 8 }],
  },
];

const notBreakerConfigs: DetectCase[] = [
  {
    name: 'an alert rule with an error threshold',
    code: `
      export interface AlertRule {
        name: string;
        query: string;
        errorThreshold: number;
        channel: string;
        owner: string;
      }
    `,
    expect: [],
  },
  {
    name: 'a store opening hours type',
    code: `
      export interface OpeningHours {
        openAt: string;
        closeAt: string;
        timezone: string;
      }
    `,
    expect: [],
  },
];

describe('retry-config: must find', () => runDetectTable('retry-config', retryConfigs));
describe('retry-config: must not find', () => runDetectTable('retry-config', notRetryConfigs));
describe('circuit-breaker-config: must find', () => runDetectTable('circuit-breaker-config', breakerConfigs));
describe('circuit-breaker-config: must not find', () => runDetectTable('circuit-breaker-config', notBreakerConfigs));
