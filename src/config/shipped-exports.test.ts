import { describe, expect, it } from 'vitest';
import { declaredExports, shippedExports } from './shipped-exports.js';

describe('declaredExports', () => {
  it('reads export lists, type-only and renamed exports, and exported declarations', () => {
    const text = [
      "export { retry, type RetryOptions, wrap as compose } from './retry.js';",
      "export type {\n  ReliabilityEvent,\n  FailureReason,\n} from './events.js';",
      'export declare class CircuitBreaker {}',
      'export declare function sleep(ms: number): Promise<void>;',
      'export interface Clock { now(): number }',
      'export type Backoff = (attempt: number) => number;',
      'export declare const DEFAULTS: {};',
      'declare function internal(): void;',
    ].join('\n');
    expect([...declaredExports(text)].sort()).toEqual(
      ['Backoff', 'CircuitBreaker', 'Clock', 'DEFAULTS', 'FailureReason', 'ReliabilityEvent', 'RetryOptions', 'compose', 'retry', 'sleep'].sort(),
    );
  });
});

describe('shippedExports (needs the build, as npm test does)', () => {
  it('lists the resilience core, values and types', () => {
    const names = shippedExports('ssot/resilience');
    for (const name of ['RetryPolicy', 'CircuitBreaker', 'retry', 'circuitBreaker']) expect(names?.has(name), name).toBe(true);
  });

  it('is null for an entry point the package does not have', () => {
    expect(shippedExports('ssot/no-such-entry')).toBeNull();
  });
});
