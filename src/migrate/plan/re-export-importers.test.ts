/**
 * Importers that hand a superseded symbol on to their own importers: `export { X }` of an imported
 * binding passes the old API on, so a canonical with another signature must not take its place; and
 * an `export *` barrel that already names the symbol explicitly (as the imports phase leaves it) no
 * longer forwards the superseded one, so the delete phase must not wait for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { retryLoopBody } from '../../test-utils/retry-source.js';

interface JsonBlocker {
  kind: string;
  file: string;
  severity: string;
  message: string;
}
interface JsonRun {
  files: Array<{ path: string; status: string; diff: string }>;
  blockers: JsonBlocker[];
}

const retryLoop = (call: string, delay: string) => retryLoopBody({ call, delay, typed: true });

describe('an importer that exports the superseded binding again', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'local-reexport', type: 'module' }),
        'ssot.config.json': JSON.stringify({ canonical: { retry: 'src/retry.ts#retry' } }),
        'src/retry.ts': `/** Retries fn. */\nexport async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {${retryLoop('fn()', '10 * attempt')}}\n`,
        'src/legacy.ts': `/** Retries op, delay first. */\nexport async function retryLegacy<T>(attempts: number, delayMs: number, op: () => Promise<T>): Promise<T> {${retryLoop('op()', 'delayMs')}}\n`,
        'src/orders.ts': `import { retryLegacy } from './legacy.js';\n\nexport { retryLegacy };\nexport const orders = 1;\n`,
      },
      'ssot-local-reexport-',
    );
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('keeps the import, with a blocker saying the value is exported again', async () => {
    const run = await runSsot(['migrate', '--phase', 'imports', '--format', 'json', '--no-verify'], { cwd: dir });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as JsonRun;
    expect(result.files.map((f) => f.path)).not.toContain('src/orders.ts');
    const mine = result.blockers.filter((b) => b.file === 'src/orders.ts');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'signature-mismatch', severity: 'error' });
    expect(mine[0]!.message).toContain('retryLegacy is exported again from this file');
  });
});

describe('an export-star barrel that names the superseded symbol explicitly', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'star-barrel', type: 'module' }),
        'ssot.config.json': JSON.stringify({ canonical: { retry: 'src/core.ts#retry' } }),
        'src/core.ts': `/** Retries fn. */\nexport async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {${retryLoop('fn()', '10 * attempt')}}\n`,
        'src/util.ts': `/** Retries fn again. */\nexport async function retryAgain<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {${retryLoop('fn()', '5 * attempt')}}\n\nexport const VERSION = 2;\n`,
        'src/index.ts': `export * from './util.js';\n`,
        'src/app.ts': `import { retryAgain, VERSION } from './index.js';\n\nexport const run = () => retryAgain(async () => VERSION);\n`,
      },
      'ssot-star-barrel-',
    );
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('lets the delete phase remove the shim once the imports phase has run', async () => {
    const imports = await runSsot(['migrate', '--phase', 'imports', '--write', '--no-verify'], { cwd: dir });
    expect(imports.code).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'imports phase');
    const remove = await runSsot(['migrate', '--phase', 'delete', '--format', 'json', '--no-verify'], { cwd: dir });
    expect(remove.code).toBe(0);
    const result = JSON.parse(remove.stdout) as JsonRun;
    expect(result.blockers.filter((b) => b.kind === 'still-imported')).toEqual([]);
    const util = result.files.find((f) => f.path === 'src/util.ts');
    expect(util?.diff).toContain('-  retry as retryAgain,');
    expect(util?.diff).not.toContain('-export const VERSION');
  });
});
