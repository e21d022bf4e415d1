import { describe, expect, it } from 'vitest';
import { candidate, exportLocal, facts, holder, linkTable, named, namespace, reExport, starExport } from './test-utils/tables.js';

const manager = (file: string, symbol: string) =>
  facts(file, { candidates: [candidate(symbol, { concept: 'reliability-manager' })], exports: [exportLocal(symbol)] });

describe('double initialization', () => {
  const table = () => [
    manager('src/base/reliability_manager.ts', 'ReliabilityManager'),
    manager('src/core/reliability.ts', 'AgentReliabilityWrapper'),
    facts('src/core/get-wrapper.ts', {
      imports: [named('./reliability', 'AgentReliabilityWrapper')],
      producers: [{ name: 'getReliabilityWrapper', returns: 'AgentReliabilityWrapper' }],
      exports: [exportLocal('getReliabilityWrapper')],
    }),
    facts('src/base/agent.ts', {
      imports: [named('./reliability_manager', 'ReliabilityManager'), named('../core/get-wrapper', 'getReliabilityWrapper')],
      holders: [
        holder('BaseAgent', '_reliabilityManager', 'ReliabilityManager', 14),
        holder('BaseAgent', '_legacyReliability', 'getReliabilityWrapper', 36, 'call'),
      ],
    }),
  ];

  it('finds a class holding two members of one cluster, through imports and a producer function', () => {
    const { result } = linkTable(table());
    expect(result.doubleInitializations).toEqual([
      {
        id: 'src/base/agent.ts#BaseAgent',
        file: 'src/base/agent.ts',
        class: 'BaseAgent',
        cluster: 'reliability-manager',
        holders: [
          { member: '_reliabilityManager', finding: 'src/base/reliability_manager.ts#ReliabilityManager', line: 14 },
          { member: '_legacyReliability', finding: 'src/core/reliability.ts#AgentReliabilityWrapper', line: 36 },
        ],
        startLine: 1,
        endLine: 50,
      },
    ]);
  });

  it('does not flag two instances of the same member, or of different concepts', () => {
    const same = linkTable([
      manager('src/m.ts', 'Manager'),
      facts('src/a.ts', { imports: [named('./m', 'Manager')], holders: [holder('A', 'one', 'Manager', 2), holder('A', 'two', 'Manager', 3)] }),
    ]).result;
    expect(same.doubleInitializations).toEqual([]);
    const different = linkTable([
      manager('src/m.ts', 'Manager'),
      facts('src/r.ts', { candidates: [candidate('Retry')], exports: [exportLocal('Retry')] }),
      facts('src/a.ts', { imports: [named('./m', 'Manager'), named('./r', 'Retry')], holders: [holder('A', 'm', 'Manager', 2), holder('A', 'r', 'Retry', 3)] }),
    ]).result;
    expect(different.doubleInitializations).toEqual([]);
  });

  it('resolves holders of local classes', () => {
    const { result } = linkTable([
      facts('src/a.ts', {
        candidates: [candidate('RetryA'), candidate('RetryB', { startLine: 20 })],
        holders: [holder('Service', 'a', 'RetryA', 40), holder('Service', 'b', 'RetryB', 41)],
      }),
    ]);
    expect(result.doubleInitializations.map((d) => [d.id, d.cluster, d.holders.length])).toEqual([['src/a.ts#Service', 'retry', 2]]);
  });
});

describe('module graph', () => {
  it('resolves every import, records externals and re-export edges, and where re-exported names come from', () => {
    const { graph } = linkTable([
      facts('src/core/breaker.ts', { exports: [exportLocal('Breaker')] }),
      facts('src/core/index.ts', { exports: [starExport('./breaker', 1), reExport('lodash', 'debounce', 'debounce', 2)] }),
      facts('src/app.ts', { imports: [named('./core', 'Breaker'), { ...named('lodash/fp', 'map'), line: 2 }, { ...namespace('./missing', 'm'), line: 3 }] }),
    ]);
    expect(graph.files).toEqual(['src/app.ts', 'src/core/breaker.ts', 'src/core/index.ts']);
    expect(graph.imports.map((i) => [i.from, i.specifier, i.resolved, i.external ?? null, i.reExport ?? false])).toEqual([
      ['src/app.ts', './core', 'src/core/index.ts', null, false],
      ['src/app.ts', 'lodash/fp', null, 'lodash', false],
      ['src/app.ts', './missing', null, null, false],
      ['src/core/index.ts', './breaker', 'src/core/breaker.ts', null, true],
      ['src/core/index.ts', 'lodash', null, 'lodash', true],
    ]);
    expect(graph.exportOrigins).toEqual({ 'src/core/index.ts': { Breaker: { file: 'src/core/breaker.ts', name: 'Breaker' } } });
  });
});

describe('determinism and errors', () => {
  it('produces identical output whatever the order of the facts', () => {
    const table = [
      facts('src/b.ts', { candidates: [candidate('retryB', { startLine: 5 }), candidate('retryB2', { startLine: 1 })] }),
      facts('src/a.ts', { candidates: [candidate('retryA')], imports: [named('./b', 'retryB')] }),
      facts('src/c.ts', { candidates: [candidate('Breaker', { concept: 'circuit-breaker' })] }),
    ];
    const forward = linkTable(table).result;
    const backward = linkTable([...table].reverse()).result;
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
    expect(forward.findings.map((f) => f.id)).toEqual(['src/a.ts#retryA', 'src/b.ts#retryB2', 'src/b.ts#retryB', 'src/c.ts#Breaker']);
  });

  it('reports files whose facts carry an error and skips them', () => {
    const { result } = linkTable([
      facts('src/broken.ts', { error: { message: 'syntax error: x', line: 3 }, candidates: [candidate('ghost')] }),
      facts('src/ok.ts', { candidates: [candidate('retry')] }),
    ]);
    expect(result.errors).toEqual([{ file: 'src/broken.ts', message: 'syntax error: x', line: 3 }]);
    expect(result.findings.map((f) => f.id)).toEqual(['src/ok.ts#retry']);
    expect(result.files).toBe(2);
  });
});
