import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { modify } from './apply/test-utils/tree.js';

// Worker threads load compiled JavaScript only, so this runs the built module (`npm test` builds first).
const BUILT = new URL('../../dist/src/migrate/verify.js', import.meta.url);

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const config = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', types: [], ...extra }, include: ['src'] });

describe('verifyChanges on worker threads', () => {
  // Generous timeout: each thread loads the compiler and its default libraries first.
  it('finds the same new diagnostics in every project, a project per thread, as in one thread', { timeout: 240_000 }, async () => {
    expect(existsSync(fileURLToPath(BUILT)), 'run `npm run build` first').toBe(true);
    const { verifyChanges } = (await import(BUILT.href)) as typeof import('./verify.js');
    const dir = await writeTree({
      'package.json': JSON.stringify({ type: 'module' }),
      'core/tsconfig.json': config(),
      'core/src/retry.ts': 'export function retry(attempts: number): number {\n  return attempts;\n}\n',
      'core/src/local.ts': "import { retry } from './retry.js';\n\nexport const three = retry(3);\n",
      'app/tsconfig.json': config(),
      'app/src/uses.ts': "import { retry } from '../../core/src/retry.js';\n\nexport const once = retry(1);\n",
      'app/src/through.ts': "import { three } from '../../core/src/local.js';\n\nexport const six: number = three * 2;\n",
    });
    dirs.push(dir);
    const change = await modify(dir, 'core/src/retry.ts', (t) => t.replace('attempts: number): number', 'attempts: string): string'));
    const threaded = await verifyChanges({ root: dir, changes: [change], threads: 2 });
    expect(threaded.ok).toBe(false);
    expect(threaded.configs).toEqual(['app/tsconfig.json', 'core/tsconfig.json']);
    // In the changed project, in the other one, and two hops away behind an inferred type.
    expect(threaded.newDiagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      'app/src/through.ts:3 2362',
      'app/src/uses.ts:3 2345',
      'core/src/local.ts:3 2345',
    ]);
    const inline = await verifyChanges({ root: dir, changes: [change], threads: 1 });
    expect(threaded).toEqual(inline);
  });
});
