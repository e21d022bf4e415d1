import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { candidate, exportLocal, facts, linkTable, named, reExport, starExport } from './test-utils/tables.js';

const unified = facts('src/core/unified.ts', {
  candidates: [candidate('UnifiedCircuitBreaker', { concept: 'circuit-breaker', startLine: 3, endLine: 80 })],
  exports: [exportLocal('UnifiedCircuitBreaker')],
});

function byId(findings: Finding[]): Record<string, Finding> {
  return Object.fromEntries(findings.map((f) => [f.id, f]));
}

describe('re-export findings', () => {
  it('turn a non-barrel module that re-exports an implementation into a re-export finding', () => {
    const { result } = linkTable([
      unified,
      facts('src/utils/circuit-breaker.ts', { exports: [reExport('../core/unified', 'UnifiedCircuitBreaker', 'CircuitBreaker', 4)] }),
      facts('src/app.ts', { imports: [named('./utils/circuit-breaker', 'CircuitBreaker')] }),
      facts('src/other.ts', { imports: [named('./core/unified', 'UnifiedCircuitBreaker')] }),
    ]);
    const findings = byId(result.findings);
    const reExported = findings['src/utils/circuit-breaker.ts#CircuitBreaker']!;
    expect(reExported).toMatchObject({
      kind: 're-export',
      concept: 'circuit-breaker',
      symbol: 'CircuitBreaker',
      startLine: 4,
      endLine: 4,
      importers: ['src/app.ts'],
      target: 'src/core/unified.ts#UnifiedCircuitBreaker',
      cluster: 'circuit-breaker',
      status: 'wrapper',
      signals: ['re-export'],
    });
    // The importer through the re-export is an importer of the original too.
    expect(findings['src/core/unified.ts#UnifiedCircuitBreaker']!.importers).toEqual(['src/app.ts', 'src/other.ts']);
    expect(result.clusters[0]!.members).toEqual(['src/core/unified.ts#UnifiedCircuitBreaker', 'src/utils/circuit-breaker.ts#CircuitBreaker']);
  });

  it('cover export *, export default of an import, and module.exports = require()', () => {
    const { result } = linkTable([
      unified,
      facts('src/star.ts', { exports: [starExport('./core/unified', 2)] }),
      facts('src/default.ts', { imports: [named('./core/unified', 'UnifiedCircuitBreaker')], exports: [{ name: 'default', local: 'UnifiedCircuitBreaker', line: 5 }] }),
      facts('src/cjs.js', { exports: [starExport('./core/unified', 1), reExport('./core/unified', 'default', 'default', 1)] }),
      facts('src/user.ts', { imports: [named('./default', 'default:Breaker')] }),
    ]);
    const ids = result.findings.map((f) => `${f.id} ${f.kind} ${f.status}`);
    expect(ids).toEqual([
      'src/cjs.js#UnifiedCircuitBreaker re-export dead',
      'src/core/unified.ts#UnifiedCircuitBreaker implementation canonical',
      'src/default.ts#default re-export wrapper',
      'src/star.ts#UnifiedCircuitBreaker re-export dead',
    ]);
    expect(byId(result.findings)['src/star.ts#UnifiedCircuitBreaker']!.startLine).toBe(2);
  });

  it('give index barrels no findings', () => {
    const { result } = linkTable([
      unified,
      facts('src/core/index.ts', { exports: [starExport('./unified')] }),
      facts('src/app.ts', { imports: [named('./core', 'UnifiedCircuitBreaker')] }),
    ]);
    expect(result.findings.map((f) => f.id)).toEqual(['src/core/unified.ts#UnifiedCircuitBreaker']);
    expect(result.findings[0]!.importers).toEqual(['src/app.ts']);
  });

  it('count importers through a barrel that re-exports a re-export module', () => {
    const { result } = linkTable([
      unified,
      facts('src/utils/breaker.ts', { exports: [reExport('../core/unified', 'UnifiedCircuitBreaker', 'CircuitBreaker')] }),
      facts('src/utils/index.ts', { exports: [starExport('./breaker')] }),
      facts('src/app.ts', { imports: [named('./utils', 'CircuitBreaker')] }),
    ]);
    const findings = byId(result.findings);
    expect(findings['src/utils/breaker.ts#CircuitBreaker']!.importers).toEqual(['src/app.ts']);
    expect(findings['src/core/unified.ts#UnifiedCircuitBreaker']!.importers).toEqual(['src/app.ts']);
  });
});

describe('wrappers', () => {
  it('resolve a delegating candidate through an import to a wrapper with a target', () => {
    const { result } = linkTable([
      unified,
      facts('src/legacy/breaker.ts', {
        imports: [named('../core/unified', 'UnifiedCircuitBreaker')],
        candidates: [candidate('LegacyBreaker', { concept: 'circuit-breaker', kind: 'wrapper', delegatesTo: ['UnifiedCircuitBreaker'], ownLogic: false })],
        exports: [exportLocal('LegacyBreaker')],
      }),
      facts('src/app.ts', { imports: [named('./legacy/breaker', 'LegacyBreaker')] }),
    ]);
    const legacy = byId(result.findings)['src/legacy/breaker.ts#LegacyBreaker']!;
    expect(legacy).toMatchObject({ kind: 'wrapper', target: 'src/core/unified.ts#UnifiedCircuitBreaker', status: 'wrapper' });
  });

  it('resolve delegation to a local declaration and through a producer function', () => {
    const { result } = linkTable([
      facts('src/retry.ts', {
        candidates: [
          candidate('retryCore', { startLine: 1 }),
          candidate('retryLocal', { startLine: 20, delegatesTo: ['retryCore'], ownLogic: false }),
          candidate('retryProduced', { startLine: 30, delegatesTo: ['getPolicy'], ownLogic: false }),
        ],
        producers: [{ name: 'getPolicy', returns: 'RetryPolicy' }],
        imports: [named('./policy', 'RetryPolicy')],
        localUses: ['retryCore', 'retryLocal', 'retryProduced'],
      }),
      facts('src/policy.ts', { candidates: [candidate('RetryPolicy')], exports: [exportLocal('RetryPolicy')] }),
    ]);
    const findings = byId(result.findings);
    expect(findings['src/retry.ts#retryLocal']).toMatchObject({ kind: 'wrapper', target: 'src/retry.ts#retryCore' });
    expect(findings['src/retry.ts#retryProduced']).toMatchObject({ kind: 'wrapper', target: 'src/policy.ts#RetryPolicy' });
  });

  it('leave implementations with their own logic and other concepts alone, and drop tentative wrappers that forward to no finding', () => {
    const { result } = linkTable([
      unified,
      facts('src/a.ts', {
        imports: [named('./core/unified', 'UnifiedCircuitBreaker'), named('left-pad', 'pad')],
        candidates: [
          candidate('Rich', { concept: 'circuit-breaker', delegatesTo: ['UnifiedCircuitBreaker'], ownLogic: true }),
          candidate('Tentative', { concept: 'circuit-breaker', kind: 'wrapper', delegatesTo: ['pad'], ownLogic: false }),
          candidate('OtherConcept', { concept: 'retry', delegatesTo: ['UnifiedCircuitBreaker'], ownLogic: false }),
        ],
      }),
    ]);
    const findings = byId(result.findings);
    expect(findings['src/a.ts#Rich']!.kind).toBe('implementation');
    expect(findings['src/a.ts#Tentative']).toBeUndefined();
    expect(findings['src/a.ts#OtherConcept']!.kind).toBe('implementation');
  });
});

describe('barrels', () => {
  it('are index modules of any extension, nothing else', async () => {
    const { isBarrel } = await import('./barrel.js');
    expect(['index.ts', 'src/index.ts', 'a/b/index.d.ts', 'lib/index.mjs', 'index'].map(isBarrel)).toEqual([true, true, true, true, true]);
    expect(['src/indexer.ts', 'src/my-index.ts', 'index-utils/a.ts', 'src/reindex.ts'].map(isBarrel)).toEqual([false, false, false, false]);
  });
});
