/**
 * A duplicate exported as an anonymous default (`export default class { ... }`) has importers the
 * codemods cannot follow by name: the plan must say it stays with its importers, not that nothing
 * imports it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';

const breakerBody = (method: string) => `
  private failures = 0;
  private openUntil = 0;
  constructor(private readonly threshold = 5, private readonly cooldownMs = 1000) {}
  async ${method}<T>(fn: () => Promise<T>): Promise<T> {
    if (Date.now() < this.openUntil) throw new Error('circuit open');
    try {
      const result = await fn();
      this.failures = 0;
      return result;
    } catch (error) {
      this.failures++;
      if (this.failures >= this.threshold) {
        this.openUntil = Date.now() + this.cooldownMs;
        this.failures = 0;
      }
      throw error;
    }
  }
`;

describe('planning a duplicate exported as an anonymous default', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'anon-default', type: 'module' }),
        'ssot.config.json': JSON.stringify({ canonical: { 'circuit-breaker': 'src/breaker.ts#CircuitBreaker' } }),
        'src/breaker.ts': `export class CircuitBreaker {${breakerBody('run')}}\n`,
        'src/billing-breaker.ts': `export default class {${breakerBody('run')}}\n`,
        'src/billing.ts': `import BillingBreaker from './billing-breaker.js';\n\nexport const breaker = new BillingBreaker(3);\n`,
      },
      'ssot-anon-default-',
    );
  });
  afterAll(async () => removeDir(dir));

  it('reports that it stays with its importers', async () => {
    const plan = await runSsot(['plan', '--format', 'json'], { cwd: dir });
    expect(plan.code).toBe(1);
    const blockers = (JSON.parse(plan.stdout) as { blockers: Array<{ kind: string; file: string; severity: string; message: string }> }).blockers;
    const mine = blockers.filter((b) => b.file === 'src/billing-breaker.ts');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'unsupported-import', severity: 'error' });
    expect(mine[0]!.message).toContain('src/billing.ts');
    expect(mine[0]!.message).not.toContain('nothing imports it');
  });
});
