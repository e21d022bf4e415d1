import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PHASES } from '../../config/defaults.js';
import { repoRoot } from '../../test-utils/fixtures.js';
import { builtinCodemods, codemodById } from './registry.js';

describe('the codemod registry', () => {
  const folders = readdirSync(join(repoRoot, 'codemods')).filter((entry) => statSync(join(repoRoot, 'codemods', entry)).isDirectory());

  it('registers every codemods/<id>/ folder under its folder name', () => {
    expect([...builtinCodemods.keys()].sort()).toEqual(folders.sort());
    for (const [id, codemod] of builtinCodemods) expect(codemod.id).toBe(id);
  });

  it('knows every codemod the default phases run', () => {
    for (const phase of DEFAULT_PHASES) for (const id of phase.codemods) expect(codemodById(id), id).toBeDefined();
  });

  it('gives every codemod a description', () => {
    for (const codemod of builtinCodemods.values()) expect(codemod.description.length).toBeGreaterThan(10);
  });
});
