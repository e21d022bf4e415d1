/**
 * A duplicate that is not exported (a module-level breaker instance, a local helper) has no importer
 * to move and no deletion planned: the plan must say that it stays, not that a phase removes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { retryLoopBody } from '../../test-utils/retry-source.js';

const retryBody = (delay: string) => retryLoopBody({ delay });

describe('a superseded member that is not exported', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'unexported-member', type: 'module' }),
        'ssot.config.json': JSON.stringify({ canonical: { retry: 'src/retry.js#retry' } }),
        'src/retry.js': `/** Retries fn. */\nexport async function retry(fn, attempts = 3) {${retryBody('10 * attempt')}}\n`,
        'src/jobs.js': `async function retryJob(fn, attempts = 3) {${retryBody('50')}}\n\nexport const runJob = (job) => retryJob(job, 2);\n`,
      },
      'ssot-unexported-member-',
    );
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('says it stays, with what to do, and plans no deletion for it', async () => {
    const plan = await runSsot(['plan'], { cwd: dir });
    expect(plan.stdout).toContain('retryJob is not exported, so no importer moves and no phase deletes it; it stays in src/jobs.js');
    expect(plan.stdout).toContain('replace its uses in src/jobs.js with src/retry.js#retry by hand');
    expect(plan.stdout).not.toContain('the delete phase removes it');
    const member = plan.stdout.slice(plan.stdout.indexOf('superseded src/jobs.js#retryJob'));
    expect(member).toMatch(/^superseded src\/jobs\.js#retryJob[^\n]*\n(?: {4}[^\n]*\n)* {4}delete {4}nothing planned \(see blockers\)\n/);
    const remove = await runSsot(['migrate', '--phase', 'delete', '--format', 'diff', '--no-verify'], { cwd: dir });
    expect(remove.code).toBe(0);
    expect(remove.stdout).not.toContain('src/jobs.js');
  });
});
