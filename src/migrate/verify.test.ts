import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { create, modify, remove } from './apply/test-utils/tree.js';
import { verifyChanges } from './verify.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, types: [] },
  include: ['src'],
});

const RETRY = `export interface RetryOptions {
  attempts: number;
}

export async function retry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  let last: unknown;
  for (let i = 0; i < options.attempts; i++) {
    try {
      return await operation();
    } catch (error) {
      last = error;
    }
  }
  throw last;
}
`;

async function project(extra: Record<string, string> = {}): Promise<string> {
  const dir = await writeTree({
    'tsconfig.json': TSCONFIG,
    'package.json': JSON.stringify({ type: 'module' }),
    'src/retry.ts': RETRY,
    'src/client.ts': "import { retry } from './retry.js';\n\nexport const fetchOnce = () => retry(async () => 42, { attempts: 3 });\n",
    ...extra,
  });
  dirs.push(dir);
  return dir;
}

describe('verifyChanges', () => {
  it('passes a harmless change, and leaves importers alone when the public shape is the same', async () => {
    const dir = await project();
    const result = await verifyChanges({ root: dir, changes: [await modify(dir, 'src/retry.ts', (t) => t.replace(/last/g, 'lastError'))] });
    expect(result).toMatchObject({ ok: true, newDiagnostics: [], brokenImports: [], configs: ['tsconfig.json'] });
    // Renaming a local changes no declaration, so src/client.ts cannot be affected.
    expect(result.checkedFiles).toEqual(['src/retry.ts']);
    const signature = await verifyChanges({ root: dir, changes: [await modify(dir, 'src/retry.ts', (t) => t.replace('attempts: number;', 'attempts: number;\n  label?: string;'))] });
    expect(signature).toMatchObject({ ok: true, checkedFiles: ['src/client.ts', 'src/retry.ts'] });
  });

  it('reports a type error the change adds in an importer, with file and line', async () => {
    const dir = await project();
    const change = await modify(dir, 'src/retry.ts', (t) => t.replace('attempts: number;', 'maxAttempts: number;').replace(/options\.attempts/, 'options.maxAttempts'));
    const result = await verifyChanges({ root: dir, changes: [change] });
    expect(result.ok).toBe(false);
    expect(result.newDiagnostics).toHaveLength(1);
    expect(result.newDiagnostics[0]).toMatchObject({ file: 'src/client.ts', line: 3, code: 2353, category: 'error' });
    expect(result.newDiagnostics[0]!.message).toContain("'attempts' does not exist in type 'RetryOptions'");
  });

  it('ignores errors that were already there, even when the change moves their lines', async () => {
    const dir = await project({ 'src/broken.ts': "import { retry } from './retry.js';\n\nexport const n: number = 'not a number';\nexport { retry };\n" });
    const change = await modify(dir, 'src/retry.ts', (t) => `// a header comment\n// that moves every line down\n${t}`);
    const moved = await modify(dir, 'src/broken.ts', (t) => `\n\n\n${t}`);
    const result = await verifyChanges({ root: dir, changes: [change, moved] });
    expect(result).toMatchObject({ ok: true, newDiagnostics: [] });
  });

  it('reports an import left pointing at a deleted file, and not the same problem twice', async () => {
    const dir = await project();
    const result = await verifyChanges({ root: dir, changes: [await remove(dir, 'src/retry.ts')] });
    expect(result.ok).toBe(false);
    expect(result.brokenImports).toEqual([{ file: 'src/client.ts', line: 1, specifier: './retry.js', before: 'src/retry.ts' }]);
    expect(result.newDiagnostics).toEqual([]);
  });

  it('accepts a deletion once every importer moved to another module', async () => {
    const dir = await project({ 'src/core/retry.ts': RETRY });
    const result = await verifyChanges({
      root: dir,
      changes: [await remove(dir, 'src/retry.ts'), await modify(dir, 'src/client.ts', (t) => t.replace("'./retry.js'", "'./core/retry.js'"))],
    });
    expect(result).toMatchObject({ ok: true, brokenImports: [], newDiagnostics: [] });
  });

  it('finds importers through path aliases and extended configs', async () => {
    const dir = await project({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', paths: { '@lib/*': ['./src/lib/*'] }, types: [] } }),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', include: ['src'] }),
      'src/lib/double.ts': 'export const double = (n: number) => n * 2;\n',
      'src/uses-alias.ts': "import { double } from '@lib/double';\n\nexport const four = () => double(2);\n",
    });
    const change = await modify(dir, 'src/lib/double.ts', (t) => t.replace('(n: number) => n * 2', '(n: string) => n.repeat(2)'));
    const result = await verifyChanges({ root: dir, changes: [change] });
    expect(result.newDiagnostics).toMatchObject([{ file: 'src/uses-alias.ts', line: 3, code: 2345 }]);
  });

  it('follows barrels: a consumer of a re-export is checked too', async () => {
    const dir = await project({
      'src/index.ts': "export * from './retry.js';\n",
      'src/consumer.ts': "import { retry } from './index.js';\n\nexport const go = () => retry(async () => 1, { attempts: 1 });\n",
    });
    const change = await modify(dir, 'src/retry.ts', (t) => t.replace('attempts: number;', 'tries: number;').replace(/options\.attempts/, 'options.tries'));
    const result = await verifyChanges({ root: dir, changes: [change] });
    expect(result.checkedFiles).toEqual(['src/client.ts', 'src/consumer.ts', 'src/index.ts', 'src/retry.ts']);
    expect(result.newDiagnostics.map((d) => d.file).sort()).toEqual(['src/client.ts', 'src/consumer.ts']);
  });

  it('checks created files, and JavaScript importers the checker does not cover', async () => {
    const dir = await project({ 'scripts/run.js': "const { retry } = require('../src/retry.js');\nmodule.exports = retry;\n" });
    const created = await verifyChanges({ root: dir, changes: [create('src/shim.ts', "export const value: number = 'text';\n")] });
    expect(created.newDiagnostics).toMatchObject([{ file: 'src/shim.ts', line: 1, code: 2322 }]);
    const deleted = await verifyChanges({ root: dir, changes: [await remove(dir, 'src/retry.ts')] });
    expect(deleted.brokenImports.map((b) => `${b.file}:${b.line} ${b.specifier}`).sort()).toEqual([
      'scripts/run.js:1 ../src/retry.js',
      'src/client.ts:1 ./retry.js',
    ]);
  });

  it('trusts the graph for the files it covers, and reads the others (tests left out of the scan)', async () => {
    const dir = await project({ 'test/retry.test.ts': "import { retry } from '../src/retry.js';\n\nexport const t = retry;\n" });
    // A graph that covers src/ and (wrongly) says nobody imports src/retry.ts.
    const graph = { files: ['src/retry.ts', 'src/client.ts'], imports: [], exportOrigins: {} };
    const result = await verifyChanges({ root: dir, changes: [await remove(dir, 'src/retry.ts')], graph });
    expect(result.checkedFiles).toEqual(['src/retry.ts', 'test/retry.test.ts']);
    expect(result.brokenImports).toEqual([{ file: 'test/retry.test.ts', line: 1, specifier: '../src/retry.js', before: 'src/retry.ts' }]);
  });

  it('with the graph, checks only the consumers of a barrel that use a name from the changed file', async () => {
    const files = {
      'src/other.ts': 'export const other = (n: number) => n;\n',
      'src/index.ts': "export * from './retry.js';\nexport * from './other.js';\n",
      'src/uses-retry.ts': "import { retry } from './index.js';\n\nexport const go = () => retry(async () => 1, { attempts: 1 });\n",
      'src/uses-other.ts': "import { other } from './index.js';\n\nexport const one = other(1);\n",
    };
    const dir = await project(files);
    const edge = (from: string, resolved: string, imported: string, line = 1) => ({
      from,
      specifier: 'x',
      resolved,
      line,
      kind: 'static' as const,
      typeOnly: false,
      bindings: [{ imported, local: imported }],
    });
    const graph = {
      files: ['src/retry.ts', 'src/client.ts', ...Object.keys(files)],
      imports: [
        edge('src/client.ts', 'src/retry.ts', 'retry'),
        edge('src/index.ts', 'src/retry.ts', '*'),
        edge('src/index.ts', 'src/other.ts', '*', 2),
        edge('src/uses-retry.ts', 'src/index.ts', 'retry'),
        edge('src/uses-other.ts', 'src/index.ts', 'other'),
      ],
      exportOrigins: {
        'src/index.ts': {
          retry: { file: 'src/retry.ts', name: 'retry' },
          RetryOptions: { file: 'src/retry.ts', name: 'RetryOptions' },
          other: { file: 'src/other.ts', name: 'other' },
        },
      },
    };
    const change = await modify(dir, 'src/retry.ts', (t) => t.replace('attempts: number;', 'tries: number;').replace(/options\.attempts/, 'options.tries'));
    const precise = await verifyChanges({ root: dir, changes: [change], graph });
    expect(precise.checkedFiles).toEqual(['src/client.ts', 'src/index.ts', 'src/retry.ts', 'src/uses-retry.ts']);
    expect(precise.newDiagnostics.map((d) => d.file).sort()).toEqual(['src/client.ts', 'src/uses-retry.ts']);
    // From the text alone, a barrel passes on everything; the checkers then tell that `other` still
    // resolves to the same, unchanged declaration, so its consumer is left alone all the same.
    const fromText = await verifyChanges({ root: dir, changes: [change] });
    expect(fromText.checkedFiles).toEqual(['src/client.ts', 'src/index.ts', 'src/retry.ts', 'src/uses-retry.ts']);
    expect(fromText.newDiagnostics.map((d) => d.file).sort()).toEqual(['src/client.ts', 'src/uses-retry.ts']);
  });

  it('matches diagnostics by the head of their message: details that list importers may change', async () => {
    const dir = await project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: 'src', types: [] }, include: ['src'] }),
      'lib/outside.ts': 'export const outside = 1;\n',
      'src/uses-outside.ts': "import { outside } from '../lib/outside.js';\nexport const a = outside;\n",
      'src/also-outside.ts': "import { outside } from '../lib/outside.js';\nexport const b = outside;\n",
    });
    // "Not under rootDir" lists every file that brought lib/outside.ts in: a new importer changes the list.
    const changes = [await modify(dir, 'src/also-outside.ts', (t) => `${t}// touched\n`), create('src/third.ts', "export { outside } from '../lib/outside.js';\n")];
    const result = await verifyChanges({ root: dir, changes });
    expect(result.newDiagnostics.filter((d) => d.code === 6059)).toEqual([]);
  });

  it('follows a diagnostic about another file when it moves to another importer', async () => {
    const dir = await project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: 'src', types: [] }, include: ['src'] }),
      'lib/outside.ts': 'export const outside = 1;\n',
      'src/a.ts': "import { outside } from '../lib/outside.js';\nexport const a = outside;\n",
      'src/b.ts': "import { outside } from '../lib/outside.js';\nexport const b = outside;\n",
    });
    // "Not under rootDir" sits on the first import of lib/outside.ts: a.ts before, b.ts after.
    const changes = [await modify(dir, 'src/a.ts', () => 'export const a = 1;\n'), await modify(dir, 'src/b.ts', (t) => `${t}// touched\n`)];
    const result = await verifyChanges({ root: dir, changes });
    expect(result.newDiagnostics).toEqual([]);
    expect(result.fixedDiagnostics).toBe(0);
  });

  it('follows a diagnostic about another file to and from files that are not checked', async () => {
    const dir = await project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: 'src', types: [] }, include: ['src'] }),
      'lib/outside.ts': 'export const outside = 1;\n',
      'lib/fresh.ts': 'export const fresh = 2;\n',
      'lib/helper.ts': "export { outside } from './outside.js';\n",
      'src/a.ts': "import { outside } from '../lib/helper.js';\nexport const a = outside;\n",
      'src/b.ts': 'export const b = 0;\n',
    });
    // Before, "lib/outside.ts is not under rootDir" sits on lib/helper.ts, which is not checked; after, on src/b.ts.
    const changes = [
      await modify(dir, 'src/a.ts', () => 'export const a = 1;\n'),
      await modify(dir, 'src/b.ts', () => "import { outside } from '../lib/outside.js';\nexport const b = outside;\n"),
    ];
    expect(await verifyChanges({ root: dir, changes })).toMatchObject({ ok: true, newDiagnostics: [] });
    // A file the program did not hold before is new, wherever it is reported.
    const fresh = await modify(dir, 'src/b.ts', () => "import { outside } from '../lib/outside.js';\nimport { fresh } from '../lib/fresh.js';\nexport const b = outside + fresh;\n");
    const result = await verifyChanges({ root: dir, changes: [changes[0]!, fresh] });
    expect(result.newDiagnostics).toMatchObject([{ file: 'src/b.ts', line: 2, code: 6059 }]);
  });

  it('takes a type used as a value, reworded once the import says `type`, for the error it was', async () => {
    const dir = await project({
      // A workspace package whose output is not built: its imports resolve to nothing here.
      'node_modules/unbuilt-pkg/package.json': JSON.stringify({ name: 'unbuilt-pkg', exports: { './*': './dist/*.js' } }),
      'src/config.ts': 'export type Config = { attempts: number };\n',
      'src/uses-config.ts': "import { Config } from './config.js';\n\nexport const defined = typeof Config;\n",
    });
    // "Only refers to a type" before; "imported using 'import type'" after: the same mistake.
    const typed = await modify(dir, 'src/uses-config.ts', (t) => t.replace("{ Config } from './config.js'", "{ type Config } from 'unbuilt-pkg/config'"));
    expect(await verifyChanges({ root: dir, changes: [typed] })).toMatchObject({ ok: true, newDiagnostics: [], fixedDiagnostics: 0 });
    // A second use of the type as a value is new all the same.
    const more = await modify(dir, 'src/uses-config.ts', () => `${typed.after}export const again = Config;\n`);
    const result = await verifyChanges({ root: dir, changes: [more] });
    expect(result.newDiagnostics).toMatchObject([{ file: 'src/uses-config.ts', line: 4, code: 1361 }]);
  });

  it('does not blame the change for packages the environment cannot resolve anyway', async () => {
    const dir = await project({
      // Installed, but its exports point at output that is not built.
      'node_modules/unbuilt-pkg/package.json': JSON.stringify({ name: 'unbuilt-pkg', exports: { './*': './dist/*.js' } }),
      'src/uses-pkg.ts': "import { a } from 'already-missing';\nexport const x = a;\n",
    });
    const change = await modify(dir, 'src/client.ts', (t) => `import { b } from 'unbuilt-pkg/sub';\nimport { c } from 'not-installed-pkg';\nimport { d } from 'already-missing/sub';\n${t}export const y = [b, c, d];\n`);
    const touched = await modify(dir, 'src/uses-pkg.ts', (t) => `${t}// touched\n`);
    const result = await verifyChanges({ root: dir, changes: [change, touched] });
    // A package that is not there at all would have to be installed: that one is reported.
    expect(result.brokenImports).toEqual([{ file: 'src/client.ts', line: 2, specifier: 'not-installed-pkg', before: null }]);
    expect(result.newDiagnostics.map((d) => d.code)).toEqual([]);
  });

  it('picks the referenced project that lists the file in a solution-style config', async () => {
    const dir = await writeTree({
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', types: [] }, include: ['app'] }),
      'app/a.ts': 'export const a = (x: number) => x;\n',
      'app/b.ts': "import { a } from './a.js';\n\nexport const b = a(1);\n",
    });
    dirs.push(dir);
    const result = await verifyChanges({ root: dir, changes: [await modify(dir, 'app/a.ts', (t) => t.replace('x: number', 'x: string'))] });
    expect(result.configs).toEqual(['tsconfig.app.json']);
    expect(result.newDiagnostics).toMatchObject([{ file: 'app/b.ts', code: 2345 }]);
  });

  it('checks files outside any config with lenient defaults', async () => {
    const dir = await writeTree({
      'lib/a.ts': 'export function a(x: number): number {\n  return x;\n}\n',
      'lib/b.ts': "import { a } from './a';\nexport const b = a(1);\n",
    });
    dirs.push(dir);
    const result = await verifyChanges({ root: dir, changes: [await modify(dir, 'lib/a.ts', (t) => t.replace('x: number): number', 'x: string): string'))] });
    expect(result.configs).toEqual(['(defaults)']);
    expect(result.newDiagnostics).toMatchObject([{ file: 'lib/b.ts', line: 2, code: 2345 }]);
  });
});
