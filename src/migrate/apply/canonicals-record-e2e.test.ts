/**
 * `ssot migrate --write` records the canonical it used in `.ssot/canonicals.json`, so a later plan keeps
 * it after the code moved on and the scanner now suggests another member (nothing was shimmed or
 * deleted that still names it); `--undo` restores the tree byte-exact, the record removed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { retryLoopBody } from '../../test-utils/retry-source.js';
import { projectTree } from './test-utils/fixture-repo.js';

const retry = (name: string, delay: string) => `/** Retries fn. */\nexport async function ${name}(fn, attempts = 3) {${retryLoopBody({ delay })}}\n`;
const user = (name: string, from: string, value: number) => `import { ${name} } from './${from}.js';\n\nexport const use${value} = () => ${name}(async () => ${value});\n`;

interface ScanJson {
  clusters: Array<{ id: string; canonical: string | null }>;
}
interface PlanJson {
  clusters: Array<{ id: string; canonical: { ref: string; source: string; reason: string } | null }>;
}

describe('the canonical a written phase used', () => {
  let dir: string;
  let beforeWrite: Record<string, string>;
  beforeAll(async () => {
    // Two near-equal implementations and no config: the scanner suggests retryAlpha (more importers).
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'canonicals-record', type: 'module' }),
        'src/alpha.js': retry('retryAlpha', '10 * attempt'),
        'src/beta.js': retry('retryBeta', '20 * attempt'),
        'src/use-alpha-1.js': user('retryAlpha', 'alpha', 1),
        'src/use-alpha-2.js': user('retryAlpha', 'alpha', 2),
        'src/use-beta.js': user('retryBeta', 'beta', 3),
      },
      'ssot-canonicals-record-',
    );
    gitInit(dir);
    beforeWrite = await projectTree(dir);
  });
  afterAll(async () => removeDir(dir));

  it('is recorded by the write, then kept when the suggestion flips, and undo removes the record', async () => {
    const write = await runSsot(['migrate', '--phase', '2', '--write', '--no-verify'], { cwd: dir });
    expect(write.code).toBe(0);
    const record = JSON.parse(readFileSync(join(dir, '.ssot', 'canonicals.json'), 'utf8')) as { clusters: Record<string, { ref: string; source: string }> };
    expect(record.clusters.retry).toEqual({ ref: 'src/alpha.js#retryAlpha', source: 'suggested' });

    // The code moves on: the shim and its importer go, and a third implementation that two members
    // re-export arrives, so the scanner now suggests it.
    const written = Object.fromEntries(['src/beta.js', 'src/use-beta.js'].map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
    await rm(join(dir, 'src', 'beta.js'));
    await rm(join(dir, 'src', 'use-beta.js'));
    const added = ['src/gamma.js', 'src/via-1.js', 'src/via-2.js', 'src/use-via-1.js', 'src/use-via-2.js'];
    await writeFile(join(dir, 'src/gamma.js'), retry('retryGamma', '30 * attempt'));
    for (const i of [1, 2]) {
      await writeFile(join(dir, `src/via-${i}.js`), `export { retryGamma as retryVia${i} } from './gamma.js';\n`);
      await writeFile(join(dir, `src/use-via-${i}.js`), user(`retryVia${i}`, `via-${i}`, i));
    }
    const scan = JSON.parse((await runSsot(['scan', '--format', 'json'], { cwd: dir })).stdout) as ScanJson;
    expect(scan.clusters.find((c) => c.id === 'retry')?.canonical).toBe('src/gamma.js#retryGamma');

    const plan = JSON.parse((await runSsot(['plan', '--format', 'json'], { cwd: dir })).stdout) as PlanJson;
    const canonical = plan.clusters.find((c) => c.id === 'retry')?.canonical;
    expect(canonical?.ref).toBe('src/alpha.js#retryAlpha');
    expect(canonical?.source).toBe('recorded');
    expect(canonical?.reason).toContain('recorded by an earlier `ssot migrate --write`');
    const text = await runSsot(['plan'], { cwd: dir });
    expect(text.stdout).toContain('retry  canonical src/alpha.js#retryAlpha (recorded by an earlier `ssot migrate --write`');
    expect(text.stdout).toContain('superseded src/gamma.js#retryGamma');

    // Back to the tree the write saw, then undo: byte-exact, the record gone.
    for (const path of added) await rm(join(dir, path));
    for (const [path, text] of Object.entries(written)) await writeFile(join(dir, path), text);
    const undo = await runSsot(['migrate', '--undo'], { cwd: dir });
    expect(undo.code).toBe(0);
    expect(existsSync(join(dir, '.ssot', 'canonicals.json'))).toBe(false);
    expect(await projectTree(dir)).toEqual(beforeWrite);
  });
});

describe('a written phase with nothing else to change', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'canonicals-only', type: 'module' }),
        'src/alpha.js': retry('retryAlpha', '10 * attempt'),
        'src/beta.js': retry('retryBeta', '20 * attempt'),
        'src/use-alpha.js': user('retryAlpha', 'alpha', 1),
      },
      'ssot-canonicals-only-',
    );
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('still records the canonicals it settled, reported as a record and not as a file created; undo takes it back', async () => {
    const before = await projectTree(dir);
    // The config phase has no config type to move, but its plan settles the retry canonical.
    const write = await runSsot(['migrate', '--phase', '1', '--write'], { cwd: dir });
    expect(write.code).toBe(0);
    expect(write.stdout).toMatch(/files created +0\n/);
    expect(write.stdout).toMatch(/ssot record +\.ssot\/canonicals\.json \(created\)\n/);
    expect(write.stdout).toContain('verification  skipped');
    const record = JSON.parse(readFileSync(join(dir, '.ssot', 'canonicals.json'), 'utf8')) as { clusters: Record<string, { ref: string }> };
    expect(record.clusters.retry?.ref).toBe('src/alpha.js#retryAlpha');

    const again = await runSsot(['migrate', '--phase', '1', '--write'], { cwd: dir });
    expect(again.stdout).toContain('nothing to change');

    expect((await runSsot(['migrate', '--undo'], { cwd: dir })).code).toBe(0);
    expect(await projectTree(dir)).toEqual(before);
  });

  it('refuses a damaged record with its location and exit 2, in plan and migrate alike', async () => {
    await writeFile(join(dir, '.ssot', 'canonicals.json'), '{\n  "version": 1,\n  "clusters": { "retry": { "ref": "src/beta.js#retryBeta" } }\n}\n');
    for (const args of [['plan'], ['migrate', '--phase', '2']]) {
      const run = await runSsot(args, { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('.ssot/canonicals.json is damaged');
      expect(run.stderr).toContain('.ssot/canonicals.json:3');
      expect(run.stderr).toContain('clusters.retry.source must be "config" or "suggested"');
    }
    await rm(join(dir, '.ssot', 'canonicals.json'));
  });
});
