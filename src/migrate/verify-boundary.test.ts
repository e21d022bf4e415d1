/**
 * The config a file is checked with belongs to the project: a tsconfig in a folder that merely holds
 * the project (its parent, a home folder) must not judge it, while the project's own config above a
 * scanned subfolder still does.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitInit, removeDir, writeTree } from '../test-utils/fixtures.js';
import { modify } from './apply/test-utils/tree.js';
import { configBoundary } from './verify-config.js';
import { verifyChanges } from './verify.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

/** Strict, checking JavaScript: untyped parameters in a `.js` file are errors under it. */
const STRICT_JS = JSON.stringify({ compilerOptions: { strict: true, allowJs: true, checkJs: true, noEmit: true, types: [] } });
const JS_SOURCE = 'export const twice = (n) => n * 2;\n';
const addUntyped = (text: string) => `${text}\nexport function triple(n) {\n  return n * 3;\n}\n`;

describe('verification config boundary', () => {
  it('ignores a tsconfig above the git work tree of the project', async () => {
    const outer = await writeTree({ 'tsconfig.json': STRICT_JS, 'project/package.json': '{}', 'project/src/math.js': JS_SOURCE });
    dirs.push(outer);
    const project = join(outer, 'project');
    gitInit(project);
    expect(configBoundary(join(project, 'src'))).toBe(project);
    const result = await verifyChanges({ root: project, changes: [await modify(project, 'src/math.js', addUntyped)] });
    expect(result.configs).toEqual(['(defaults)']);
    expect(result).toMatchObject({ ok: true, newDiagnostics: [] });
  });

  it('ignores a tsconfig above the package of a project outside git', async () => {
    const outer = await writeTree({ 'tsconfig.json': STRICT_JS, 'project/package.json': '{}', 'project/src/math.js': JS_SOURCE });
    dirs.push(outer);
    const project = join(outer, 'project');
    expect(configBoundary(join(project, 'src'))).toBe(project);
    const result = await verifyChanges({ root: project, changes: [await modify(project, 'src/math.js', addUntyped)] });
    expect(result.configs).toEqual(['(defaults)']);
    expect(result.ok).toBe(true);
  });

  it('still uses the project tsconfig above a scanned subfolder', async () => {
    const repo = await writeTree({ 'tsconfig.json': STRICT_JS, 'package.json': '{}', 'src/math.js': JS_SOURCE });
    dirs.push(repo);
    gitInit(repo);
    const root = join(repo, 'src');
    const result = await verifyChanges({ root, changes: [await modify(root, 'math.js', addUntyped)] });
    expect(result.configs).toEqual(['../tsconfig.json']);
    expect(result.ok).toBe(false);
    expect(result.newDiagnostics.map((d) => `${d.file}:${d.code}`)).toContain('math.js:7006');
  });
});
