import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../../config/defaults.js';
import { removeDir, writeTree } from '../../test-utils/fixtures.js';
import { discoverFiles } from '../discover.js';
import { createResolver } from './create-resolver.js';
import { joinRelative } from './resolver.js';
import { parseJsonc } from './jsonc.js';
import { exportsTargets, sourceCandidates } from './package-entry.js';
import { parsePnpmWorkspace } from './workspaces.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function setup(files: Record<string, string>, configure: (c: ReturnType<typeof resolvedDefaults>) => void = () => {}) {
  const root = await writeTree(files);
  dirs.push(root);
  const config = resolvedDefaults(root);
  configure(config);
  const { files: found } = await discoverFiles(config);
  const { resolver, workspaces } = await createResolver(config, found);
  return { root, resolver, workspaces, resolve: (from: string, spec: string) => resolver.resolve(from, spec) };
}

describe('relative specifiers', () => {
  it('probes extensions the way TypeScript does', async () => {
    const { resolve } = await setup({
      'src/a.ts': '',
      'src/b.ts': '',
      'src/c.tsx': '',
      'src/d.tsx': '',
      'src/e.mts': '',
      'src/f.cts': '',
      'src/plain.js': '',
      'src/dir/index.ts': '',
      'src/pkgdir/package.json': JSON.stringify({ main: './lib/main.js' }),
      'src/pkgdir/lib/main.ts': '',
      'src/built/package.json': JSON.stringify({ main: 'dist/index.js' }),
      'src/built/src/index.ts': '',
      'lib/up.ts': '',
    });
    expect(resolve('src/a.ts', './b.js')).toEqual({ resolved: 'src/b.ts' });
    expect(resolve('src/a.ts', './c')).toEqual({ resolved: 'src/c.tsx' });
    expect(resolve('src/a.ts', './d.jsx')).toEqual({ resolved: 'src/d.tsx' });
    expect(resolve('src/a.ts', './e.mjs')).toEqual({ resolved: 'src/e.mts' });
    expect(resolve('src/a.ts', './f.cjs')).toEqual({ resolved: 'src/f.cts' });
    expect(resolve('src/a.ts', './plain.js')).toEqual({ resolved: 'src/plain.js' });
    expect(resolve('src/a.ts', './dir')).toEqual({ resolved: 'src/dir/index.ts' });
    expect(resolve('src/a.ts', './dir/')).toEqual({ resolved: 'src/dir/index.ts' });
    expect(resolve('src/a.ts', './pkgdir')).toEqual({ resolved: 'src/pkgdir/lib/main.ts' });
    expect(resolve('src/a.ts', './built')).toEqual({ resolved: 'src/built/src/index.ts' });
    expect(resolve('src/a.ts', '../lib/up')).toEqual({ resolved: 'lib/up.ts' });
    expect(resolve('src/a.ts', './missing')).toEqual({ resolved: null });
    expect(resolve('src/a.ts', './styles.css')).toEqual({ resolved: null });
    expect(resolve('src/a.ts', '../../outside')).toEqual({ resolved: null });
  });
});

describe('tsconfig paths', () => {
  it('follows extends chains with comments and trailing commas; the nearest config wins', async () => {
    const { resolve } = await setup({
      'tsconfig.base.json': `{\n  // shared\n  "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["src/*"], "@core": ["src/core/index.ts"], }, },\n}`,
      'tsconfig.json': `{ "extends": "./tsconfig.base", /* root */ }`,
      'src/core/index.ts': '',
      'src/core/retry.ts': '',
      'src/feature/use.ts': '',
      'src/utils/x.ts': '',
      'legacy/tsconfig.json': `{ "compilerOptions": { "paths": { "@legacy/*": ["./old/*"] } } }`,
      'legacy/old/breaker.ts': '',
      'legacy/consumer.ts': '',
    });
    expect(resolve('src/feature/use.ts', '@app/core/retry')).toEqual({ resolved: 'src/core/retry.ts' });
    expect(resolve('src/feature/use.ts', '@app/core/retry.js')).toEqual({ resolved: 'src/core/retry.ts' });
    expect(resolve('src/feature/use.ts', '@core')).toEqual({ resolved: 'src/core/index.ts' });
    // baseUrl alone resolves bare specifiers too
    expect(resolve('src/feature/use.ts', 'src/utils/x')).toEqual({ resolved: 'src/utils/x.ts' });
    expect(resolve('legacy/consumer.ts', '@legacy/breaker')).toEqual({ resolved: 'legacy/old/breaker.ts' });
    // the legacy folder's own tsconfig does not extend the root one
    expect(resolve('legacy/consumer.ts', '@app/core/retry')).toEqual({ resolved: null, external: '@app/core' });
  });

  it('extends a config from an installed package, and reads jsconfig.json where there is no tsconfig', async () => {
    const { resolve } = await setup({
      'node_modules/@acme/tsconfig/package.json': JSON.stringify({ name: '@acme/tsconfig', version: '1.0.0' }),
      'node_modules/@acme/tsconfig/base.json': `{ "compilerOptions": { "baseUrl": "\${configDir}", "paths": { "#lib/*": ["lib/*"] } } }`,
      'tsconfig.json': `{ "extends": "@acme/tsconfig/base.json" }`,
      'lib/util.ts': '',
      'src/app.ts': '',
      'web/jsconfig.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["./components/*"] } } }`,
      'web/components/button.jsx': '',
      'web/page.js': '',
    });
    expect(resolve('src/app.ts', '#lib/util')).toEqual({ resolved: 'lib/util.ts' });
    expect(resolve('web/page.js', '~/button')).toEqual({ resolved: 'web/components/button.jsx' });
  });

  it('uses the longest matching wildcard prefix and a configured tsconfig over discovery', async () => {
    const { resolve } = await setup(
      {
        'configs/ts.json': `{ "compilerOptions": { "paths": { "@/*": ["../src/*"], "@/shared/*": ["../shared/*"] } } }`,
        'tsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["./nowhere/*"] } } }`,
        'src/a.ts': '',
        'shared/b.ts': '',
      },
      (config) => {
        config.tsconfig = [join(config.root, 'configs/ts.json')];
      },
    );
    expect(resolve('src/a.ts', '@/a')).toEqual({ resolved: 'src/a.ts' });
    expect(resolve('src/a.ts', '@/shared/b')).toEqual({ resolved: 'shared/b.ts' });
  });
});

describe('workspaces', () => {
  const monorepo = {
    'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*', '!packages/ignored'] }),
    'packages/core/package.json': JSON.stringify({
      name: '@acme/core',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './retry': './dist/retry.js', './features/*': './dist/features/*.js' },
    }),
    'packages/core/src/index.ts': '',
    'packages/core/src/retry.ts': '',
    'packages/core/src/features/breaker.ts': '',
    'packages/util/package.json': JSON.stringify({ name: '@acme/util', main: 'dist/index.js' }),
    'packages/util/src/index.ts': '',
    'packages/util/src/helpers/x.ts': '',
    'packages/built/package.json': JSON.stringify({ name: 'built', main: 'out/main.js' }),
    'packages/built/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'out', rootDir: 'source' } }),
    'packages/built/source/main.ts': '',
    'packages/ignored/package.json': JSON.stringify({ name: 'ignored' }),
    'packages/ignored/index.ts': '',
    'apps/web/main.ts': '',
  };

  it('maps package names to folders and resolves entry points back to sources', async () => {
    const { resolve, workspaces } = await setup(monorepo);
    expect(workspaces.map((w) => [w.name, w.dir])).toEqual([
      ['built', 'packages/built'],
      ['@acme/core', 'packages/core'],
      ['@acme/util', 'packages/util'],
    ]);
    expect(resolve('apps/web/main.ts', '@acme/core')).toEqual({ resolved: 'packages/core/src/index.ts' });
    expect(resolve('apps/web/main.ts', '@acme/core/retry')).toEqual({ resolved: 'packages/core/src/retry.ts' });
    expect(resolve('apps/web/main.ts', '@acme/core/features/breaker')).toEqual({ resolved: 'packages/core/src/features/breaker.ts' });
    expect(resolve('apps/web/main.ts', '@acme/core/not-exported')).toEqual({ resolved: null });
    expect(resolve('apps/web/main.ts', '@acme/util')).toEqual({ resolved: 'packages/util/src/index.ts' });
    expect(resolve('apps/web/main.ts', '@acme/util/helpers/x')).toEqual({ resolved: 'packages/util/src/helpers/x.ts' });
    expect(resolve('apps/web/main.ts', 'built')).toEqual({ resolved: 'packages/built/source/main.ts' });
    expect(resolve('apps/web/main.ts', 'ignored')).toEqual({ resolved: null, external: 'ignored' });
  });

  it('knows the packages by name when the scan root is a subfolder of the monorepo, up to the repository root', async () => {
    const root = await writeTree({ ...monorepo, '.git/HEAD': 'ref: refs/heads/main\n' });
    dirs.push(root);
    const config = resolvedDefaults(join(root, 'packages'));
    const { files: found } = await discoverFiles(config);
    const { resolver, workspaces } = await createResolver(config, found);
    expect(workspaces.map((w) => [w.name, w.dir])).toEqual([
      ['built', 'built'],
      ['@acme/core', 'core'],
      ['@acme/util', 'util'],
    ]);
    expect(resolver.resolve('util/src/index.ts', '@acme/core/retry')).toEqual({ resolved: 'core/src/retry.ts' });
    // A package folder as the scan root: the packages outside it are not scanned, so not resolved to.
    const inner = resolvedDefaults(join(root, 'packages/util'));
    expect((await createResolver(inner, (await discoverFiles(inner)).files)).workspaces).toEqual([]);
  });

  it('does not look for workspaces above the repository root', async () => {
    const root = await writeTree({ 'package.json': JSON.stringify({ name: 'outer', private: true, workspaces: ['repo/packages/*'] }), 'repo/.git/HEAD': '', 'repo/packages/a/package.json': JSON.stringify({ name: 'a' }), 'repo/packages/a/index.ts': '' });
    dirs.push(root);
    const config = resolvedDefaults(join(root, 'repo/packages'));
    expect((await createResolver(config, (await discoverFiles(config)).files)).workspaces).toEqual([]);
  });

  it('reads pnpm-workspace.yaml and config globs; false disables workspaces', async () => {
    const files = { ...monorepo, 'package.json': '{"name":"root"}', 'pnpm-workspace.yaml': "packages:\n  - 'packages/core'\n  # comment\n  - \"packages/util\"\n" };
    const pnpm = await setup(files);
    expect(pnpm.workspaces.map((w) => w.name)).toEqual(['@acme/core', '@acme/util']);
    const configured = await setup(files, (c) => (c.workspaces = ['packages/built']));
    expect(configured.workspaces.map((w) => w.name)).toEqual(['built']);
    const off = await setup(monorepo, (c) => (c.workspaces = false));
    expect(off.workspaces).toEqual([]);
    expect(off.resolve('apps/web/main.ts', '@acme/core')).toEqual({ resolved: null, external: '@acme/core' });
  });
});

describe('subpath imports', () => {
  it('resolve #specifiers through the nearest package.json imports map', async () => {
    const { resolve } = await setup({
      'package.json': JSON.stringify({ name: 'app', imports: { '#db/*': './src/db/*.js', '#config': { default: './dist/config.js' } } }),
      'src/db/pool.ts': '',
      'src/config.ts': '',
      'src/feature/use.ts': '',
    });
    expect(resolve('src/feature/use.ts', '#db/pool')).toEqual({ resolved: 'src/db/pool.ts' });
    expect(resolve('src/feature/use.ts', '#config')).toEqual({ resolved: 'src/config.ts' });
    expect(resolve('src/feature/use.ts', '#missing')).toEqual({ resolved: null });
  });
});

describe('externals', () => {
  it('records the package name of everything else', async () => {
    const { resolve } = await setup({ 'a.ts': '' });
    expect(resolve('a.ts', 'lodash/fp')).toEqual({ resolved: null, external: 'lodash' });
    expect(resolve('a.ts', '@scope/pkg/deep/x')).toEqual({ resolved: null, external: '@scope/pkg' });
    expect(resolve('a.ts', 'node:fs')).toEqual({ resolved: null, external: 'node:fs' });
    expect(resolve('a.ts', 'fs/promises')).toEqual({ resolved: null, external: 'node:fs' });
  });
});

describe('helpers', () => {
  it('joins relative specifiers onto folders', () => {
    expect(joinRelative('src/a', './b')).toBe('src/a/b');
    expect(joinRelative('src/a', '../b/c.js')).toBe('src/b/c.js');
    expect(joinRelative('', './x')).toBe('x');
    expect(joinRelative('src', '..')).toBe('');
    expect(joinRelative('src', '../..')).toBeNull();
    expect(joinRelative('src/a', './b/../c/./d')).toBe('src/a/c/d');
    expect(joinRelative('src/a', './dir/')).toBe('src/a/dir');
    expect(joinRelative('src/a', '.')).toBe('src/a');
    expect(joinRelative('src/a', './.hidden/x')).toBe('src/a/.hidden/x');
  });

  it('parses JSONC with comments inside and outside strings', () => {
    expect(parseJsonc('{ "a": "// not a comment", /* c */ "b": [1, 2,], }')).toEqual({ a: '// not a comment', b: [1, 2] });
  });

  it('reads pnpm workspace lists in block and flow style', () => {
    expect(parsePnpmWorkspace("packages:\n  - apps/*\n  - 'libs/**'\nother: 1\n")).toEqual(['apps/*', 'libs/**']);
    expect(parsePnpmWorkspace("packages: ['a/*', \"b\"]\n")).toEqual(['a/*', 'b']);
  });

  it('walks exports conditions with sources first', () => {
    expect(exportsTargets({ '.': { default: './dist/a.js', source: './src/a.ts' } }, '.')).toEqual(['src/a.ts', 'dist/a.js']);
    expect(exportsTargets('./index.js', '.')).toEqual(['index.js']);
    expect(exportsTargets({ './*': { import: './esm/*.mjs' } }, './x/y')).toEqual(['esm/x/y.mjs']);
    expect(exportsTargets({ '.': './a.js' }, './b')).toBeNull();
  });

  it('maps built files back to source candidates', () => {
    expect(sourceCandidates('./dist/esm/retry.js')).toEqual(['src/retry', 'retry']);
    expect(sourceCandidates('dist/index.d.ts')).toEqual(['src/index', 'index']);
    expect(sourceCandidates('out/a.js', 'out', 'source')).toEqual(['source/a', 'src/a', 'a']);
  });
});
