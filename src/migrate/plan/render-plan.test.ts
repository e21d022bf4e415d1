import { describe, expect, it } from 'vitest';
import { isSsotError } from '../../shared/errors.js';
import { renderPlan } from './render-plan.js';
import type { MigrationPlan } from './types.js';

/** A plan written by hand: renderers are pure functions of it. */
const plan: MigrationPlan = {
  version: 1,
  root: '/project',
  phases: [
    { name: 'config', codemods: ['config-types'] },
    { name: 'imports', codemods: ['call-recipes', 'rewrite-imports', 'collapse-double-init', 'shim-modules'] },
    { name: 'delete', codemods: ['delete-superseded'] },
  ],
  clusters: [
    {
      id: 'circuit-breaker',
      concept: 'circuit-breaker',
      canonical: { ref: 'src/core/breaker.ts#Breaker', file: 'src/core/breaker.ts', symbol: 'Breaker', finding: 'src/core/breaker.ts#Breaker', source: 'config', reason: 'configured' },
      superseded: [
        {
          id: 'src/old/breaker.ts#OldBreaker',
          file: 'src/old/breaker.ts',
          symbol: 'OldBreaker',
          exportName: 'OldBreaker',
          kind: 'implementation',
          line: 3,
          importers: [
            {
              file: 'src/app.ts',
              line: 1,
              kind: 'static',
              specifier: './old/breaker.js',
              newSpecifier: './core/breaker.js',
              bindings: [{ imported: 'OldBreaker', local: 'OldBreaker', newImported: 'Breaker' }],
              usageEdits: 2,
              status: 'rewrite',
            },
            {
              file: 'src/stuck.ts',
              line: 2,
              kind: 'static',
              specifier: './old/breaker.js',
              newSpecifier: './core/breaker.js',
              bindings: [{ imported: 'OldBreaker', local: 'B', newImported: 'Breaker' }],
              usageEdits: 0,
              status: 'blocked',
            },
          ],
          shim: { kind: 'adapter', phase: 'imports', mapping: { canExecute: 'isCallPermitted' }, suggestions: { trip: 'open' } },
          deletion: 'file',
        },
      ],
      collapses: [{ id: 'src/agent.ts#Agent', file: 'src/agent.ts', class: 'Agent', keep: 'breaker', remove: 'legacy', line: 6, status: 'collapse' }],
    },
  ],
  recipes: [{ id: 'ctor', match: 'new OldBreaker($a)', replace: 'new Breaker($a)', sites: [{ file: 'src/app.ts', line: 4 }] }],
  deletions: [{ file: 'src/old/breaker.ts', mode: 'file', symbols: ['OldBreaker'], replacement: 'src/core/breaker.ts#Breaker', remainingImporters: ['src/stuck.ts'] }],
  blockers: [
    { kind: 'missing-member', severity: 'error', phase: 'imports', file: 'src/stuck.ts', line: 5, message: 'uses member trip, which Breaker lacks', hint: 'mappings["src/old/breaker.ts#OldBreaker"].members.trip = "open"' },
    { kind: 'still-imported', severity: 'error', phase: 'delete', file: 'src/old/breaker.ts', line: 1, message: 'still imported by src/stuck.ts' },
  ],
  tasks: [{ codemod: 'rewrite-imports', file: 'src/app.ts', options: { moves: [] } }],
};

describe('renderPlan', () => {
  it('table: canonical, superseded members with shim and importers, collapses, recipes, deletions, blockers with file:line', () => {
    const text = renderPlan(plan, { format: 'table', color: false });
    expect(text).toContain('circuit-breaker  canonical src/core/breaker.ts#Breaker (config)');
    expect(text).toContain('  superseded src/old/breaker.ts#OldBreaker (implementation, line 3)');
    expect(text).toContain('    shim      adapter (imports): canExecute → isCallPermitted; suggested: trip ~ open?');
    expect(text).toContain("      src/app.ts:1  './old/breaker.js' { OldBreaker } → './core/breaker.js' { Breaker as OldBreaker } (+2 uses renamed)");
    expect(text).toContain("      src/stuck.ts:2  './old/breaker.js' { OldBreaker as B } → './core/breaker.js' { Breaker as B } blocked");
    expect(text).toContain('  collapse   src/agent.ts:6 Agent: this.legacy → this.breaker');
    expect(text).toContain('    1 site: src/app.ts:4');
    expect(text).toContain('  src/old/breaker.ts  whole file → forbidden, replaced by src/core/breaker.ts#Breaker  still imported by src/stuck.ts');
    expect(text).toContain('  error   src/stuck.ts:5  uses member trip, which Breaker lacks [missing-member]');
    expect(text).toContain('hint: mappings["src/old/breaker.ts#OldBreaker"].members.trip = "open"');
    expect(text.trimEnd().split('\n').pop()).toBe('1 cluster, 1 superseded member, 1 importer rewrite, 2 blocking problems');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('counts one blocking problem in the singular', () => {
    const text = renderPlan({ ...plan, blockers: plan.blockers.slice(0, 1) }, { format: 'table', color: false });
    expect(text.trimEnd().split('\n').pop()).toBe('1 cluster, 1 superseded member, 1 importer rewrite, 1 blocking problem');
  });

  it('colours only when asked', () => {
    expect(renderPlan(plan, { format: 'table', color: true })).toMatch(/\u001b\[/);
  });

  it('narrows to one phase, by name or number', () => {
    const text = renderPlan(plan, { format: 'table', color: false, phase: 3 });
    expect(text).toContain('Migration plan (phase delete)');
    expect(text).toContain('Deletions');
    expect(text).not.toContain('Recipes');
    expect(text).not.toContain('missing-member');
    expect(text).toContain('still imported by src/stuck.ts [still-imported]');
    expect(renderPlan(plan, { format: 'table', color: false, phase: 'delete' })).toBe(text);
  });

  it('refuses an unknown phase with a usage error', () => {
    try {
      renderPlan(plan, { format: 'table', color: false, phase: 'launch' });
      expect.unreachable();
    } catch (error) {
      expect(isSsotError(error) && error.code).toBe('usage');
    }
  });

  it('json: the plan itself, and for one phase its tasks and blockers only', () => {
    expect(JSON.parse(renderPlan(plan, { format: 'json', color: false }))).toEqual(plan);
    const imports = JSON.parse(renderPlan(plan, { format: 'json', color: false, phase: 'imports' }));
    expect(imports.phase).toBe('imports');
    expect(imports.blockers.map((b: { kind: string }) => b.kind)).toEqual(['missing-member']);
    expect(imports.tasks).toEqual(plan.tasks);
    expect(JSON.parse(renderPlan(plan, { format: 'json', color: false, phase: 'config' })).tasks).toEqual([]);
  });

  it('markdown: tables per cluster, recipes, deletions and blockers', () => {
    const text = renderPlan(plan, { format: 'markdown', color: false });
    expect(text).toContain('## circuit-breaker');
    expect(text).toContain('| `src/old/breaker.ts#OldBreaker` | implementation | adapter; canExecute → isCallPermitted |  | 2 (1 blocked) | file |');
    expect(text).toContain('| `src/stuck.ts:2` | `./old/breaker.js` | `./core/breaker.js` | Breaker as B | blocked |');
    expect(text).toContain('| error | `src/stuck.ts:5` | missing-member | uses member trip, which Breaker lacks |');
  });
});
