import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { isSsotError, type SsotError } from '../shared/errors.js';
import { removeDir, repoRoot, runSsot, writeTree } from '../test-utils/fixtures.js';
import { loadConfig } from './load-config.js';

const dirs: string[] = [];
async function project(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(files, 'ssot-config-');
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function loadError(promise: Promise<unknown>): Promise<SsotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isSsotError(error)) throw new Error(`expected an SsotError, got ${String(error)}`);
  return error;
}

const PKG = JSON.stringify({ name: 'demo' });

describe('loadConfig: discovery', () => {
  const places: Array<[string, string, Record<string, string>?]> = [
    ['package.json', JSON.stringify({ name: 'demo', ssot: { minConfidence: 0.71 } })],
    ['.ssotrc', 'minConfidence: 0.71\n'],
    ['.ssotrc.json', '{ "minConfidence": 0.71 }'],
    ['.ssotrc.yaml', 'minConfidence: 0.71\n'],
    ['.ssotrc.yml', 'minConfidence: 0.71\n'],
    ['.ssotrc.js', 'module.exports = { minConfidence: 0.71 };'],
    ['.ssotrc.mjs', 'export default { minConfidence: 0.71 };'],
    ['.ssotrc.cjs', 'module.exports = { minConfidence: 0.71 };'],
    ['ssot.config.json', '{ "minConfidence": 0.71 }'],
    ['ssot.config.yaml', 'minConfidence: 0.71\n'],
    ['ssot.config.yml', 'minConfidence: 0.71\n'],
    ['ssot.config.js', 'export default { minConfidence: 0.71 };', { 'package.json': JSON.stringify({ name: 'demo', type: 'module' }) }],
    ['ssot.config.mjs', 'export default { minConfidence: 0.71 };'],
    ['ssot.config.cjs', 'module.exports = { minConfidence: 0.71 };'],
    ['ssot.config.ts', 'interface Local { minConfidence: number }\nconst config: Local = { minConfidence: 0.71 };\nexport default config;\n'],
  ];

  it.each(places)('finds %s', async (name, text, extra) => {
    const dir = await project({ 'package.json': PKG, ...extra, [name]: text, 'src/a.ts': '' });
    const config = await loadConfig({ cwd: dir });
    expect(config.configFile).toBe(join(dir, name));
    expect(config.minConfidence).toBe(0.71);
    expect(config.root).toBe(dir);
  });

  it('prefers places in the documented order (package.json#ssot before ssot.config.json)', async () => {
    const dir = await project({
      'package.json': JSON.stringify({ name: 'demo', ssot: { minConfidence: 0.2 } }),
      'ssot.config.json': '{ "minConfidence": 0.9 }',
    });
    expect((await loadConfig({ cwd: dir })).minConfidence).toBe(0.2);
  });

  it('skips a package.json without an "ssot" key', async () => {
    const dir = await project({ 'package.json': PKG, 'ssot.config.json': '{ "minConfidence": 0.9 }' });
    expect((await loadConfig({ cwd: dir })).configFile).toBe(join(dir, 'ssot.config.json'));
  });

  it('searches from the scan path upward to the project root, and scans the path', async () => {
    const dir = await project({ 'package.json': PKG, 'ssot.config.json': '{ "minConfidence": 0.3 }', 'src/core/a.ts': '' });
    const config = await loadConfig({ cwd: dir, path: 'src/core' });
    expect(config.configFile).toBe(join(dir, 'ssot.config.json'));
    expect(config.root).toBe(join(dir, 'src/core'));
  });

  it('does not look above the project root (package.json or .git)', async () => {
    const dir = await project({
      'ssot.config.json': '{ "minConfidence": 0.3 }',
      'app/package.json': PKG,
      'app/src/a.ts': '',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/lib/a.ts': '',
    });
    expect((await loadConfig({ cwd: join(dir, 'app') })).configFile).toBeNull();
    expect((await loadConfig({ cwd: dir, path: 'repo/lib' })).configFile).toBeNull();
  });

  it('uses --config instead of searching, resolving paths against its folder', async () => {
    const dir = await project({
      'package.json': PKG,
      'ssot.config.json': '{ "minConfidence": 0.9 }',
      'configs/custom.yaml': 'minConfidence: 0.4\nbaseline: baselines/ssot.json\n',
    });
    const config = await loadConfig({ cwd: dir, configFile: 'configs/custom.yaml' });
    expect(config.configFile).toBe(join(dir, 'configs/custom.yaml'));
    expect(config.minConfidence).toBe(0.4);
    expect(config.baseline).toBe(join(dir, 'configs/baselines/ssot.json'));
  });

  it('uses no file with --no-config', async () => {
    const dir = await project({ 'package.json': PKG, 'ssot.config.json': '{ "minConfidence": 0.9 }' });
    const config = await loadConfig({ cwd: dir, configFile: false });
    expect(config.configFile).toBeNull();
    expect(config.minConfidence).toBe(0.5);
  });

  it('treats an empty config file as no settings', async () => {
    const dir = await project({ 'package.json': PKG, 'ssot.config.yaml': '' });
    const config = await loadConfig({ cwd: dir, configFile: 'ssot.config.yaml' });
    expect(config.configFile).toBe(join(dir, 'ssot.config.yaml'));
    expect(config.minConfidence).toBe(0.5);
  });
});

describe('loadConfig: errors', () => {
  it('fails clearly when --config names a missing file', async () => {
    const dir = await project({ 'package.json': PKG });
    const error = await loadError(loadConfig({ cwd: dir, configFile: 'nope.json' }));
    expect(error.code).toBe('config');
    expect(error.message).toBe('config file not found: nope.json');
  });

  it('fails clearly when --config names a folder', async () => {
    const dir = await project({ 'package.json': PKG, 'configs/ssot.config.json': '{}' });
    const error = await loadError(loadConfig({ cwd: dir, configFile: 'configs' }));
    expect(error.code).toBe('config');
    expect(error.message).toBe('config file is a folder: configs');
  });

  it('fails clearly when the scan path does not exist or is a file', async () => {
    const dir = await project({ 'package.json': PKG, 'a.ts': '' });
    expect((await loadError(loadConfig({ cwd: dir, path: 'missing' }))).message).toBe('path not found: missing');
    expect((await loadError(loadConfig({ cwd: dir, path: 'a.ts' }))).message).toBe('not a folder: a.ts');
  });

  it.each([
    ['ssot.config.json', '{\n  "minConfidence": 0.5,\n}', /property name/i, 3],
    ['ssot.config.yaml', 'exclude:\n  - a\n - b\n', /bad indentation/i, 3],
    ['ssot.config.mjs', 'const a = 1;\nthrow new Error("config exploded");', /config exploded/, 2],
    ['ssot.config.cjs', 'module.exports = {', /'}' expected/i, 1],
    ['ssot.config.mjs', 'const a = 1;\nexport default { minConfidence: 0.5 \n', /'}' expected/i, 3],
    ['ssot.config.js', 'const a = 1;\n\nmodule.exports = { minConfidence: 0.5 ;\n', /',' expected/i, 3],
  ])('reports an unparsable %s with the file', async (name, text, pattern, line) => {
    const dir = await project({ 'package.json': PKG, [name]: text });
    const error = await loadError(loadConfig({ cwd: dir }));
    expect(error.code).toBe('config');
    expect(error.message).toBe(`cannot load config ${name}`);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toBe(line ? `${name}:${line}` : name);
    expect(error.issues[0]!.message).toMatch(pattern);
    expect(error.issues[0]!.message).not.toContain('\n');
    expect(error.issues[0]!.message).not.toContain(dir);
    expect(error.issues[0]!.message).not.toMatch(/require\(\)|node_modules/);
  });

  it('reports a TypeScript syntax error with its line', async () => {
    const dir = await project({ 'package.json': PKG, 'ssot.config.ts': 'const a = 1;\n\nexport default { minConfidence: 0.5 ;\n' });
    const error = await loadError(loadConfig({ cwd: dir }));
    expect(error.issues[0]!.path).toBe('ssot.config.ts:3');
    expect(error.issues[0]!.message).toMatch(/expected/);
  });

  it('asks for a default export in ssot.config.ts and leaves no compiled file behind', async () => {
    const dir = await project({ 'package.json': PKG, 'ssot.config.ts': 'export const config = { minConfidence: 0.5 };\n' });
    const error = await loadError(loadConfig({ cwd: dir }));
    expect(error.issues[0]!.message).toMatch(/default export/);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual(['package.json', 'ssot.config.ts']);
  });

  it('lists every validation issue with the file, the line and the dotted path', async () => {
    const dir = await project({
      'package.json': PKG,
      'ssot.config.json': JSON.stringify({ minConfidence: 2, canonical: { retry: 'retry.ts' }, inclde: [] }),
    });
    const error = await loadError(loadConfig({ cwd: dir }));
    expect(error.code).toBe('config');
    expect(error.message).toBe('invalid config ssot.config.json');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'ssot.config.json:1: minConfidence',
      'ssot.config.json:1: canonical.retry',
      'ssot.config.json:1: inclde',
    ]);
  });

  it('prefixes paths with the "ssot" key for a config in package.json', async () => {
    const dir = await project({ 'package.json': JSON.stringify({ name: 'demo', ssot: { scope: 'all', include: 'src' } }) });
    const error = await loadError(loadConfig({ cwd: dir }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['package.json:1: ssot.scope', 'package.json:1: ssot.include']);
  });
});

describe('loadConfig: ssot.config.ts', () => {
  it('supports defineConfig imported from the installed package', async () => {
    const dir = await project({
      'package.json': PKG,
      'ssot.config.ts': [
        "import { defineConfig, type SsotConfig } from 'ssot';",
        "const canonical: SsotConfig['canonical'] = { retry: 'src/retry.ts#retry' };",
        'export default defineConfig({ canonical, minConfidence: 0.66 } satisfies SsotConfig);',
        '',
      ].join('\n'),
    });
    await mkdir(join(dir, 'node_modules'));
    await symlink(repoRoot, join(dir, 'node_modules', 'ssot'), 'dir');
    const config = await loadConfig({ cwd: dir });
    expect(config.minConfidence).toBe(0.66);
    expect(config.canonical).toEqual({ retry: 'src/retry.ts#retry' });
  });

  it('loads without the typescript package anywhere', async () => {
    const dir = await project({
      'package.json': PKG,
      'ssot.config.ts': 'type Level = number;\nconst level: Level = 0.42;\nexport default { minConfidence: level, exclude: <string[]>["gen/**"] };\n',
    });
    // Make `typescript` unresolvable in the child process, as on a machine that never installed it.
    await writeFile(
      join(dir, 'no-typescript.cjs'),
      "const Module = require('node:module');\nconst original = Module._resolveFilename;\n" +
        "Module._resolveFilename = function (request, ...rest) {\n  if (request === 'typescript') { const e = new Error(\"Cannot find module 'typescript'\"); e.code = 'MODULE_NOT_FOUND'; throw e; }\n  return original.call(this, request, ...rest);\n};\n",
    );
    const script = `import(${JSON.stringify(join(repoRoot, 'dist/src/config/load-config.js'))}).then(async (m) => {
      const config = await m.loadConfig({ cwd: process.cwd() });
      console.log(JSON.stringify({ minConfidence: config.minConfidence, exclude: config.exclude.at(-1), typescript: (() => { try { require.resolve('typescript'); return 'found'; } catch { return 'missing'; } })() }));
    });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', './no-typescript.cjs', '-e', script], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ minConfidence: 0.42, exclude: 'gen/**', typescript: 'missing' });
  });
});

describe('loadConfig: files as editors and other tools leave them', () => {
  const BOM = '\uFEFF';

  it.each([
    ['ssot.config.json', `${BOM}{ "minConfidence": 0.71 }`],
    ['.ssotrc', `${BOM}{ "minConfidence": 0.71 }`],
    ['.ssotrc.yaml', `${BOM}minConfidence: 0.71\n`],
    ['package.json', `${BOM}{ "name": "demo", "ssot": { "minConfidence": 0.71 } }`],
  ])('reads %s written with a byte-order mark', async (name, text) => {
    const dir = await project({ ...(name === 'package.json' ? {} : { 'package.json': PKG }), [name]: text });
    const config = await loadConfig({ cwd: dir });
    expect(config.minConfidence).toBe(0.71);
    expect(config.configFile).toBe(join(dir, name));
  });

  it('passes over a broken package.json that holds no ssot settings, in the scanned folder or the working folder', async () => {
    const dir = await project({ 'package.json': '{ "name": "demo", }\n', 'app/.ssotrc.json': '{ "minConfidence": 0.71 }', 'other/a.ts': '' });
    expect((await loadConfig({ cwd: dir })).configFile).toBeNull();
    expect((await loadConfig({ cwd: dir, path: 'app' })).minConfidence).toBe(0.71);
    expect((await loadConfig({ cwd: join(dir, 'app') })).minConfidence).toBe(0.71);
  });

  it('reports a broken package.json that holds the ssot settings as a config error with its line', async () => {
    const dir = await project({ 'package.json': '{\n  "name": "demo",\n  "ssot": { "minConfidence": 0.7, }\n}\n' });
    const error = await loadError(loadConfig({ cwd: dir }));
    expect(error.code).toBe('config');
    expect(error.message).toBe('cannot load config package.json');
  });

  it('a broken package.json in the working folder does not stop a scan of another folder', async () => {
    const dir = await project({ 'package.json': '{ "name": "demo", \n', 'sub/package.json': PKG, 'sub/a.ts': 'export const a = 1;\n' });
    const run = await runSsot(['scan', 'sub', '--no-cache'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 file scanned');
  });
});

describe('loadConfig: settings that would silently scan less', () => {
  it('an empty include is an error at its line', async () => {
    const dir = await project({ 'package.json': PKG, 'ssot.config.json': '{\n  "minConfidence": 0.6,\n  "include": []\n}\n' });
    const error = await loadError(loadConfig({ cwd: dir }));
    expect(error.code).toBe('config');
    expect(error.issues).toEqual([{ path: 'ssot.config.json:3: include', message: 'expected a non-empty array of globs, got [] (leave the key out for the default)' }]);
  });

  it('a tsconfig that does not exist is an error at its line (a single path or one of a list)', async () => {
    const dir = await project({ 'package.json': PKG, 'tsconfig.json': '{}', 'ssot.config.json': '{\n  "tsconfig": "tsconfig.build.json"\n}\n' });
    const single = await loadError(loadConfig({ cwd: dir }));
    expect(single.code).toBe('config');
    expect(single.issues).toEqual([{ path: 'ssot.config.json:2: tsconfig', message: 'no such file: tsconfig.build.json' }]);
    await writeFile(join(dir, 'ssot.config.json'), '{\n  "tsconfig": [\n    "tsconfig.json",\n    "apps/tsconfig.json"\n  ]\n}\n');
    const listed = await loadError(loadConfig({ cwd: dir }));
    expect(listed.issues).toEqual([{ path: 'ssot.config.json:4: tsconfig[1]', message: `no such file: ${join('apps', 'tsconfig.json')}` }]);
    await writeFile(join(dir, 'ssot.config.json'), '{ "tsconfig": ["tsconfig.json"] }');
    expect((await loadConfig({ cwd: dir })).tsconfig).toEqual([join(dir, 'tsconfig.json')]);
  });
});
