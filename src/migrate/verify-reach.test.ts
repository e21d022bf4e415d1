import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { modify } from './apply/test-utils/tree.js';
import { verifyChanges } from './verify.js';

// How far verification looks: importers are checked only when what they import may mean something
// else, yet every new diagnostic is found, however many files away it appears.

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await writeTree({
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, types: [] },
      include: ['src'],
    }),
    'package.json': JSON.stringify({ type: 'module' }),
    'src/retry.ts': 'export async function retry<T>(operation: () => Promise<T>): Promise<T> {\n  return operation();\n}\n',
    'src/other.ts': 'export const other = (n: number): number => n;\n',
    ...files,
  });
  dirs.push(dir);
  return dir;
}

const toString = (text: string) => text.replace('Promise<T> {\n  return operation();', 'Promise<string> {\n  return String(await operation());');

describe('verifyChanges: how far a change reaches', () => {
  it('refuses a new error two hops away, through an importer whose inferred type changes', async () => {
    const dir = await project({
      'src/client.ts': "import { retry } from './retry.js';\n\nexport const fetchOnce = () => retry(async () => 42);\n",
      'src/app.ts': "import { fetchOnce } from './client.js';\n\nexport const doubled = async () => (await fetchOnce()) * 2;\n",
      'src/unrelated.ts': "import { other } from './other.js';\n\nexport const one = other(1);\n",
    });
    const result = await verifyChanges({ root: dir, changes: [await modify(dir, 'src/retry.ts', toString)] });
    expect(result.ok).toBe(false);
    expect(result.newDiagnostics).toMatchObject([{ file: 'src/app.ts', line: 3, code: 2362 }]);
    expect(result.checkedFiles).toEqual(['src/app.ts', 'src/client.ts', 'src/retry.ts']);
  });

  it('stops where an importer declares its types: nothing past it can see the change', async () => {
    const dir = await project({
      'src/client.ts': "import { retry } from './retry.js';\n\nexport const fetchOnce = (): Promise<unknown> => retry(async () => 42);\n",
      'src/app.ts': "import { fetchOnce } from './client.js';\n\nexport const run = () => fetchOnce();\n",
    });
    const result = await verifyChanges({ root: dir, changes: [await modify(dir, 'src/retry.ts', toString)] });
    expect(result).toMatchObject({ ok: true, checkedFiles: ['src/client.ts', 'src/retry.ts'] });
  });

  it('refuses a new error in an importer two barrels away', async () => {
    const dir = await project({
      'src/index.ts': "export * from './retry.js';\nexport * from './other.js';\n",
      'src/public.ts': "export * from './index.js';\n",
      'src/app.ts': "import { retry } from './public.js';\n\nexport const n: Promise<number> = retry(async () => 1);\n",
      'src/uses-other.ts': "import { other } from './public.js';\n\nexport const one = other(1);\n",
    });
    const result = await verifyChanges({ root: dir, changes: [await modify(dir, 'src/retry.ts', toString)] });
    expect(result.newDiagnostics).toMatchObject([{ file: 'src/app.ts', line: 3, code: 2322 }]);
    // The consumer of `other` imports the same declaration before and after: not checked.
    expect(result.checkedFiles).toEqual(['src/app.ts', 'src/index.ts', 'src/public.ts', 'src/retry.ts']);
  });

  it('checks the consumers of a rewritten barrel only for the names it now takes elsewhere', async () => {
    const dir = await project({
      'src/retry-v2.ts': 'export async function retryV2<T>(operation: () => Promise<T>, attempts: number): Promise<T> {\n  return attempts > 0 ? operation() : Promise.reject(new Error());\n}\n',
      'src/index.ts': "export * from './retry.js';\nexport * from './other.js';\n",
      'src/uses-retry.ts': "import { retry } from './index.js';\n\nexport const go = () => retry(async () => 1);\n",
      'src/uses-other.ts': "import { other } from './index.js';\n\nexport const one = other(1);\n",
    });
    const change = await modify(dir, 'src/index.ts', (t) => t.replace("export * from './retry.js';", "export { retryV2 as retry } from './retry-v2.js';"));
    const result = await verifyChanges({ root: dir, changes: [change] });
    expect(result.newDiagnostics).toMatchObject([{ file: 'src/uses-retry.ts', line: 3, code: 2554 }]);
    expect(result.checkedFiles).toEqual(['src/index.ts', 'src/uses-retry.ts']);
  });

  it('refuses a value that a rewritten barrel now passes on as a type only', async () => {
    const dir = await project({
      'src/index.ts': "export { retry } from './retry.js';\n",
      'src/app.ts': "import { retry } from './index.js';\n\nexport const go = () => retry(async () => 1);\n",
    });
    // Same declaration behind the name, but no longer a value.
    const result = await verifyChanges({ root: dir, changes: [await modify(dir, 'src/index.ts', (t) => t.replace('export {', 'export type {'))] });
    expect(result.ok).toBe(false);
    expect(result.newDiagnostics).toMatchObject([{ file: 'src/app.ts', line: 3, code: 1362 }]);
  });
});
