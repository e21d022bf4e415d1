import { describe, expect, it } from 'vitest';
import { DEFAULT_PHASES } from '../../config/defaults.js';
import type { ModuleGraph } from '../../scan/graph-types.js';
import { isSsotError } from '../../shared/errors.js';
import { importersFromGraph, resolvePhase } from './phase-select.js';

describe('resolvePhase', () => {
  it.each([
    ['1', 'config', 1],
    ['2', 'imports', 2],
    [' 3 ', 'delete', 3],
    ['imports', 'imports', 2],
  ])('%j names phase %s', (wanted, name, number) => {
    const chosen = resolvePhase(DEFAULT_PHASES, wanted);
    expect(chosen.phase.name).toBe(name);
    expect(chosen.number).toBe(number);
  });

  it.each(['0', '4', 'deletes', '1.5', ''])('rejects %j with the list of phases', (wanted) => {
    let error: unknown;
    try {
      resolvePhase(DEFAULT_PHASES, wanted);
    } catch (caught) {
      error = caught;
    }
    expect(isSsotError(error) && error.code).toBe('usage');
    expect((error as Error).message).toContain('the phases are 1 config, 2 imports, 3 delete');
  });
});

describe('importersFromGraph', () => {
  it('lists the files importing each file, once each, sorted; packages and self-imports ignored', () => {
    const edge = (from: string, resolved: string | null) => ({ from, specifier: 'x', resolved, line: 1, kind: 'static' as const, typeOnly: false, bindings: [] });
    const graph: ModuleGraph = {
      files: [],
      workspaces: [],
      exportOrigins: {},
      imports: [edge('src/b.ts', 'src/a.ts'), edge('src/c.ts', 'src/a.ts'), edge('src/b.ts', 'src/a.ts'), edge('src/a.ts', 'src/a.ts'), edge('src/c.ts', null)],
    };
    const importers = importersFromGraph(graph);
    expect(importers('src/a.ts')).toEqual(['src/b.ts', 'src/c.ts']);
    expect(importers('src/b.ts')).toEqual([]);
  });
});
