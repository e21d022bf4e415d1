/**
 * A generator function and a plain function may take the same parameters, yet a call of one returns
 * an iterator and of the other a value: a backoff returning a delay cannot become a re-export of a
 * delay generator (its callers would wait on an iterator object).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';

interface JsonPlan {
  clusters: Array<{ superseded: Array<{ id: string; shim?: { kind: string } | null }> }>;
  blockers: Array<{ kind: string; file: string; message: string; symbol?: string }>;
}

describe('a plain backoff function superseded by a delay generator', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'generator-canonical', type: 'module' }),
        'ssot.config.json': JSON.stringify({ canonical: { backoff: 'src/delays.js#delays' } }),
        'src/delays.js': [
          '/** Decorrelated-jitter delays, as an infinite generator. */',
          'export function* delays(attempt = 0, base = 100, cap = 20_000) {',
          '  let prev = base * 2 ** attempt;',
          '  for (;;) {',
          '    prev = Math.min(cap, base + Math.random() * (prev * 3 - base));',
          '    yield prev;',
          '  }',
          '}',
          '',
        ].join('\n'),
        'src/jitter.js': 'export const fullJitter = (attempt, base = 100) => Math.min(20_000, Math.random() * base * Math.pow(2, attempt));\n',
        'src/worker.js': "import { fullJitter } from './jitter.js';\n\nexport const later = (job, attempt) => setTimeout(job, fullJitter(attempt));\n",
      },
      'ssot-generator-canonical-',
    );
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('plans no re-export of the generator, and says why', async () => {
    const run = await runSsot(['plan', '--format', 'json'], { cwd: dir });
    const plan = JSON.parse(run.stdout) as JsonPlan;
    const member = plan.clusters.flatMap((c) => c.superseded).find((m) => m.id === 'src/jitter.js#fullJitter');
    expect(member).toBeDefined();
    expect(member!.shim?.kind).not.toBe('re-export');
    const blocker = plan.blockers.find((b) => b.file === 'src/jitter.js' && b.kind === 'adapter-incomplete');
    expect(blocker?.message).toContain('one is a generator function, the other is not');
    expect(run.code).toBe(1);
  });

  it('leaves the importer and the superseded module as they are in the imports phase', async () => {
    const run = await runSsot(['migrate', '--phase', 'imports', '--format', 'diff', '--no-verify'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('delays as fullJitter');
    expect(run.stdout).not.toContain('b/src/worker.js');
  });
});
