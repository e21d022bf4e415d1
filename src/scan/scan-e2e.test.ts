/**
 * End-to-end scans of small temp projects with the real detection rules: every stage (discovery,
 * parsing or lexing, detection, resolution, linking) on real files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../config/defaults.js';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { scan } from './scan.js';
import type { Finding, ScanResult } from './types.js';

const retryLoop = (name: string, attempts: number) => `
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function ${name}<T>(operation: () => Promise<T>, maxAttempts = ${attempts}, baseDelayMs = 100): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      if (attempt === maxAttempts) break;
      await sleep(baseDelayMs * 2 ** (attempt - 1));
    }
  }
  throw lastError;
}
`;

const breaker = (name: string) => `
type State = 'closed' | 'open' | 'half-open';

export class ${name} {
  private state: State = 'closed';
  private failureCount = 0;
  private openedAt = 0;

  constructor(private readonly failureThreshold = 5, private readonly resetTimeoutMs = 30_000) {}

  async execute<T>(operation: () => Promise<T>): Promise<T> {
    if (this.state === 'open') {
      if (Date.now() - this.openedAt < this.resetTimeoutMs) throw new Error('circuit open');
      this.state = 'half-open';
    }
    try {
      const result = await operation();
      this.failureCount = 0;
      this.state = 'closed';
      return result;
    } catch (error) {
      this.failureCount++;
      if (this.state === 'half-open' || this.failureCount >= this.failureThreshold) {
        this.state = 'open';
        this.openedAt = Date.now();
      }
      throw error;
    }
  }
}
`;

const tree: Record<string, string> = {
  'tsconfig.json': `{\n  // aliases\n  "compilerOptions": { "paths": { "@/*": ["./src/*"] } },\n}\n`,
  'src/core/retry.ts': retryLoop('retryWithBackoff', 5),
  'src/core/index.ts': `export * from './retry';\nexport * from './breaker';\n`,
  'src/core/breaker.ts': breaker('CircuitBreaker'),
  'src/legacy/legacy-breaker.ts': breaker('LegacyBreaker'),
  'src/db/db-retry.ts': retryLoop('retryQuery', 3),
  'src/services/orders.ts': `import { retryWithBackoff } from '../core';\nexport const loadOrders = () => retryWithBackoff(async () => [1, 2, 3]);\n`,
  'src/services/users.ts': `import { retryWithBackoff } from '@/core/retry';\nexport const loadUsers = () => retryWithBackoff(async () => ['ann']);\n`,
  'src/services/typed.ts': `import type { CircuitBreaker } from '@/core';\nexport type Guard = CircuitBreaker | null;\n`,
  'src/legacy/with-retry.ts': `import { retryWithBackoff } from '../core/retry';\n\n/** Kept for old call sites. */\nexport function withRetry<T>(operation: () => Promise<T>): Promise<T> {\n  return retryWithBackoff(operation, 3);\n}\n`,
  'src/jobs.ts': `import { withRetry } from './legacy/with-retry';\nexport const job = () => withRetry(async () => 1);\n`,
  'src/utils/retry.ts': `export { retryWithBackoff as retry } from '../core/retry';\n`,
  'src/app.ts': `import { retry } from './utils/retry';\nexport const main = () => retry(async () => 'ok');\n`,
  'src/agent.ts': `import { CircuitBreaker } from './core/breaker';\nimport { LegacyBreaker } from './legacy/legacy-breaker';\n\nexport class Agent {\n  private readonly breaker = new CircuitBreaker();\n  private readonly legacyBreaker: LegacyBreaker;\n\n  constructor() {\n    this.legacyBreaker = new LegacyBreaker(3);\n  }\n\n  run(task: () => Promise<string>) {\n    return this.breaker.execute(() => this.legacyBreaker.execute(task));\n  }\n}\n`,
  'src/legacy/sloppy.js': `var colors = { black: "\\033[40m" };\nfunction RetryThing() {}\nmodule.exports = { colors: colors, RetryThing: RetryThing };\n`,
  'src/broken.ts': `export class RetryHandler {\n  async retry(fn: () => Promise<void> {\n    for (let attempt = 0; attempt < 3; attempt++) {\n`,
};

let dir: string;
let result: ScanResult;

beforeAll(async () => {
  dir = await writeTree(tree);
  result = await scan(resolvedDefaults(dir));
});

afterAll(async () => {
  await removeDir(dir);
});

function finding(id: string): Finding {
  const found = result.findings.find((f) => f.id === id);
  if (!found) throw new Error(`no finding ${id}; findings: ${result.findings.map((f) => f.id).join(', ')}`);
  return found;
}

describe('end-to-end scan', () => {
  it('counts importers of a retry through a barrel, an alias and a re-export module', () => {
    expect(finding('src/core/retry.ts#retryWithBackoff')).toMatchObject({
      concept: 'retry',
      kind: 'implementation',
      cluster: 'retry',
      importers: ['src/app.ts', 'src/legacy/with-retry.ts', 'src/services/orders.ts', 'src/services/users.ts'],
    });
  });

  it('reports the re-export module with its own importers and target', () => {
    expect(finding('src/utils/retry.ts#retry')).toMatchObject({
      kind: 're-export',
      concept: 'retry',
      target: 'src/core/retry.ts#retryWithBackoff',
      importers: ['src/app.ts'],
      status: 'wrapper',
    });
  });

  it('tells a thin wrapper from an implementation and points it at its target', () => {
    expect(finding('src/legacy/with-retry.ts#withRetry')).toMatchObject({
      kind: 'wrapper',
      target: 'src/core/retry.ts#retryWithBackoff',
      importers: ['src/jobs.ts'],
      status: 'wrapper',
    });
  });

  it('clusters duplicates, suggests the canonical and marks the unused one dead', () => {
    const retry = result.clusters.find((c) => c.id === 'retry')!;
    expect(retry.members).toEqual(['src/core/retry.ts#retryWithBackoff', 'src/db/db-retry.ts#retryQuery', 'src/legacy/with-retry.ts#withRetry', 'src/utils/retry.ts#retry']);
    expect(retry.canonical).toBe('src/core/retry.ts#retryWithBackoff');
    expect(retry.similar).toEqual([{ a: 'src/core/retry.ts#retryWithBackoff', b: 'src/db/db-retry.ts#retryQuery', score: 1 }]);
    expect(finding('src/db/db-retry.ts#retryQuery').status).toBe('dead');
  });

  it('counts a type-only import through a barrel and finds the double initialization', () => {
    expect(finding('src/core/breaker.ts#CircuitBreaker').importers).toEqual(['src/agent.ts', 'src/services/typed.ts']);
    expect(result.doubleInitializations).toEqual([
      {
        id: 'src/agent.ts#Agent',
        file: 'src/agent.ts',
        class: 'Agent',
        cluster: 'circuit-breaker',
        holders: [
          { member: 'breaker', finding: 'src/core/breaker.ts#CircuitBreaker', line: 5 },
          { member: 'legacyBreaker', finding: 'src/legacy/legacy-breaker.ts#LegacyBreaker', line: 9 },
        ],
        startLine: 4,
        endLine: 15,
      },
    ]);
  });

  it('reports the unparsable file and scans everything else', () => {
    expect(result.errors).toEqual([{ file: 'src/broken.ts', message: expect.stringMatching(/^syntax error: /), line: expect.any(Number) }]);
    expect(result.files).toBe(Object.keys(tree).filter((f) => /\.(ts|js)$/.test(f)).length);
    expect(result.findings.some((f) => f.file === 'src/broken.ts')).toBe(false);
  });
});
