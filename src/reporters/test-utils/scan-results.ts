/**
 * Hand-built scan results for reporter tests: a realistic inventory (retry helpers, circuit breakers,
 * config types, a keyed factory cluster, a double initialization, unparsable files), an empty scan,
 * and one full of characters that must be escaped.
 */
import type { Finding, ScanResult } from '../../scan/types.js';

function finding(fields: Partial<Finding> & Pick<Finding, 'concept' | 'file' | 'symbol' | 'startLine' | 'endLine' | 'status'>): Finding {
  return {
    id: `${fields.file}#${fields.symbol}`,
    kind: 'implementation',
    importers: [],
    cluster: fields.concept,
    confidence: 0.9,
    signals: ['name'],
    evidence: [{ signal: 'name', line: fields.startLine, note: `name matches the ${fields.concept} concept` }],
    fingerprint: `fp-${fields.file}-${fields.symbol}`,
    ...fields,
  };
}

const retryCanonical = finding({
  concept: 'retry',
  file: 'src/core/resilience/retry.ts',
  symbol: 'retryWithPolicy',
  startLine: 12,
  endLine: 88,
  status: 'canonical',
  importers: ['src/agents/planner.ts', 'src/agents/retry-helper.ts', 'src/api/handlers.ts', 'src/db/pool.ts', 'src/llm/client.ts', 'src/utils/retry.ts'],
  confidence: 0.95,
  signals: ['retry-loop', 'sleep-between-attempts', 'name'],
  evidence: [
    { signal: 'retry-loop', line: 30, note: 'loop re-invokes operation() after catch' },
    { signal: 'sleep-between-attempts', line: 41, note: 'awaits delay(backoff.next()) between attempts' },
    { signal: 'name', line: 12, note: 'name contains "retry"' },
  ],
  fingerprint: 'a1b2c3d4e5f60718',
});

const dbRetry = finding({
  concept: 'retry',
  file: 'src/db/db-retry.ts',
  symbol: 'withDbRetry',
  startLine: 5,
  endLine: 40,
  status: 'duplicate',
  importers: ['src/db/pool.ts', 'src/db/transactions.ts'],
  signals: ['retry-loop', 'sleep-between-attempts'],
  evidence: [
    { signal: 'retry-loop', line: 11, note: 'for loop re-invokes fn() after catch' },
    { signal: 'sleep-between-attempts', line: 19, note: 'awaits setTimeout promise between attempts' },
  ],
  fingerprint: 'b2c3d4e5f6071829',
});

const llmRetry = finding({
  concept: 'retry',
  file: 'src/llm/llm-retry.ts',
  symbol: 'LlmRetryHandler.execute',
  startLine: 20,
  endLine: 61,
  status: 'duplicate',
  importers: ['src/llm/client.ts'],
  confidence: 0.8,
  fingerprint: 'c3d4e5f60718293a',
});

const retryWrapper = finding({
  concept: 'retry',
  kind: 'wrapper',
  file: 'src/agents/retry-helper.ts',
  symbol: 'retryAgentCall',
  startLine: 3,
  endLine: 9,
  status: 'wrapper',
  importers: ['src/agents/planner.ts'],
  target: 'src/core/resilience/retry.ts#retryWithPolicy',
  fingerprint: 'd4e5f60718293a4b',
});

const retryReExport = finding({
  concept: 'retry',
  kind: 're-export',
  file: 'src/utils/retry.ts',
  symbol: 'retryWithPolicy',
  startLine: 1,
  endLine: 1,
  status: 'wrapper',
  importers: ['src/api/handlers.ts', 'src/api/routes.ts', 'src/workers/queue.ts'],
  target: 'src/core/resilience/retry.ts#retryWithPolicy',
  fingerprint: 'e5f60718293a4b5c',
});

const deadRetry = finding({
  concept: 'retry',
  file: 'src/legacy/old-retry.ts',
  symbol: 'oldRetry',
  startLine: 1,
  endLine: 30,
  status: 'dead',
  confidence: 0.7,
  fingerprint: 'f60718293a4b5c6d',
});

const breaker = finding({
  concept: 'circuit-breaker',
  file: 'src/core/resilience/circuit-breaker.ts',
  symbol: 'CircuitBreaker',
  startLine: 1,
  endLine: 120,
  status: 'canonical',
  importers: ['src/agents/supervisor.ts', 'src/api/gateway.ts', 'src/db/pool.ts', 'src/llm/client.ts'],
  fingerprint: '0718293a4b5c6d7e',
});

const serviceBreaker = finding({
  concept: 'circuit-breaker',
  file: 'src/services/breaker.ts',
  symbol: 'ServiceBreaker',
  startLine: 10,
  endLine: 70,
  status: 'duplicate',
  importers: ['src/agents/supervisor.ts', 'src/services/billing.ts'],
  fingerprint: '18293a4b5c6d7e8f',
});

const retryConfig = finding({
  concept: 'retry-config',
  kind: 'config-type',
  file: 'src/core/resilience/retry.ts',
  symbol: 'RetryPolicyConfig',
  startLine: 1,
  endLine: 10,
  status: 'canonical',
  importers: ['src/db/db-retry.ts'],
  fingerprint: '293a4b5c6d7e8f90',
});

const dbRetryOptions = finding({
  concept: 'retry-config',
  kind: 'config-type',
  file: 'src/db/db-retry.ts',
  symbol: 'DbRetryOptions',
  startLine: 1,
  endLine: 4,
  status: 'duplicate',
  importers: ['src/db/pool.ts'],
  fingerprint: '3a4b5c6d7e8f9001',
});

const agentFactory = finding({
  concept: 'factory',
  file: 'src/agents/engine-factory.ts',
  symbol: 'ExecutionEngineFactory',
  startLine: 4,
  endLine: 52,
  status: 'canonical',
  cluster: 'factory:ExecutionEngine',
  importers: ['src/agents/planner.ts', 'src/agents/supervisor.ts'],
  fingerprint: '4b5c6d7e8f900112',
});

const coreFactory = finding({
  concept: 'factory',
  file: 'src/core/engine-factory.ts',
  symbol: 'ExecutionEngineFactory',
  startLine: 8,
  endLine: 44,
  status: 'duplicate',
  cluster: 'factory:ExecutionEngine',
  importers: ['src/api/handlers.ts'],
  fingerprint: '5c6d7e8f90011223',
});

const ids = (...findings: Finding[]) => findings.map((f) => f.id).sort();

/** A realistic scan of a small backend with duplicated resilience code. */
export const backendResult: ScanResult = {
  schemaVersion: 1,
  root: '/home/dev/agent-backend',
  files: 42,
  findings: [
    retryCanonical,
    dbRetry,
    llmRetry,
    retryWrapper,
    retryReExport,
    deadRetry,
    breaker,
    serviceBreaker,
    retryConfig,
    dbRetryOptions,
    agentFactory,
    coreFactory,
  ],
  clusters: [
    {
      id: 'retry',
      concept: 'retry',
      members: ids(retryCanonical, dbRetry, llmRetry, retryWrapper, retryReExport, deadRetry),
      canonical: retryCanonical.id,
      reason: 'most importers (6) and the most signals (3)',
      configured: false,
      similar: [{ a: dbRetry.id, b: deadRetry.id, score: 0.93 }],
    },
    {
      id: 'circuit-breaker',
      concept: 'circuit-breaker',
      members: ids(breaker, serviceBreaker),
      canonical: breaker.id,
      reason: 'configured as canonical.circuit-breaker',
      configured: true,
      similar: [],
    },
    {
      id: 'retry-config',
      concept: 'retry-config',
      members: ids(retryConfig, dbRetryOptions),
      canonical: retryConfig.id,
      reason: 'declared next to the canonical retry',
      configured: false,
      similar: [],
    },
    {
      id: 'factory:ExecutionEngine',
      concept: 'factory',
      members: ids(agentFactory, coreFactory),
      canonical: agentFactory.id,
      reason: 'most importers (2)',
      configured: false,
      similar: [{ a: agentFactory.id, b: coreFactory.id, score: 0.81 }],
    },
  ],
  doubleInitializations: [
    {
      id: 'src/agents/supervisor.ts#Supervisor',
      file: 'src/agents/supervisor.ts',
      class: 'Supervisor',
      cluster: 'circuit-breaker',
      holders: [
        { member: 'breaker', finding: breaker.id, line: 14 },
        { member: 'serviceBreaker', finding: serviceBreaker.id, line: 15 },
      ],
      startLine: 10,
      endLine: 80,
    },
  ],
  errors: [
    { file: 'src/broken.ts', message: "'}' expected.", line: 12 },
    { file: 'src/assets/blob.js', message: 'cannot read file: EACCES' },
  ],
};

/** A scan that found nothing. */
export const emptyResult: ScanResult = {
  schemaVersion: 1,
  root: '/home/dev/empty',
  files: 3,
  findings: [],
  clusters: [],
  doubleInitializations: [],
  errors: [],
};

const hostile = finding({
  concept: 'retry',
  file: 'src/<script>alert(1)</script>.ts',
  symbol: 'retry_`x`|y',
  startLine: 1,
  endLine: 5,
  status: 'canonical',
  importers: ['src/a&b.ts'],
  evidence: [{ signal: 'name', line: 1, note: 'matches <b>retry</b> & "friends"' }],
});

const hostileDuplicate = finding({
  concept: 'retry',
  file: 'src/x|y.ts',
  symbol: '*star*',
  startLine: 2,
  endLine: 3,
  status: 'duplicate',
});

/** Names and messages full of HTML and Markdown syntax, to prove the reporters escape them. */
export const hostileResult: ScanResult = {
  schemaVersion: 1,
  root: '/tmp/"quoted" & <dir>',
  files: 2,
  findings: [hostile, hostileDuplicate],
  clusters: [
    {
      id: 'retry',
      concept: 'retry',
      members: ids(hostile, hostileDuplicate),
      canonical: hostile.id,
      reason: 'picked because <img src=x onerror=alert(1)> | and **bold**',
      configured: false,
      similar: [],
    },
  ],
  doubleInitializations: [],
  errors: [{ file: 'src/<bad>.ts', message: 'Unexpected token "<"', line: 3 }],
};

/**
 * `copies` vendored copies of one retry helper (as in a tree that ships the same build three ways, or
 * a generated client per service): one cluster whose every pair is a near clone, most similar first.
 */
export function manyCopiesResult(copies: number): ScanResult {
  const findings = Array.from({ length: copies }, (_, index) =>
    finding({ concept: 'retry', file: `vendor/copy-${String(index).padStart(3, '0')}/retry.js`, symbol: 'retry', startLine: 1, endLine: 20, status: index === 0 ? 'canonical' : 'duplicate' }),
  );
  const similar = [];
  for (let i = 0; i < copies; i++) {
    for (let j = i + 1; j < copies; j++) similar.push({ a: findings[i]!.id, b: findings[j]!.id, score: Math.round((1 - (i + j) / (4 * copies)) * 1000) / 1000 });
  }
  similar.sort((x, y) => y.score - x.score);
  return {
    schemaVersion: 1,
    root: '/home/dev/vendored',
    files: copies,
    findings,
    clusters: [{ id: 'retry', concept: 'retry', members: findings.map((f) => f.id), canonical: findings[0]!.id, reason: 'suggested: most importers (0)', configured: false, similar }],
    doubleInitializations: [],
    errors: [],
  };
}
