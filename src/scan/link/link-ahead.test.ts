import { describe, expect, it } from 'vitest';
import type { FileOutcome } from '../analyze/text-stage.js';
import type { FileFacts } from '../facts.js';
import { Resolver } from '../resolve/resolver.js';
import { ExportResolver } from './export-resolver.js';
import { resolveFileImports } from './graph.js';
import { link } from './link.js';
import { candidate, exportLocal, facts as factsOf, named, reExport, starExport } from './test-utils/tables.js';
import { LinkAhead } from './link-ahead.js';

/** Facts of a file importing `imports` and re-exporting from `reExports`. */
function outcome(file: string, imports: string[], reExports: string[] = [], error = false): FileOutcome {
  const facts: FileFacts = {
    file,
    hash: 'h',
    parsed: false,
    imports: imports.map((specifier, i) => ({ specifier, line: i + 1, kind: 'static', typeOnly: false, bindings: [] })),
    exports: [
      { name: 'local', local: 'local', line: 1 },
      ...reExports.map((from, i) => ({ name: `n${i}`, from, imported: `n${i}`, line: i + 1 })),
    ],
    candidates: [],
    holders: [],
    producers: [],
    localUses: [],
  };
  if (error) facts.error = { message: 'syntax error' };
  return { file, hit: false, facts };
}

/** A resolver that records what it is asked. */
function recordingResolver(failOn?: string) {
  const asked: string[] = [];
  return {
    asked,
    resolver: {
      resolve(from: string, specifier: string) {
        if (specifier === failOn) throw new Error('unreadable tsconfig');
        // The real resolver caches its answers: what counts is what it is asked at all.
        if (!asked.includes(`${from} -> ${specifier}`)) asked.push(`${from} -> ${specifier}`);
        return { resolved: null };
      },
    },
  };
}

describe('LinkAhead', () => {
  it('resolves the import and re-export specifiers of analyzed files, skipping cache hits and failed files', async () => {
    const { asked, resolver } = recordingResolver();
    const ahead = new LinkAhead(Promise.resolve({ resolver }));
    await Promise.resolve();
    const outcomes: FileOutcome[] = [
      outcome('a.ts', ['./b', 'lodash'], ['./c']),
      { file: 'hit.ts', hit: true, hash: 'h' },
      outcome('broken.ts', ['./never'], [], true),
      outcome('b.ts', ['./a']),
    ];
    expect(ahead.step(outcomes)).toBe(false);
    expect(asked).toEqual(['a.ts -> ./b', 'a.ts -> lodash', 'a.ts -> ./c', 'b.ts -> ./a']);
  });

  it('works in small steps over a list that grows, and says when it has caught up', async () => {
    const { asked, resolver } = recordingResolver();
    const ahead = new LinkAhead(Promise.resolve({ resolver }));
    await Promise.resolve();
    const outcomes = Array.from({ length: 70 }, (_, i) => outcome(`f${i}.ts`, ['./x']));
    const steps: boolean[] = [];
    for (let i = 0; i < 4; i++) steps.push(ahead.step(outcomes));
    // 32 files a step: two steps with more to do, the third catches up.
    expect(steps).toEqual([true, true, false, false]);
    expect(asked).toHaveLength(70);
    outcomes.push(outcome('late.ts', ['./y']));
    expect(ahead.step(outcomes)).toBe(false);
    expect(asked.at(-1)).toBe('late.ts -> ./y');
      });

  it('does nothing before the resolver is ready, nor when it could not be built', async () => {
    const { asked, resolver } = recordingResolver();
    let ready!: (value: { resolver: typeof resolver }) => void;
    const ahead = new LinkAhead(new Promise((resolve) => (ready = resolve)));
    const outcomes = [outcome('a.ts', ['./b'])];
    expect(ahead.step(outcomes)).toBe(false);
    expect(asked).toEqual([]);
    ready({ resolver });
    await Promise.resolve();
    // Ready, but nothing prepared yet: no export resolver to hand over.
    expect(ahead.exports).toBeUndefined();
    ahead.step(outcomes);
    expect(asked).toEqual(['a.ts -> ./b']);
    expect(ahead.exports?.size).toBe(1);

    const failed = Promise.reject(new Error('no workspaces'));
    const never = new LinkAhead(failed);
    await failed.catch(() => {});
    expect(never.step(outcomes)).toBe(false);
  });

  it('stops at the first resolution that throws, leaving it to the link to report', async () => {
    const { asked, resolver } = recordingResolver('./bad');
    const ahead = new LinkAhead(Promise.resolve({ resolver }));
    await Promise.resolve();
    const outcomes = [outcome('a.ts', ['./ok', './bad', './after']), outcome('b.ts', ['./later'])];
    expect(ahead.step(outcomes)).toBe(false);
    expect(ahead.step(outcomes)).toBe(false);
    expect(asked).toEqual(['a.ts -> ./ok']);
  });

  it('indexes the prepared files in an export resolver that answers as one built over all files at once', async () => {
    // b re-exports a's name; c imports it from b; d failed to parse.
    const b = outcome('b.ts', [], ['./a']);
    if (!b.hit) b.facts.exports[1]!.imported = 'local';
    const files: FileOutcome[] = [
      b,
      outcome('a.ts', []),
      outcome('d.ts', ['./a'], [], true),
    ];
    const c = outcome('c.ts', ['./b']);
    if (!c.hit) c.facts.imports[0]!.bindings.push({ imported: 'n0', local: 'x' });
    const targets: Record<string, string> = { './a': 'a.ts', './b': 'b.ts' };
    const resolver = { resolve: (_from: string, specifier: string) => ({ resolved: targets[specifier] ?? null }) };
    const ahead = new LinkAhead(Promise.resolve({ resolver }));
    expect(ahead.exports).toBeUndefined();
    await Promise.resolve();
    ahead.step(files);
    const prepared = ahead.exports!;
    // The failed file is left out, as the link leaves it out.
    expect(prepared.size).toBe(2);
    prepared.add(c.hit ? undefined! : c.facts);
    const usable = [...files, c].flatMap((o) => (o.hit || o.facts.error ? [] : [o.facts]));
    const fresh = new ExportResolver(new Map(usable.map((f) => [f.file, f])), (from, specifier) => resolver.resolve(from, specifier).resolved);
    for (const resolverUnderTest of [prepared, fresh]) {
      expect(resolverUnderTest.resolveLocal('c.ts', 'x')).toEqual({ origin: { file: 'a.ts', name: 'local' }, hops: [{ file: 'b.ts', name: 'n0' }] });
      expect(resolverUnderTest.importBinding('c.ts', 'x')?.target).toBe('b.ts');
      expect(resolverUnderTest.reExports('b.ts')).toBe(true);
    }
    // Once it has answered, its answers may depend on every file: adding more is refused.
    expect(() => prepared.add({ ...usable[0]!, file: 'late.ts' })).toThrow(/after a resolution/);
  });

  it('gives no export resolver when a resolution threw', async () => {
    const { resolver } = recordingResolver('./bad');
    const ahead = new LinkAhead(Promise.resolve({ resolver }));
    await Promise.resolve();
    const outcomes = [outcome('a.ts', ['./ok']), outcome('b.ts', ['./bad'])];
    ahead.step(outcomes);
    expect(ahead.exports).toBeUndefined();
    expect(ahead.importsOf(outcomes[0]!.hit ? undefined! : outcomes[0]!.facts)).toBeUndefined();
  });

  it('prepares each file\'s resolved import edges, handed out for those very facts only', async () => {
    const targets: Record<string, string> = { './b': 'b.ts', './c': 'c.ts' };
    const resolver = { resolve: (_from: string, specifier: string) => (targets[specifier] ? { resolved: targets[specifier] } : { resolved: null, external: specifier }) };
    const ahead = new LinkAhead(Promise.resolve({ resolver }));
    await Promise.resolve();
    const a = outcome('a.ts', ['./b', 'lodash'], ['./c']);
    const late = outcome('late.ts', ['./b']);
    ahead.step([a, outcome('broken.ts', ['./b'], [], true)]);
    if (a.hit || late.hit) throw new Error('unreachable');
    const edges = ahead.importsOf(a.facts);
    expect(edges).toEqual(resolveFileImports(a.facts, (from, specifier) => resolver.resolve(from, specifier)));
    expect(edges?.map((edge) => [edge.specifier, edge.resolved, edge.external ?? null, edge.reExport ?? false])).toEqual([
      ['./b', 'b.ts', null, false],
      ['./c', 'c.ts', null, true],
      ['lodash', null, 'lodash', false],
    ]);
    // Other facts for the same file (analyzed again), or a file not prepared: nothing.
    expect(ahead.importsOf({ ...a.facts })).toBeUndefined();
    expect(ahead.importsOf(late.facts)).toBeUndefined();
  });

  it('lets the link give the same result whether files were prepared ahead or not', async () => {
    const table = [
      factsOf('src/core/unified.ts', {
        candidates: [candidate('UnifiedCircuitBreaker', { concept: 'circuit-breaker', startLine: 3, endLine: 80 })],
        exports: [exportLocal('UnifiedCircuitBreaker')],
      }),
      factsOf('src/utils/circuit-breaker.ts', { exports: [reExport('../core/unified', 'UnifiedCircuitBreaker', 'CircuitBreaker', 4)] }),
      factsOf('src/index.ts', { exports: [starExport('./utils/circuit-breaker')] }),
      factsOf('src/app.ts', { imports: [named('./utils/circuit-breaker', 'CircuitBreaker')] }),
      factsOf('src/other.ts', { imports: [named('.', 'CircuitBreaker')] }),
      // Failed files are not linked: what they would forward reaches nobody.
      factsOf('src/broken.ts', { exports: [reExport('./utils/circuit-breaker', 'CircuitBreaker')], error: { message: 'syntax error', line: 2 } }),
      factsOf('src/user.ts', { imports: [named('./broken', 'CircuitBreaker')] }),
    ];
    const files = table.map((f) => f.file).sort();
    const runLink = async (prepare: (ahead: LinkAhead, resolver: Resolver) => ExportResolver | undefined) => {
      const resolver = new Resolver({ root: '/nonexistent-ssot-root', files, tsconfigs: [], workspaces: [] });
      const ahead = new LinkAhead(Promise.resolve({ resolver }));
      await Promise.resolve();
      const exports = prepare(ahead, resolver);
      const { result, graph } = link({
        root: '/nonexistent-ssot-root',
        files,
        facts: table,
        resolve: (from, specifier) => resolver.resolve(from, specifier),
        workspaces: [],
        definitions: [],
        config: { scope: 'repo', canonical: {}, minConfidence: 0.5, rules: {} },
        ...(exports ? { exports } : {}),
        preparedImports: (facts) => ahead.importsOf(facts),
      });
      return JSON.stringify({ result, graph });
    };
    const plain = await runLink(() => undefined);
    expect(plain).toContain('src/utils/circuit-breaker.ts#CircuitBreaker');
    const outcomes: FileOutcome[] = table.map((facts) => ({ file: facts.file, hit: false, facts }));
    expect(JSON.parse(plain).result.findings.find((f: { symbol: string }) => f.symbol === 'UnifiedCircuitBreaker').importers).toEqual(['src/app.ts', 'src/other.ts']);
    // Half the files prepared (the failed one among them), the rest added by the link.
    const half = await runLink((ahead) => {
      ahead.step(outcomes.slice(0, 3));
      ahead.step(outcomes.slice(0, 3).concat(outcomes.slice(5, 6)));
      return ahead.exports;
    });
    expect(half).toBe(plain);
    // An export resolver holding a file that is not linked (it failed) is not used.
    const withFailed = await runLink((_ahead, resolver) => {
      const exports = new ExportResolver(new Map(), (from, specifier) => resolver.resolve(from, specifier).resolved);
      exports.add(table[5]!);
      return exports;
    });
    expect(withFailed).toBe(plain);
  });
});
