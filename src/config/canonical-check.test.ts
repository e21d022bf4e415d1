import { describe, expect, it } from 'vitest';
import { backendResult, emptyResult } from '../reporters/test-utils/scan-results.js';
import { referencePackage, unmatchedCanonicals } from './canonical-check.js';

describe('referencePackage', () => {
  it.each([
    ['ssot/resilience#RetryPolicy', 'ssot'],
    ['ssot#retry', 'ssot'],
    ['@acme/resilience#retry', '@acme/resilience'],
    ['@acme/resilience/retry#retry', '@acme/resilience'],
    ['cockatiel#retry', 'cockatiel'],
    ['src/core/retry#retry', 'src'],
  ])('%s names package %s', (reference, name) => {
    expect(referencePackage(reference)).toBe(name);
  });

  it.each([['src/core/retry.ts#retry'], ['./retry#retry'], ['../shared/retry#retry'], ['/abs/retry#retry'], ['C:/x/retry#retry'], ['retry'], ['#retry']])(
    '%s is a project path, not a package',
    (reference) => {
      expect(referencePackage(reference)).toBeUndefined();
    },
  );
});

describe('unmatchedCanonicals', () => {
  const canonicalOf = (canonical: Record<string, string>) => ({ canonical });

  it('accepts a finding, with or without the extension, and the shipped core', () => {
    const config = canonicalOf({ retry: 'src/db/db-retry#withDbRetry', 'circuit-breaker': 'ssot/resilience#CircuitBreaker', backoff: 'ssot#backoff' });
    expect(unmatchedCanonicals(config, backendResult, { concepts: ['backoff'] })).toEqual([]);
  });

  it('accepts a package the project declares or installed, and names one it does not', () => {
    const config = canonicalOf({ retry: '@acme/resilience#retry', 'circuit-breaker': 'cockatiel#circuitBreaker' });
    const hasPackage = (name: string) => name === '@acme/resilience';
    expect(unmatchedCanonicals(config, backendResult, { hasPackage })).toEqual([
      {
        key: 'circuit-breaker',
        reference: 'cockatiel#circuitBreaker',
        problem: 'matches no finding of the scan and "cockatiel" is neither a dependency of the project nor installed',
      },
    ]);
  });

  it('warns about a project path that matches nothing, whatever the key', () => {
    const config = canonicalOf({ retry: 'src/db/db-retry.ts#withDbRetri', 'circuit-breaker': 'src/gone.ts#Breaker' });
    expect(unmatchedCanonicals(config, backendResult).map((u) => [u.key, u.problem])).toEqual([
      ['retry', 'matches no finding of the scan'],
      ['circuit-breaker', 'matches no finding of the scan'],
    ]);
  });

  it('warns about a key that names no cluster or concept, unless the rules declare the concept', () => {
    const config = canonicalOf({ backof: 'ssot/resilience#backoff', 'feature-flag-client': 'ssot/resilience#x' });
    expect(unmatchedCanonicals(config, emptyResult).map((u) => [u.key, u.problem])).toEqual([
      ['backof', 'names no cluster or concept found by the scan'],
      ['feature-flag-client', 'names no cluster or concept found by the scan'],
    ]);
    expect(unmatchedCanonicals(config, emptyResult, { concepts: ['retry', 'feature-flag-client'] }).map((u) => u.key)).toEqual(['backof']);
  });

  it('accepts a cluster that has converged: the reference names no finding but a declaration that still exists', () => {
    const config = canonicalOf({ 'factory:Engine': 'src/engine.ts#EngineFactory', retry: 'src/gone.ts#withRetry', 'retyr:x': 'src/engine.ts#EngineFactory' });
    const declares = (file: string, symbol: string) => file === 'src/engine.ts' && symbol === 'EngineFactory';
    expect(unmatchedCanonicals(config, emptyResult, { concepts: ['factory', 'retry'], declares }).map((u) => [u.key, u.problem])).toEqual([
      ['retry', 'matches no finding of the scan'],
      ['retyr:x', 'matches no finding of the scan'],
    ]);
    // While the cluster exists, its canonical must be one of its findings.
    const clustered = { ...emptyResult, clusters: [{ id: 'factory:Engine', concept: 'factory', members: [], canonical: null, reason: '', configured: false, similar: [] }] };
    expect(unmatchedCanonicals(config, clustered, { concepts: ['factory', 'retry'], declares }).map((u) => u.key)).toEqual(['factory:Engine', 'retry', 'retyr:x']);
    // Without the predicate nothing is known about declarations: the converged cluster is reported as before.
    expect(unmatchedCanonicals(config, emptyResult, { concepts: ['factory', 'retry'] }).map((u) => u.key)).toEqual(['factory:Engine', 'retry', 'retyr:x']);
  });

  it('checks references into the shipped package against its exports', () => {
    const exports: Record<string, ReadonlySet<string>> = { 'ssot/resilience': new Set(['RetryPolicy', 'CircuitBreaker']) };
    const shippedExports = (specifier: string) => exports[specifier] ?? null;
    const config = canonicalOf({ retry: 'ssot/resilience#RetryPolicy', 'circuit-breaker': 'ssot/resilience#CircuitBreakr', backoff: 'ssot/backoff#x' });
    expect(unmatchedCanonicals(config, backendResult, { concepts: ['backoff'], shippedExports }).map((u) => [u.key, u.problem])).toEqual([
      ['circuit-breaker', 'names "CircuitBreakr", which "ssot/resilience" does not export (did you mean "CircuitBreaker"?)'],
      ['backoff', 'names "ssot/backoff", which the ssot package does not export'],
    ]);
    // Unknown exports (declarations not built): nothing to say.
    expect(unmatchedCanonicals(config, backendResult, { concepts: ['backoff'], shippedExports: () => undefined })).toEqual([]);
  });
});
