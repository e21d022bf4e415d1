import { describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../config/defaults.js';
import { forbiddenSymbolNames, mayResolveTo, structureViolations, type StructureInput } from './structure-rules.js';
import type { ResolvedImport } from '../scan/graph-types.js';
import { graphOf, importOf } from './test-utils/data.js';

const noForbid = resolvedDefaults('/repo').forbid;

function input(partial: Partial<StructureInput>): StructureInput {
  return { graph: graphOf([]), notes: {}, forbid: noForbid, forbidden: null, ...partial };
}

describe('structureViolations: deprecated and deleted modules', () => {
  const shimNotes = { 'src/legacy/retry.ts': { shims: { legacyRetry: 'src/core/retry.ts#retry', LegacyOptions: 'src/core/retry.ts#RetryOptions' } } };
  const files = ['src/a.ts', 'src/index.ts', 'src/all.ts', 'src/legacy/retry.ts', 'src/core/retry.ts'];
  const reExport = (from: string, specifier: string, resolved: string, imported: string, local = imported) =>
    importOf(from, specifier, resolved, { bindings: [{ imported, local }], reExport: true });
  const legacy = (bindings: Array<{ imported: string; local: string }>, extra: Partial<ResolvedImport> = {}) =>
    importOf('src/a.ts', './legacy/retry.js', 'src/legacy/retry.ts', { line: 2, bindings, ...extra });

  it('fails an import of a shimmed name, naming its canonical', () => {
    const graph = graphOf(files, [legacy([{ imported: 'legacyRetry', local: 'retry' }])]);
    expect(structureViolations(input({ graph, notes: shimNotes }))).toEqual([
      expect.objectContaining({
        rule: 'deprecated-import',
        file: 'src/a.ts',
        line: 2,
        message: 'imports `legacyRetry` from the deprecated module src/legacy/retry.ts',
        instead: 'src/core/retry.ts#retry',
      }),
    ]);
  });

  it('lets other names of a module with shims pass', () => {
    const graph = graphOf(files, [legacy([{ imported: 'helper', local: 'helper' }])]);
    expect(structureViolations(input({ graph, notes: shimNotes }))).toEqual([]);
  });

  it('judges a namespace import by the members it uses, or by all shims when unknown', () => {
    const used = graphOf(files, [legacy([{ imported: '*', local: 'legacy' }], { namespaceMembers: ['helper'] })]);
    expect(structureViolations(input({ graph: used, notes: shimNotes }))).toEqual([]);
    const unknown = graphOf(files, [legacy([{ imported: '*', local: 'legacy' }])]);
    expect(structureViolations(input({ graph: unknown, notes: shimNotes })).map((v) => v.instead)).toEqual(['src/core/retry.ts#retry', 'src/core/retry.ts#RetryOptions']);
  });

  it('follows barrels, renames and star re-exports to the shim, and lets the barrels themselves pass', () => {
    const graph = graphOf(files, [
      importOf('src/a.ts', './index.js', 'src/index.ts', { bindings: [{ imported: 'oldRetry', local: 'oldRetry' }] }),
      importOf('src/a.ts', './all.js', 'src/all.ts', { line: 2, bindings: [{ imported: 'LegacyOptions', local: 'LegacyOptions' }], typeOnly: true }),
      reExport('src/index.ts', './legacy/retry.js', 'src/legacy/retry.ts', 'legacyRetry', 'oldRetry'),
      reExport('src/all.ts', './index.js', 'src/index.ts', '*'),
      reExport('src/index.ts', './legacy/retry.js', 'src/legacy/retry.ts', '*'),
    ]);
    expect(structureViolations(input({ graph, notes: shimNotes })).map((v) => [v.line, v.message])).toEqual([
      [1, 'imports `legacyRetry` from the deprecated module src/legacy/retry.ts (through src/index.ts)'],
      [2, 'imports `LegacyOptions` from the deprecated module src/legacy/retry.ts (through src/all.ts)'],
    ]);
  });

  it('does not loop on re-export cycles', () => {
    const graph = graphOf(files, [
      importOf('src/a.ts', './index.js', 'src/index.ts', { bindings: [{ imported: 'x', local: 'x' }] }),
      reExport('src/index.ts', './all.js', 'src/all.ts', '*'),
      reExport('src/all.ts', './index.js', 'src/index.ts', '*'),
    ]);
    expect(structureViolations(input({ graph, notes: shimNotes }))).toEqual([]);
  });

  it('fails imports of deleted modules, re-created deleted files and re-declared deleted symbols', () => {
    const forbidden = {
      version: 1 as const,
      files: [
        { path: 'src/services/execution_factory.ts', replacement: 'src/core/engine-factory.ts#ExecutionEngineFactory' },
        { path: 'src/old/helpers.ts' },
      ],
      symbols: [{ name: 'ExecutionContextFactory', file: 'src/services/execution_factory.ts', replacement: 'src/core/engine-factory.ts#ExecutionEngineFactory' }],
    };
    const graph = graphOf(
      ['src/a.ts', 'src/b.ts', 'src/old/helpers.ts'],
      [importOf('src/a.ts', './services/execution_factory.js', null, { line: 3 }), importOf('src/b.ts', '@app/services/execution_factory', null, { line: 5 })],
    );
    const notes = { 'src/b.ts': { declarations: [{ name: 'ExecutionContextFactory', line: 9 }] } };
    const violations = structureViolations(input({ graph, notes, forbidden }));
    expect(violations.map((v) => [v.rule, v.file, v.line, v.instead])).toEqual([
      ['deleted-import', 'src/a.ts', 3, 'src/core/engine-factory.ts#ExecutionEngineFactory'],
      ['deleted-import', 'src/b.ts', 5, 'src/core/engine-factory.ts#ExecutionEngineFactory'],
      ['deleted-file', 'src/old/helpers.ts', 1, null],
      ['forbidden-symbol', 'src/b.ts', 9, 'src/core/engine-factory.ts#ExecutionEngineFactory'],
    ]);
  });
});

describe('structureViolations: config forbid', () => {
  it('forbids imports by specifier, by specifier glob and by resolved-path glob', () => {
    const forbid = { ...noForbid, imports: ['axios-retry', '@legacy/*', 'src/vendor/**'] };
    const graph = graphOf(
      ['src/a.ts', 'src/vendor/retry.ts'],
      [
        importOf('src/a.ts', 'axios-retry', null, { external: 'axios-retry', line: 1 }),
        importOf('src/a.ts', '@legacy/retry', null, { line: 2 }),
        importOf('src/a.ts', './vendor/retry.js', 'src/vendor/retry.ts', { line: 3 }),
        importOf('src/a.ts', 'axios', null, { external: 'axios', line: 4 }),
      ],
    );
    expect(structureViolations(input({ graph, forbid })).map((v) => [v.rule, v.line])).toEqual([
      ['forbidden-import', 1],
      ['forbidden-import', 2],
      ['forbidden-import', 3],
    ]);
  });

  it('enforces boundaries with exceptions and a custom message', () => {
    const forbid = {
      ...noForbid,
      boundaries: [{ from: 'src/resilience/**', to: 'src/**', except: ['src/resilience/**'], message: 'the resilience core imports nothing from the rest of ssot' }],
    };
    const graph = graphOf(
      ['src/resilience/retry.ts', 'src/resilience/clock.ts', 'src/shared/errors.ts', 'src/cli/main.ts'],
      [
        importOf('src/resilience/retry.ts', './clock.js', 'src/resilience/clock.ts'),
        importOf('src/resilience/retry.ts', '../shared/errors.js', 'src/shared/errors.ts', { line: 2 }),
        importOf('src/cli/main.ts', '../resilience/retry.js', 'src/resilience/retry.ts'),
      ],
    );
    expect(structureViolations(input({ graph, forbid }))).toEqual([
      expect.objectContaining({
        rule: 'boundary',
        file: 'src/resilience/retry.ts',
        line: 2,
        message: 'imports src/shared/errors.ts: the resilience core imports nothing from the rest of ssot',
      }),
    ]);
  });

  it('forbids files by glob and symbols by name or path#name', () => {
    const forbid = { ...noForbid, files: ['**/websocket_factory.ts'], symbols: ['WebSocketManagerFactory', 'src/tools/**#EnhancedToolExecutionEngine'] };
    const graph = graphOf(['src/ws/websocket_factory.ts', 'src/tools/engine.ts', 'src/other/engine.ts']);
    const notes = {
      'src/ws/websocket_factory.ts': { declarations: [{ name: 'WebSocketManagerFactory', line: 3 }] },
      'src/tools/engine.ts': { declarations: [{ name: 'EnhancedToolExecutionEngine', line: 7 }] },
      'src/other/engine.ts': { declarations: [{ name: 'EnhancedToolExecutionEngine', line: 1 }] },
    };
    expect(structureViolations(input({ graph, forbid, notes })).map((v) => [v.rule, v.file, v.line])).toEqual([
      ['forbidden-file', 'src/ws/websocket_factory.ts', 1],
      ['forbidden-symbol', 'src/tools/engine.ts', 7],
      ['forbidden-symbol', 'src/ws/websocket_factory.ts', 3],
    ]);
  });

  it('forbids imports of forbidden symbols by name or path#name, through barrels and namespace members', () => {
    const forbid = { ...noForbid, symbols: ['WebSocketManagerFactory', 'src/tools/**#EnhancedToolExecutionEngine'] };
    const graph = graphOf(
      ['src/a.ts', 'src/index.ts', 'src/tools/engine.ts', 'src/other/engine.ts'],
      [
        importOf('src/a.ts', 'ws-kit', null, { external: 'ws-kit', line: 1, bindings: [{ imported: 'WebSocketManagerFactory', local: 'F' }] }),
        importOf('src/a.ts', './index.js', 'src/index.ts', { line: 2, bindings: [{ imported: 'Engine', local: 'Engine' }] }),
        importOf('src/a.ts', './other/engine.js', 'src/other/engine.ts', { line: 3, bindings: [{ imported: 'EnhancedToolExecutionEngine', local: 'E' }] }),
        importOf('src/a.ts', './tools/engine.js', 'src/tools/engine.ts', { line: 4, bindings: [{ imported: '*', local: 'tools' }], namespaceMembers: ['EnhancedToolExecutionEngine'] }),
        importOf('src/a.ts', './tools/engine.js', 'src/tools/engine.ts', { line: 5, bindings: [{ imported: 'other', local: 'other' }] }),
      ],
      { 'src/index.ts': { Engine: { file: 'src/tools/engine.ts', name: 'EnhancedToolExecutionEngine' } } },
    );
    expect(structureViolations(input({ graph, forbid })).map((v) => [v.rule, v.line, v.message])).toEqual([
      ['forbidden-import', 1, 'imports `WebSocketManagerFactory`, forbidden by forbid.symbols (WebSocketManagerFactory)'],
      ['forbidden-import', 2, 'imports `EnhancedToolExecutionEngine`, forbidden by forbid.symbols (src/tools/**#EnhancedToolExecutionEngine)'],
      ['forbidden-import', 4, 'imports `EnhancedToolExecutionEngine`, forbidden by forbid.symbols (src/tools/**#EnhancedToolExecutionEngine)'],
    ]);
  });

  it('collects the names to look for from the config and the deleted symbols', () => {
    const forbid = { ...noForbid, symbols: ['A', 'src/x.ts#B'] };
    expect([...forbiddenSymbolNames(forbid, { version: 1, files: [], symbols: [{ name: 'C' }] })].sort()).toEqual(['A', 'B', 'C']);
  });
});

describe('mayResolveTo', () => {
  it.each([
    ['src/a.ts', './services/x.js', 'src/services/x.ts', true],
    ['src/a.ts', './services/x', 'src/services/x.ts', true],
    ['src/a/b.ts', '../services', 'src/services/index.ts', true],
    ['src/a.ts', './services/y.js', 'src/services/x.ts', false],
    ['src/a.ts', '@app/services/x', 'src/services/x.ts', true],
    ['src/a.ts', '~/x', 'src/services/x.ts', false],
    ['src/a.ts', 'x', 'src/x.ts', false],
  ])('%s importing %s reaches %s: %s', (from, specifier, path, expected) => {
    expect(mayResolveTo(from, specifier, path)).toBe(expected);
  });
});

describe('structureViolations: deleted symbols and their namesakes', () => {
  const forbidden = {
    version: 1 as const,
    files: [],
    symbols: [{ name: 'CircuitBreaker', file: 'src/services/circuit-breaker.ts', replacement: 'src/core/breaker.ts#CircuitBreaker' }],
  };
  const declared = (file: string) => ({ [file]: { declarations: [{ name: 'CircuitBreaker', line: 2 }] } });

  it('fails imports of a deleted symbol from its old file, not of its namesakes, and not twice for a deleted module', () => {
    const withFile = {
      ...forbidden,
      files: [{ path: 'src/old/breaker.ts', replacement: 'src/core/breaker.ts#CircuitBreaker' }],
      symbols: [...forbidden.symbols, { name: 'CircuitBreaker', file: 'src/old/breaker.ts', replacement: 'src/core/breaker.ts#CircuitBreaker' }],
    };
    const take = (line: number, specifier: string, resolved: string | null) =>
      importOf('src/a.ts', specifier, resolved, { line, bindings: [{ imported: 'CircuitBreaker', local: 'CircuitBreaker' }] });
    const graph = graphOf(
      ['src/a.ts', 'src/services/circuit-breaker.ts', 'src/core/breaker.ts'],
      [
        take(1, './services/circuit-breaker.js', 'src/services/circuit-breaker.ts'),
        take(2, './core/breaker.js', 'src/core/breaker.ts'),
        take(3, './old/breaker.js', null),
        take(4, '@app/services/circuit-breaker', null),
      ],
    );
    expect(structureViolations(input({ graph, forbidden: withFile })).map((v) => [v.rule, v.line, v.message, v.instead])).toEqual([
      ['deleted-import', 1, 'imports `CircuitBreaker`, a symbol deleted by a migration (was in src/services/circuit-breaker.ts)', 'src/core/breaker.ts#CircuitBreaker'],
      ['deleted-import', 3, 'imports src/old/breaker.ts, a module deleted by a migration', 'src/core/breaker.ts#CircuitBreaker'],
      ['deleted-import', 4, 'imports `CircuitBreaker`, a symbol deleted by a migration (was in src/services/circuit-breaker.ts)', 'src/core/breaker.ts#CircuitBreaker'],
    ]);
  });

  it('names the replacement of each symbol imported from a deleted module that held several clusters', () => {
    const mixed = {
      version: 1 as const,
      files: [{ path: 'src/old/resilience.ts', replacement: 'src/core/breaker.ts#Breaker, src/core/retry.ts#retry' }],
      symbols: [
        { name: 'OldBreaker', file: 'src/old/resilience.ts', replacement: 'src/core/breaker.ts#Breaker' },
        { name: 'oldRetry', file: 'src/old/resilience.ts', replacement: 'src/core/retry.ts#retry' },
      ],
    };
    const graph = graphOf(['src/a.ts'], [importOf('src/a.ts', './old/resilience.js', null, { line: 2, bindings: [{ imported: 'oldRetry', local: 'oldRetry' }] })]);
    expect(structureViolations(input({ graph, forbidden: mixed })).map((v) => [v.rule, v.line, v.instead])).toEqual([['deleted-import', 2, 'src/core/retry.ts#retry']]);
  });

  it.each([
    ['in its old file', 'src/services/circuit-breaker.ts', undefined, true],
    ['in a new place', 'src/new/breaker.ts', undefined, true],
    ['as the replacement itself', 'src/core/breaker.ts', undefined, false],
    ['as a baselined namesake', 'src/agents/breaker.ts', new Set(['src/agents/breaker.ts#CircuitBreaker']), false],
  ])('declared %s: fails %s', (_, file, known, fails) => {
    const violations = structureViolations(input({ graph: graphOf([file]), notes: declared(file), forbidden, ...(known ? { known } : {}) }));
    expect(violations.length > 0).toBe(fails);
  });
});
