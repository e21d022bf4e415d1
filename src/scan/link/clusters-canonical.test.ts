import { describe, expect, it } from 'vitest';
import type { RuleDefinition } from '../../rules/types.js';
import { nameHint, wordsOf } from './canonical.js';
import { candidate, exportLocal, facts, linkTable, named, workspace } from './test-utils/tables.js';

/** A retry implementation in `file`, exported, with `importers` files importing it. */
function retryIn(file: string, symbol: string, extra: Parameters<typeof candidate>[1] = {}) {
  return facts(file, { candidates: [candidate(symbol, extra)], exports: [exportLocal(symbol)] });
}

function importing(file: string, from: string, symbol: string) {
  return facts(file, { imports: [named(from, symbol)] });
}

describe('clusters', () => {
  it('group a concept per repository, sorted members, clusters sorted by id', () => {
    const { result } = linkTable([
      retryIn('src/b.ts', 'retryB'),
      retryIn('src/a.ts', 'retryA'),
      facts('src/cfg.ts', { candidates: [candidate('RetryConfig', { concept: 'retry-config', kind: 'config-type' })] }),
    ]);
    expect(result.clusters.map((c) => [c.id, c.members])).toEqual([
      ['retry', ['src/a.ts#retryA', 'src/b.ts#retryB']],
      ['retry-config', ['src/cfg.ts#RetryConfig']],
    ]);
    expect(result.findings.map((f) => f.cluster)).toEqual(['retry', 'retry', 'retry-config']);
  });

  it('group per workspace package in workspace scope, outside files in concept@.', () => {
    const { result } = linkTable(
      [retryIn('packages/a/src/r.ts', 'retryA'), retryIn('packages/b/src/r.ts', 'retryB'), retryIn('scripts/r.ts', 'retryScript')],
      { config: { scope: 'workspace' }, workspaces: [workspace('@acme/a', 'packages/a'), workspace('@acme/b', 'packages/b')] },
    );
    expect(result.clusters.map((c) => c.id)).toEqual(['retry@.', 'retry@@acme/a', 'retry@@acme/b']);
    expect(result.findings.find((f) => f.symbol === 'retryA')!.workspace).toBe('@acme/a');
    expect(result.findings.find((f) => f.symbol === 'retryScript')!.workspace).toBeUndefined();
  });

  it('group keyed concepts by cluster key and drop clusters below minSize with their members', () => {
    const definitions: RuleDefinition[] = [{ id: 'factory', cluster: { by: 'key', minSize: 2 } }];
    const factory = (file: string, symbol: string, clusterKey: string) =>
      facts(file, { candidates: [candidate(symbol, { concept: 'factory', clusterKey })] });
    const { result } = linkTable(
      [
        factory('src/execution_factory.ts', 'ExecutionEngineFactory', 'ExecutionEngine'),
        factory('src/execution_engine_factory.ts', 'ExecutionEngineFactory', 'ExecutionEngine'),
        factory('src/websocket_bridge_factory.ts', 'WebSocketBridgeFactory', 'WebSocketBridge'),
      ],
      { definitions },
    );
    expect(result.clusters.map((c) => c.id)).toEqual(['factory:ExecutionEngine']);
    expect(result.findings.map((f) => f.id)).toEqual(['src/execution_engine_factory.ts#ExecutionEngineFactory', 'src/execution_factory.ts#ExecutionEngineFactory']);
  });

  it('drop candidates below the global or per-concept confidence, and concepts turned off', () => {
    const { result } = linkTable(
      [
        retryIn('src/low.ts', 'retryLow', { confidence: 0.4 }),
        retryIn('src/ok.ts', 'retryOk', { confidence: 0.6 }),
        facts('src/b.ts', { candidates: [candidate('Breaker', { concept: 'circuit-breaker', confidence: 0.95 })] }),
        facts('src/f.ts', { candidates: [candidate('Factory', { concept: 'factory', confidence: 0.99 })] }),
      ],
      { config: { minConfidence: 0.5, rules: { 'circuit-breaker': { minConfidence: 0.97 }, factory: 'off' } } },
    );
    expect(result.findings.map((f) => f.id)).toEqual(['src/ok.ts#retryOk']);
  });
});

describe('canonical', () => {
  const table = () => [
    retryIn('src/legacy/retry_old.ts', 'LegacyRetry', { features: { members: ['a', 'b', 'c', 'd'], fields: [], options: [], events: [] } }),
    retryIn('src/core/unified_retry.ts', 'UnifiedRetry', { features: { members: ['a', 'b'], fields: ['x'], options: [], events: [] } }),
    retryIn('src/db/retry.ts', 'DbRetry'),
    importing('src/x.ts', './db/retry', 'DbRetry'),
    importing('src/y.ts', './db/retry', 'DbRetry'),
    importing('src/z.ts', './core/unified_retry', 'UnifiedRetry'),
  ];

  it('is configured by cluster id, by concept, or points at the resilience core', () => {
    const byCluster = linkTable(table(), { config: { canonical: { retry: 'src/db/retry.ts#DbRetry' } } }).result.clusters[0]!;
    expect(byCluster).toMatchObject({ canonical: 'src/db/retry.ts#DbRetry', configured: true });
    expect(byCluster.reason).toContain('canonical.retry');

    const withoutExtension = linkTable(table(), { config: { canonical: { retry: './src/db/retry#DbRetry' } } }).result;
    expect(withoutExtension.clusters[0]!.canonical).toBe('src/db/retry.ts#DbRetry');
    expect(withoutExtension.findings.find((f) => f.symbol === 'DbRetry')!.status).toBe('canonical');

    const core = linkTable(table(), { config: { canonical: { retry: 'ssot/resilience#retry' } } }).result;
    expect(core.clusters[0]).toMatchObject({ canonical: 'ssot/resilience#retry', configured: true });
    expect(core.findings.every((f) => f.status !== 'canonical')).toBe(true);
  });

  it('surfaces a configured canonical that matches nothing and falls back to a suggestion', () => {
    const { result } = linkTable(table(), { config: { canonical: { retry: 'src/nope.ts#Nope' } } });
    expect(result.clusters[0]!.configured).toBe(false);
    expect(result.clusters[0]!.reason).toContain('"src/nope.ts#Nope" matches no finding');
    expect(result.clusters[0]!.canonical).not.toBeNull();
    expect(result.warnings).toEqual([{ path: 'canonical.retry', message: expect.stringContaining('src/nope.ts#Nope') }]);
  });

  it('suggests from name hints, features and importers, never a legacy or test member, with the reasons', () => {
    const { result } = linkTable(table());
    const cluster = result.clusters[0]!;
    expect(cluster.canonical).toBe('src/core/unified_retry.ts#UnifiedRetry');
    expect(cluster.configured).toBe(false);
    expect(cluster.reason).toMatch(/^suggested: /);
    expect(cluster.reason).toContain('unified');
    expect(cluster.reason).toContain('legacy');
  });

  it('prefers a member others already wrap and breaks ties by id', () => {
    const wrapped = linkTable([
      retryIn('src/a.ts', 'retryA'),
      retryIn('src/b.ts', 'retryB'),
      facts('src/w.ts', {
        imports: [named('./b', 'retryB')],
        candidates: [candidate('retryW', { delegatesTo: ['retryB'], ownLogic: false })],
      }),
    ]).result.clusters[0]!;
    expect(wrapped.canonical).toBe('src/b.ts#retryB');
    expect(wrapped.reason).toContain('wraps or re-exports it');

    const tie = linkTable([retryIn('src/b.ts', 'retryB'), retryIn('src/a.ts', 'retryA')]).result.clusters[0]!;
    expect(tie.canonical).toBe('src/a.ts#retryA');
  });

  it('prefers the member the canonical of another cluster uses', () => {
    const backoff = (file: string, symbol: string) =>
      facts(file, { candidates: [candidate(symbol, { concept: 'backoff' })], exports: [exportLocal(symbol)] });
    const { result } = linkTable([
      facts('src/retry.ts', { candidates: [candidate('onlyRetry')], exports: [exportLocal('onlyRetry')], imports: [named('./b-backoff', 'expDelay')] }),
      backoff('src/a-backoff.ts', 'linearDelay'),
      backoff('src/b-backoff.ts', 'expDelay'),
      facts('src/other.ts', { imports: [named('./a-backoff', 'linearDelay')] }),
    ]);
    const cluster = result.clusters.find((c) => c.id === 'backoff')!;
    expect(cluster.canonical).toBe('src/b-backoff.ts#expDelay');
    expect(cluster.reason).toContain('used by the canonical src/retry.ts#onlyRetry');
  });

  it('counts a member declared beside another cluster\'s canonical as used only when that canonical calls it', () => {
    const { result } = linkTable([
      // The canonical backoff sits beside a retry helper it does not call: the retries tie on their own merits.
      facts('src/payments.ts', {
        candidates: [
          candidate('computeDelay', { concept: 'backoff' }),
          candidate('payRetry', { delegatesTo: ['computeDelay'], features: { members: ['attempts'], fields: [], options: [], events: [] } }),
        ],
        exports: [exportLocal('computeDelay'), exportLocal('payRetry')],
      }),
      retryIn('src/b.ts', 'retryB'),
      importing('src/x.ts', './b', 'retryB'),
    ]);
    const retry = result.clusters.find((c) => c.id === 'retry')!;
    expect(retry.canonical).toBe('src/b.ts#retryB');
    expect(retry.reason).not.toContain('used by the canonical');
    const backoffUser = linkTable([
      facts('src/payments.ts', {
        candidates: [candidate('computeDelay', { concept: 'backoff' }), candidate('payRetry', { delegatesTo: ['computeDelay'] })],
        exports: [exportLocal('computeDelay'), exportLocal('payRetry')],
      }),
      facts('src/other.ts', { candidates: [candidate('otherDelay', { concept: 'backoff' })], exports: [exportLocal('otherDelay')] }),
    ]).result.clusters.find((c) => c.id === 'backoff')!;
    expect(backoffUser.canonical).toBe('src/payments.ts#computeDelay');
    expect(backoffUser.reason).toContain('used by the canonical src/payments.ts#payRetry');
  });

  it('never suggests a member under a test or mock path over a real one', () => {
    const { result } = linkTable([
      retryIn('src/__mocks__/retry.ts', 'UnifiedRetry', { features: { members: ['a', 'b', 'c'], fields: [], options: [], events: [] } }),
      retryIn('src/net/retry.ts', 'netRetry'),
    ]);
    expect(result.clusters[0]!.canonical).toBe('src/net/retry.ts#netRetry');
  });

  it('has no canonical in a cluster of wrappers only', () => {
    const { result } = linkTable(
      [
        retryIn('packages/a/src/retry.ts', 'retryA'),
        facts('packages/b/src/wrap.ts', {
          imports: [named('@acme/a/src/retry', 'retryA')],
          candidates: [candidate('retryB', { delegatesTo: ['retryA'], ownLogic: false })],
        }),
      ],
      { config: { scope: 'workspace' }, workspaces: [workspace('@acme/a', 'packages/a'), workspace('@acme/b', 'packages/b')] },
    );
    const wrapperCluster = result.clusters.find((c) => c.id === 'retry@@acme/b')!;
    expect(result.findings.find((f) => f.symbol === 'retryB')).toMatchObject({ kind: 'wrapper', target: 'packages/a/src/retry.ts#retryA' });
    expect(wrapperCluster).toMatchObject({ canonical: null, configured: false });
    expect(wrapperCluster.reason).toContain('only wrappers');
  });
});

describe('statuses', () => {
  it('mark canonical, duplicate, wrapper and dead members', () => {
    const { result } = linkTable(
      [
        retryIn('src/main.ts', 'mainRetry'),
        retryIn('src/dup.ts', 'dupRetry'),
        retryIn('src/dead.ts', 'deadRetry'),
        facts('src/local.ts', { candidates: [candidate('localRetry')], localUses: ['localRetry'] }),
        facts('src/wrap.ts', {
          imports: [named('./main', 'mainRetry')],
          candidates: [candidate('wrapRetry', { delegatesTo: ['mainRetry'], ownLogic: false })],
          exports: [exportLocal('wrapRetry')],
        }),
        facts('src/deadwrap.ts', {
          imports: [named('./main', 'mainRetry')],
          candidates: [candidate('deadWrap', { delegatesTo: ['mainRetry'], ownLogic: false })],
        }),
        importing('src/use1.ts', './dup', 'dupRetry'),
        importing('src/use2.ts', './wrap', 'wrapRetry'),
      ],
      { config: { canonical: { retry: 'src/main.ts#mainRetry' } } },
    );
    const status = Object.fromEntries(result.findings.map((f) => [f.symbol, f.status]));
    expect(status).toEqual({
      mainRetry: 'canonical',
      dupRetry: 'duplicate',
      deadRetry: 'dead',
      localRetry: 'duplicate',
      wrapRetry: 'wrapper',
      deadWrap: 'dead',
    });
  });
});

describe('similarity', () => {
  it('reports member pairs at or above 0.5, most similar first', () => {
    const shape = (...values: number[]) => values;
    const { result } = linkTable([
      retryIn('src/a.ts', 'a', { shape: shape(1, 2, 3, 4) }),
      retryIn('src/b.ts', 'b', { shape: shape(1, 2, 3, 4) }),
      retryIn('src/c.ts', 'c', { shape: shape(1, 2, 9, 9) }),
      retryIn('src/d.ts', 'd', { shape: shape(7, 7, 7, 4) }),
    ]);
    expect(result.clusters[0]!.similar).toEqual([
      { a: 'src/a.ts#a', b: 'src/b.ts#b', score: 1 },
      { a: 'src/a.ts#a', b: 'src/c.ts#c', score: 0.5 },
      { a: 'src/b.ts#b', b: 'src/c.ts#c', score: 0.5 },
    ]);
  });
});

describe('name hints', () => {
  it('splits paths and symbols into words', () => {
    expect(wordsOf('src/core/UnifiedRetryHTTPHandler_v1.ts')).toEqual(['src', 'core', 'unified', 'retry', 'http', 'handler', 'v1', 'ts']);
  });

  it('scores hints, anti-hints and test locations', () => {
    expect(nameHint('src/shared/retry.ts', 'Retry').score).toBe(1);
    expect(nameHint('src/retry.ts', 'LegacyRetry').score).toBe(-1);
    expect(nameHint('test/unified.ts', 'UnifiedRetry').score).toBe(-2);
    expect(nameHint('src/score.ts', 'Retry').score).toBe(0);
  });
});
