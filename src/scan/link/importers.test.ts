import { describe, expect, it } from 'vitest';
import { candidate, exportLocal, facts, linkTable, named, namespace, reExport, starExport } from './test-utils/tables.js';

const breaker = facts('src/core/breaker.ts', {
  candidates: [candidate('CircuitBreaker', { concept: 'circuit-breaker' })],
  exports: [exportLocal('CircuitBreaker'), exportLocal('helper')],
});

function importersOf(table: ReturnType<typeof facts>[], id: string): string[] | undefined {
  return linkTable(table).result.findings.find((f) => f.id === id)?.importers;
}

describe('importers', () => {
  it('follow direct imports, aliases, barrels and export-star chains', () => {
    const table = [
      breaker,
      facts('src/core/index.ts', { exports: [starExport('./breaker')] }),
      facts('src/index.ts', { exports: [starExport('./core')] }),
      facts('src/a.ts', { imports: [named('./core', 'CircuitBreaker')] }),
      facts('src/b.ts', { imports: [named('./core/breaker.js', 'CircuitBreaker:CB')] }),
      facts('src/c.ts', { imports: [named('.', 'CircuitBreaker')] }),
      facts('src/d.ts', { imports: [named('./core', 'helper')] }),
    ];
    expect(importersOf(table, 'src/core/breaker.ts#CircuitBreaker')).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  });

  it('count namespace imports only when the member is used, or when use is unknown', () => {
    const table = [
      breaker,
      facts('src/uses.ts', { imports: [namespace('./core/breaker', 'core', ['CircuitBreaker'])] }),
      facts('src/other.ts', { imports: [namespace('./core/breaker', 'core', ['helper'])] }),
      facts('src/unknown.ts', { imports: [namespace('./core/breaker', 'core')] }),
    ];
    expect(importersOf(table, 'src/core/breaker.ts#CircuitBreaker')).toEqual(['src/unknown.ts', 'src/uses.ts']);
  });

  it('count type-only, dynamic and require imports', () => {
    const typeOnly = { ...named('./core/breaker', 'CircuitBreaker'), typeOnly: true };
    const dynamic = { ...named('./core/breaker', 'CircuitBreaker'), kind: 'dynamic' as const };
    const required = namespace('./core/breaker', 'mod', ['CircuitBreaker'], 'require');
    const table = [
      breaker,
      facts('src/t.ts', { imports: [typeOnly] }),
      facts('src/d.ts', { imports: [dynamic] }),
      facts('src/r.js', { imports: [required] }),
      facts('src/s.ts', { imports: [{ specifier: './core/breaker', line: 1, kind: 'side-effect', typeOnly: false, bindings: [] }] }),
    ];
    expect(importersOf(table, 'src/core/breaker.ts#CircuitBreaker')).toEqual(['src/d.ts', 'src/r.js', 'src/t.ts']);
  });

  it('reach a CommonJS module value through require', () => {
    const table = [
      facts('lib/retry.js', { candidates: [candidate('RetryHandler')], exports: [{ name: 'default', local: 'RetryHandler', line: 9 }] }),
      facts('lib/use.js', { imports: [namespace('./retry', 'RetryHandler', [], 'require')] }),
      facts('lib/use2.ts', { imports: [named('./retry.js', 'default:Retry')] }),
    ];
    expect(importersOf(table, 'lib/retry.js#RetryHandler')).toEqual(['lib/use.js', 'lib/use2.ts']);
  });

  it('give a Class.method finding the importers of its class', () => {
    const table = [
      facts('src/agent.ts', { candidates: [candidate('Agent.runWithRetry')], exports: [exportLocal('Agent')] }),
      facts('src/main.ts', { imports: [named('./agent', 'Agent')] }),
    ];
    expect(importersOf(table, 'src/agent.ts#Agent.runWithRetry')).toEqual(['src/main.ts']);
  });

  it('follow an exported import and do not count the forwarding file as an importer', () => {
    const table = [
      breaker,
      facts('src/compat.ts', { imports: [named('./core/breaker', 'CircuitBreaker')], exports: [exportLocal('CircuitBreaker')] }),
      facts('src/app.ts', { imports: [named('./compat', 'CircuitBreaker')] }),
    ];
    expect(importersOf(table, 'src/core/breaker.ts#CircuitBreaker')).toEqual(['src/app.ts']);
  });

  it('count a forwarding file that also uses the import itself', () => {
    const table = [
      breaker,
      facts('src/compat.ts', { imports: [named('./core/breaker', 'CircuitBreaker')], exports: [exportLocal('CircuitBreaker')], localUses: ['CircuitBreaker'] }),
    ];
    expect(importersOf(table, 'src/core/breaker.ts#CircuitBreaker')).toEqual(['src/compat.ts']);
  });

  it('survive re-export cycles', () => {
    const table = [
      breaker,
      facts('src/x/index.ts', { exports: [starExport('../y'), starExport('../core/breaker')] }),
      facts('src/y/index.ts', { exports: [starExport('../x')] }),
      facts('src/app.ts', { imports: [named('./y', 'CircuitBreaker'), named('./x', 'Missing')] }),
    ];
    expect(importersOf(table, 'src/core/breaker.ts#CircuitBreaker')).toEqual(['src/app.ts']);
  });

  it('follow named re-exports under new names', () => {
    const table = [
      breaker,
      facts('src/index.ts', { exports: [reExport('./core/breaker', 'CircuitBreaker', 'Breaker')] }),
      facts('src/app.ts', { imports: [named('.', 'Breaker')] }),
      facts('src/wrong.ts', { imports: [named('.', 'CircuitBreaker')] }),
    ];
    expect(importersOf(table, 'src/core/breaker.ts#CircuitBreaker')).toEqual(['src/app.ts']);
  });
});
