import { describe, expect, it } from 'vitest';
import { explainFinding, findFinding } from './explain.js';
import { backendResult } from './test-utils/scan-results.js';

describe('explainFinding', () => {
  it('explains a finding: facts, every signal with its evidence, importers, cluster and near clones', () => {
    expect(explainFinding(backendResult, 'src/db/db-retry.ts#withDbRetry', { color: false })).toBe(
      [
        'src/db/db-retry.ts#withDbRetry  duplicate',
        '  concept     retry',
        '  kind        implementation',
        '  location    src/db/db-retry.ts:5-40 (36 lines)',
        '  confidence  0.90',
        '  fingerprint b2c3d4e5f6071829',
        '',
        'Signals (2)',
        '  retry-loop  src/db/db-retry.ts:11  for loop re-invokes fn() after catch',
        '  sleep-between-attempts  src/db/db-retry.ts:19  awaits setTimeout promise between attempts',
        '',
        'Importers (2)',
        '  src/db/pool.ts',
        '  src/db/transactions.ts',
        '',
        'Cluster retry',
        '  6 members',
        '  canonical src/core/resilience/retry.ts#retryWithPolicy (suggested): most importers (6) and the most signals (3)',
        '  near clone: src/legacy/old-retry.ts#oldRetry 93%',
        '',
      ].join('\n'),
    );
  });

  it('shows what a wrapper forwards to and a finding without importers', () => {
    expect(explainFinding(backendResult, 'src/agents/retry-helper.ts#retryAgentCall', { color: false })).toContain(
      '  forwards to src/core/resilience/retry.ts#retryWithPolicy',
    );
    expect(explainFinding(backendResult, 'src/legacy/old-retry.ts#oldRetry', { color: false })).toContain('Importers (0)\n  none\n');
  });

  it('finds a finding by file:line inside its declaration', () => {
    expect(findFinding(backendResult, 'src/db/db-retry.ts:20')?.id).toBe('src/db/db-retry.ts#withDbRetry');
    expect(findFinding(backendResult, 'src/db/db-retry.ts:3')?.id).toBe('src/db/db-retry.ts#DbRetryOptions');
    expect(findFinding(backendResult, 'src/db/db-retry.ts:99')).toBeUndefined();
  });

  it('returns undefined for an unknown id', () => {
    expect(explainFinding(backendResult, 'src/nope.ts#nope', { color: false })).toBeUndefined();
  });
});
