import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { projectPackages } from './project-packages.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await removeDir(dir);
  dir = undefined;
});

describe('projectPackages', () => {
  it('knows packages declared by a package.json at or above the root, and packages installed above it', async () => {
    dir = await writeTree({
      'package.json': JSON.stringify({ name: 'mono', devDependencies: { '@acme/resilience': '1.0.0' } }),
      'node_modules/cockatiel/package.json': JSON.stringify({ name: 'cockatiel' }),
      'packages/api/package.json': JSON.stringify({ name: '@mono/api', dependencies: { 'p-retry': '^6.0.0' } }),
      'packages/api/node_modules/opossum/README.md': 'no package.json: not installed\n',
    });
    const has = projectPackages(join(dir, 'packages', 'api'));
    expect(['@acme/resilience', 'cockatiel', 'p-retry', '@mono/api', 'mono'].filter(has)).toEqual(['@acme/resilience', 'cockatiel', 'p-retry', '@mono/api', 'mono']);
    expect(['opossum', 'src', '@acme/other'].filter(has)).toEqual([]);
  });

  it('ignores a broken package.json', async () => {
    dir = await writeTree({ 'package.json': '{ "dependencies": ', 'node_modules/left-pad/package.json': '{}' });
    const has = projectPackages(dir);
    expect(has('left-pad')).toBe(true);
    expect(has('dependencies')).toBe(false);
  });
});
