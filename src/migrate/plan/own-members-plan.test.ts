/**
 * A superseded class whose adapter keeps bookkeeping of its own (`"(own)"` members and the state its
 * templates read through `this.`): phase 2 writes an adapter that type-checks and holds no loop of its
 * own, and importers that use the kept members, or construct it with a template that reads adapter
 * state, keep importing the adapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

const handler = `export class RetryHandler {
  private readonly listeners: Array<() => void> = [];
  constructor(readonly name: string, readonly maxAttempts: number, readonly retryOn: (error: unknown) => boolean = () => true) {}
  onRetry(listener: () => void): void {
    this.listeners.push(listener);
  }
  async execute<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (attempt >= this.maxAttempts || !this.retryOn(error)) throw error;
        for (const listener of this.listeners) listener();
      }
    }
  }
}
`;
const counting = `export class CountingRetry {
  private readonly counts = { calls: 0, retries: 0, fatal: 0 };

  constructor(private readonly attempts = 3) {}

  isFatal(error: unknown): boolean {
    return error instanceof TypeError;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    this.counts.calls++;
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (this.isFatal(error)) this.counts.fatal++;
        if (attempt >= this.attempts || this.isFatal(error)) throw error;
        this.counts.retries++;
      }
    }
  }

  report(): string {
    return \`\${this.counts.calls} calls, \${this.counts.retries} retries, \${this.counts.fatal} fatal\`;
  }
}
`;
const user = `import { CountingRetry } from '../old/counting.js';

export async function load(): Promise<string> {
  const retry = new CountingRetry(2);
  await retry.run(async () => 'ok');
  return retry.report();
}
`;
const mapping = {
  'src/old/counting.ts#CountingRetry': {
    members: {
      constructor: '((h) => { h.onRetry(() => { this.counts.retries++; }); return h; })(new RetryHandler(\'counting\', $0, (error) => !this.isFatal(error)))',
      run: '(this.counts.calls++, this.target.execute(() => $0().catch((error: unknown) => { if (this.isFatal(error)) this.counts.fatal++; throw error; })))',
      isFatal: '(own)',
      report: '(own)',
    },
  },
};
const cluster = { id: 'retry', members: ['src/core/retry.ts#RetryHandler', 'src/old/counting.ts#CountingRetry'] };

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

describe('adapters that keep their own bookkeeping', () => {
  it('phase 2 writes an adapter with the kept members and state, and the importer keeps using it', async () => {
    current = await project({ 'src/core/retry.ts': handler, 'src/old/counting.ts': counting, 'src/app/use.ts': user }, [cluster], {
      canonical: { retry: 'src/core/retry.ts#RetryHandler' },
      mappings: mapping,
    });
    const plan = current.plan();
    const member = plan.clusters[0]!.superseded[0]!;
    expect(member.shim?.kind).toBe('adapter');
    // The importer uses a kept member and a construct template that reads adapter state: it stays.
    expect(member.importers.map((i) => [i.file, i.status])).toEqual([['src/app/use.ts', 'blocked']]);
    const reasons = plan.blockers.filter((b) => b.file === 'src/app/use.ts').map((b) => b.message);
    expect(reasons).toContainEqual(expect.stringContaining('reads this.counts'));
    expect(reasons).toContainEqual(expect.stringContaining('uses report, which the adapter of CountingRetry keeps as its own bookkeeping'));

    current.phase('imports');
    const adapter = readFileSync(join(current.dir, 'src/old/counting.ts'), 'utf8');
    expect(adapter).toContain('@ssot-shim src/core/retry.ts#RetryHandler');
    expect(adapter).toContain('private readonly counts = { calls: 0, retries: 0, fatal: 0 };');
    expect(adapter).toContain('  isFatal(error: unknown): boolean {\n    return error instanceof TypeError;\n  }');
    expect(adapter).toContain('  report(): string {');
    // The loop is the canonical's now.
    expect(adapter).not.toMatch(/\bfor \(/);
    expect(readFileSync(join(current.dir, 'src/app/use.ts'), 'utf8')).toBe(user);
    expect(tsc(current.dir)).toBe('');
  });
});
