/**
 * A file the scan cannot parse still has imports (the parser recovers past a syntax error, and the
 * user will fix it): the plan cannot see them, so `plan` and `migrate` say so, and verification reads
 * them from the text, so the delete phase is refused rather than deleting a module that file imports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { retryLoopBody } from '../../test-utils/retry-source.js';

const retryBody = (delay: string) => retryLoopBody({ delay });

interface JsonRun {
  files: Array<{ path: string; status: string }>;
  blockers: Array<{ kind: string; file: string; severity: string; message: string }>;
  refusals: Array<{ kind: string; message: string }>;
}

describe('a project with a file that does not parse', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'unparsed-importer', type: 'module' }),
        'ssot.config.json': JSON.stringify({ canonical: { retry: 'src/retry.js#retry' } }),
        'src/retry.js': `/** Retries fn. */\nexport async function retry(fn, attempts = 3) {${retryBody('10 * attempt')}}\n`,
        'src/old-retry.js': `/** Retries fn, older. */\nexport async function retryOld(fn, attempts = 3) {${retryBody('50')}}\n`,
        'src/client.js': "import { retryOld } from './old-retry.js';\n\nexport const get = () => retryOld(async () => 1);\n",
        'src/broken.js': "import { retryOld } from './old-retry.js';\n\nexport const half = (;\nexport const use = () => retryOld(async () => 2);\n",
      },
      'ssot-unparsed-importer-',
    );
    gitInit(dir);
    const imports = await runSsot(['migrate', '--phase', 'imports', '--write', '--no-verify'], { cwd: dir });
    expect(imports.code).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'imports phase');
  });
  afterAll(async () => removeDir(dir));

  it('plan warns that the file was not analyzed', async () => {
    const plan = await runSsot(['plan'], { cwd: dir });
    expect(plan.stderr).toContain('ssot: warning: src/broken.js was not analyzed (syntax error');
  });

  it('migrate lists it, and refuses to delete the module it imports', async () => {
    const run = await runSsot(['migrate', '--phase', 'delete', '--format', 'json'], { cwd: dir });
    const result = JSON.parse(run.stdout) as JsonRun;
    expect(result.blockers.filter((b) => b.file === 'src/broken.js')).toEqual([
      expect.objectContaining({ kind: 'unreadable', severity: 'warning', message: expect.stringContaining('the plan cannot see its imports') }),
    ]);
    expect(result.files.some((f) => f.path === 'src/old-retry.js')).toBe(true);
    expect(result.refusals.map((r) => r.kind)).toContain('verification');
    expect(run.code).toBe(1);
    const write = await runSsot(['migrate', '--phase', 'delete', '--write'], { cwd: dir });
    expect(write.code).toBe(1);
    expect(write.stdout).toContain("src/broken.js:1 import './old-retry.js' no longer resolves");
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});
