import { describe, expect, it } from 'vitest';
import type { FileOutcome } from '../analyze/text-stage.js';
import type { FileFacts } from '../facts.js';
import { ResolveAhead } from './resolve-ahead.js';

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

/** A resolver that records what it is asked (the real one caches; what matters here is what is asked). */
function recordingResolver(failOn?: string) {
  const asked: string[] = [];
  return {
    asked,
    resolver: {
      resolve(from: string, specifier: string) {
        if (specifier === failOn) throw new Error('unreadable tsconfig');
        asked.push(`${from} -> ${specifier}`);
        return { resolved: null };
      },
    },
  };
}

describe('ResolveAhead', () => {
  it('resolves the import and re-export specifiers of analyzed files, skipping cache hits and failed files', async () => {
    const { asked, resolver } = recordingResolver();
    const ahead = new ResolveAhead(Promise.resolve({ resolver }));
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
    const ahead = new ResolveAhead(Promise.resolve({ resolver }));
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
    expect(new Set(asked).size).toBe(71);
  });

  it('does nothing before the resolver is ready, nor when it could not be built', async () => {
    const { asked, resolver } = recordingResolver();
    let ready!: (value: { resolver: typeof resolver }) => void;
    const ahead = new ResolveAhead(new Promise((resolve) => (ready = resolve)));
    const outcomes = [outcome('a.ts', ['./b'])];
    expect(ahead.step(outcomes)).toBe(false);
    expect(asked).toEqual([]);
    ready({ resolver });
    await Promise.resolve();
    ahead.step(outcomes);
    expect(asked).toEqual(['a.ts -> ./b']);

    const failed = Promise.reject(new Error('no workspaces'));
    const never = new ResolveAhead(failed);
    await failed.catch(() => {});
    expect(never.step(outcomes)).toBe(false);
  });

  it('stops at the first resolution that throws, leaving it to the link to report', async () => {
    const { asked, resolver } = recordingResolver('./bad');
    const ahead = new ResolveAhead(Promise.resolve({ resolver }));
    await Promise.resolve();
    const outcomes = [outcome('a.ts', ['./ok', './bad', './after']), outcome('b.ts', ['./later'])];
    expect(ahead.step(outcomes)).toBe(false);
    expect(ahead.step(outcomes)).toBe(false);
    expect(asked).toEqual(['a.ts -> ./ok']);
  });
});
