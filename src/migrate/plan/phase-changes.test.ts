import { describe, expect, it } from 'vitest';
import { phaseChanges } from './phase-changes.js';
import { mergeForbidden, parseForbidden, formatForbidden } from './forbidden.js';
import type { MigrationPlan } from './types.js';

/** A plan written by hand: the codemods' options are data, the files live in a map. */
function planWith(tasks: MigrationPlan['tasks'], extra: Partial<MigrationPlan> = {}): MigrationPlan {
  return {
    version: 1,
    root: '/project',
    phases: [
      { name: 'imports', codemods: ['call-recipes', 'rewrite-imports', 'shim-modules'] },
      { name: 'delete', codemods: ['delete-superseded'] },
    ],
    clusters: [],
    recipes: [],
    deletions: [],
    blockers: [],
    tasks,
    ...extra,
  };
}

const files: Record<string, string> = {
  'src/app.ts': "import { retryDb } from './old.js';\n\nexport const n = retryDb(() => 1, { tries: 2 });\n",
  'src/old.ts': 'export function retryDb<T>(op: () => T, options: { tries: number }): T {\n  void options;\n  return op();\n}\n',
  'src/other.ts': "import { retryDb } from './old.js';\n\nexport const m = retryDb;\n",
};
const read = (overrides: Record<string, string | null> = {}) => (path: string) => (path in overrides ? overrides[path]! : files[path] ?? null);

describe('phaseChanges', () => {
  it('runs the codemods in order over the current text and merges them into one change per file', () => {
    const plan = planWith([
      { codemod: 'call-recipes', file: 'src/app.ts', options: { recipes: [{ id: 'r', match: 'retryDb($op, $o)', replace: 'retry($op, $o)' }] } },
      { codemod: 'rewrite-imports', file: 'src/app.ts', options: { moves: [{ from: './old.js', name: 'retryDb', to: { specifier: './retry.js', name: 'retry' } }] } },
      { codemod: 'rewrite-imports', file: 'src/other.ts', options: { moves: [{ from: './old.js', name: 'retryDb', to: { specifier: './retry.js', name: 'retry' } }] } },
    ]);
    const result = phaseChanges(plan, plan.phases[0]!, read());
    expect(result.changes).toEqual([
      {
        path: 'src/app.ts',
        before: files['src/app.ts'],
        // The recipe removed nothing (no removeUnusedImports), so the import move still applies to the binding.
        after: "import { retry as retryDb } from './retry.js';\n\nexport const n = retry(() => 1, { tries: 2 });\n",
        codemods: ['call-recipes', 'rewrite-imports'],
      },
      { path: 'src/other.ts', before: files['src/other.ts'], after: "import { retry as retryDb } from './retry.js';\n\nexport const m = retryDb;\n", codemods: ['rewrite-imports'] },
    ]);
    expect(result.outcomes.map((o) => [o.codemod, o.file, o.status])).toEqual([
      ['call-recipes', 'src/app.ts', 'changed'],
      ['rewrite-imports', 'src/app.ts', 'changed'],
      ['rewrite-imports', 'src/other.ts', 'changed'],
    ]);
    expect(result.summary).toEqual({ filesChanged: 2, filesCreated: 0, filesDeleted: 0, importersRewritten: 2, shimsGenerated: 0, callSitesRewritten: 1, linesRemoved: 3 });
  });

  it('counts unchanged, skipped and error outcomes like jscodeshift', () => {
    const plan = planWith([
      { codemod: 'rewrite-imports', file: 'src/app.ts', options: { moves: [{ from: './elsewhere.js', name: 'x', to: { specifier: './y.js', name: 'y' } }] } },
      { codemod: 'rewrite-imports', file: 'src/missing.ts', options: { moves: [] } },
      { codemod: 'shim-modules', file: 'src/old.ts', options: { shims: null } },
    ]);
    const result = phaseChanges(plan, plan.phases[0]!, read());
    expect(result.outcomes.map((o) => [o.file, o.status])).toEqual([
      ['src/app.ts', 'unchanged'],
      ['src/missing.ts', 'skipped'],
      ['src/old.ts', 'error'],
    ]);
    expect(result.changes).toEqual([]);
  });

  it('reports what a codemod could not do as blockers of the phase, with the plan blockers of that phase', () => {
    const plan = planWith(
      [{ codemod: 'rewrite-imports', file: 'src/other.ts', options: { moves: [{ from: './old.js', name: 'retryDb', to: { specifier: './retry.js', name: 'retry' } }] } }],
      {
        blockers: [
          { kind: 'missing-member', severity: 'error', phase: 'imports', file: 'src/a.ts', line: 3, message: 'from the plan' },
          { kind: 'still-imported', severity: 'error', phase: 'delete', file: 'src/b.ts', line: 1, message: 'another phase' },
        ],
      },
    );
    const result = phaseChanges(plan, plan.phases[0]!, read({ 'src/other.ts': "export const later = import('./old.js').then((m) => m.retryDb);\n" }));
    expect(result.blockers.map((b) => [b.phase, b.file, b.line, b.kind, b.message])).toEqual([
      ['imports', 'src/a.ts', 3, 'missing-member', 'from the plan'],
      ['imports', 'src/other.ts', 1, 'unsupported-import', "rewrite-imports: import() of './old.js' is used in a way that cannot be rewritten; it keeps importing the superseded module"],
    ]);
    expect(result.outcomes).toEqual([{ codemod: 'rewrite-imports', file: 'src/other.ts', status: 'unchanged' }]);
  });

  it('deletes files and records them, merged into an existing forbidden list, sorted', () => {
    const plan = planWith(
      [
        { codemod: 'delete-superseded', file: 'src/old.ts', options: { mode: 'file' } },
        { codemod: 'delete-superseded', file: 'src/gone.ts', options: { mode: 'file' } },
      ],
      {
        deletions: [
          { file: 'src/old.ts', mode: 'file', symbols: ['retryDb'], replacement: 'src/retry.ts#retry', remainingImporters: [] },
          { file: 'src/gone.ts', mode: 'file', symbols: ['Gone'], replacement: 'src/keep.ts#Keep', remainingImporters: [] },
        ],
      },
    );
    const existing = formatForbidden({ version: 1, files: [{ path: 'src/zeta.ts', replacement: 'src/a.ts#A' }], symbols: [{ name: 'Zeta', file: 'src/zeta.ts', replacement: 'src/a.ts#A' }] });
    const result = phaseChanges(plan, plan.phases[1]!, read({ 'src/gone.ts': 'export class Gone {}\n', '.ssot/forbidden.json': existing }));
    expect(result.changes.map((c) => [c.path, c.after === null])).toEqual([
      ['.ssot/forbidden.json', false],
      ['src/gone.ts', true],
      ['src/old.ts', true],
    ]);
    expect(JSON.parse(result.changes[0]!.after!)).toEqual({
      version: 1,
      files: [
        { path: 'src/gone.ts', replacement: 'src/keep.ts#Keep' },
        { path: 'src/old.ts', replacement: 'src/retry.ts#retry' },
        { path: 'src/zeta.ts', replacement: 'src/a.ts#A' },
      ],
      symbols: [
        { name: 'Gone', file: 'src/gone.ts', replacement: 'src/keep.ts#Keep' },
        { name: 'retryDb', file: 'src/old.ts', replacement: 'src/retry.ts#retry' },
        { name: 'Zeta', file: 'src/zeta.ts', replacement: 'src/a.ts#A' },
      ],
    });
    expect(result.summary.filesDeleted).toBe(2);
    expect(result.summary.filesCreated).toBe(0);
  });
});

describe('the forbidden list', () => {
  it('reads a missing or foreign file as empty and writes it deterministically', () => {
    expect(parseForbidden(null)).toEqual({ version: 1, files: [], symbols: [] });
    expect(parseForbidden('not json')).toEqual({ version: 1, files: [], symbols: [] });
    const a = mergeForbidden(parseForbidden(null), [{ path: 'b.ts', replacement: 'x#X' }, { path: 'a.ts', replacement: 'x#X' }], []);
    const b = mergeForbidden(parseForbidden(null), [{ path: 'a.ts', replacement: 'x#X' }, { path: 'b.ts', replacement: 'x#X' }], []);
    expect(formatForbidden(a)).toBe(formatForbidden(b));
    expect(formatForbidden(a)).toBe('{\n  "version": 1,\n  "files": [\n    {\n      "path": "a.ts",\n      "replacement": "x#X"\n    },\n    {\n      "path": "b.ts",\n      "replacement": "x#X"\n    }\n  ],\n  "symbols": []\n}\n');
  });
});
