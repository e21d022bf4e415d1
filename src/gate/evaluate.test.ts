import { describe, expect, it } from 'vitest';
import { evaluateGate } from './evaluate.js';
import { entry, finding, gateInput, graphOf, importOf, scanResult } from './test-utils/data.js';
import type { Suppression } from './types.js';

const canonical = finding({ file: 'src/core/retry.ts', symbol: 'retry', fingerprint: 'f-core', status: 'canonical' });
const legacy = finding({ file: 'src/legacy/retry.ts', symbol: 'legacyRetry', fingerprint: 'f-legacy', startLine: 4 });
const baseline = {
  version: 1 as const,
  tool: 'ssot test',
  entries: [entry({ id: 'f-core', file: 'src/core/retry.ts', symbol: 'retry' }), entry({ id: 'f-legacy', file: 'src/legacy/retry.ts', symbol: 'legacyRetry', line: 4 })],
};

function suppression(partial: Partial<Suppression> & { file: string; appliesTo: number }): Suppression {
  return { line: partial.appliesTo - 1, target: 'retry', reason: 'because', scope: 'line', ...partial };
}

describe('evaluateGate: findings against the baseline', () => {
  it('passes a tree whose findings are all baselined', () => {
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy]), baseline }));
    expect(verdict.passed).toBe(true);
    expect(verdict.summary).toMatchObject({ findings: 2, baselined: 2, violations: 0, fixed: 0 });
  });

  it('fails on a new implementation, at its file and line, naming the canonical', () => {
    const added = finding({ file: 'src/jobs/poll.ts', symbol: 'pollWithRetry', fingerprint: 'f-new', startLine: 12 });
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, added]), baseline }));
    expect(verdict.passed).toBe(false);
    expect(verdict.violations).toEqual([
      expect.objectContaining({
        rule: 'new-finding',
        file: 'src/jobs/poll.ts',
        line: 12,
        instead: 'src/core/retry.ts#retry',
        message: 'new retry implementation `pollWithRetry`',
      }),
    ]);
  });

  it('names a configured canonical (such as the resilience core) over the suggested one', () => {
    const added = finding({ file: 'src/x.ts', symbol: 'x', fingerprint: 'f-new' });
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, added]), baseline, canonical: { retry: 'ssot/resilience#retry' } }));
    expect(verdict.violations[0]?.instead).toBe('ssot/resilience#retry');
  });

  it('says so when a cluster has no canonical yet', () => {
    const only = finding({ file: 'src/x.ts', symbol: 'x', fingerprint: 'f-new', concept: 'backoff', cluster: 'backoff' });
    const verdict = evaluateGate(gateInput({ result: scanResult([only]), baseline: null }));
    expect(verdict.baselineMissing).toBe(true);
    expect(verdict.violations[0]?.instead).toBeNull();
    expect(verdict.violations[0]?.message).toContain('choose one with `canonical.backoff`');
  });


  it('does not tell the configured canonical to use itself when it is new', () => {
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy]), baseline: null, canonical: { retry: 'src/core/retry.ts#retry' } }));
    const byFile = Object.fromEntries(verdict.violations.map((v) => [v.file, v]));
    expect(byFile['src/core/retry.ts']).toMatchObject({ instead: null, message: 'new retry implementation `retry` (the configured canonical: record it with `ssot baseline`)' });
    expect(byFile['src/legacy/retry.ts']).toMatchObject({ instead: 'src/core/retry.ts#retry', message: 'new retry implementation `legacyRetry`' });
  });
  it('fails on a verbatim copy of a baselined implementation', () => {
    const copy = finding({ file: 'src/copy.ts', symbol: 'legacyRetry', fingerprint: 'f-legacy', startLine: 2 });
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, copy]), baseline }));
    expect(verdict.violations).toHaveLength(1);
    expect(verdict.violations[0]).toMatchObject({ file: 'src/copy.ts', line: 2 });
    expect(verdict.violations[0]?.message).toContain('a copy of baselined `legacyRetry` (src/legacy/retry.ts:4)');
  });

  it('gates new wrappers and config types, but not re-exports or findings inside shims', () => {
    const wrapper = finding({ file: 'src/w.ts', symbol: 'w', kind: 'wrapper', fingerprint: 'f-w' });
    const reexport = finding({ file: 'src/index.ts', symbol: 'retry', kind: 're-export', fingerprint: 'f-r' });
    const shimmed = finding({ file: 'src/old.ts', symbol: 'old', fingerprint: 'f-o' });
    const config = finding({ file: 'src/c.ts', symbol: 'RetryOptions', kind: 'config-type', concept: 'retry-config', cluster: 'retry-config', fingerprint: 'f-c' });
    const verdict = evaluateGate(
      gateInput({ result: scanResult([canonical, legacy, wrapper, reexport, shimmed, config]), baseline, notes: { 'src/old.ts': { shims: { old: 'src/core/retry.ts#retry' } } } }),
    );
    expect(verdict.violations.map((v) => v.message)).toEqual([
      'new retry-config config type `RetryOptions`; no canonical yet: choose one with `canonical.retry-config` in the config',
      'new retry wrapper `w`',
    ]);
  });

  it('reports fixed, moved and changed findings and passes', () => {
    const moved = finding({ file: 'src/shared/retry.ts', symbol: 'retry', fingerprint: 'f-core' });
    const verdict = evaluateGate(gateInput({ result: scanResult([moved]), baseline }));
    expect(verdict.passed).toBe(true);
    expect(verdict.moved.map((m) => [m.file, m.entry.file])).toEqual([['src/shared/retry.ts', 'src/core/retry.ts']]);
    expect(verdict.fixed.map((e) => e.symbol)).toEqual(['legacyRetry']);
  });

  it('fails on stale baseline entries and unused suppressions only with --strict', () => {
    const notes = { 'src/core/retry.ts': { suppressions: [suppression({ file: 'src/core/retry.ts', appliesTo: 40 })] } };
    const input = gateInput({ result: scanResult([canonical]), baseline, notes });
    const lenient = evaluateGate(input);
    expect(lenient.passed).toBe(true);
    expect(lenient.unusedSuppressions).toHaveLength(1);
    const strict = evaluateGate({ ...input, strict: true });
    expect(strict.violations.map((v) => v.rule)).toEqual(['unused-suppression', 'stale-baseline']);
  });
});

describe('evaluateGate: suppressions', () => {
  const added = finding({ file: 'src/x.ts', symbol: 'x', fingerprint: 'f-new', startLine: 8 });

  it('honours an ssot-ignore with a reason on the finding line', () => {
    const s = suppression({ file: 'src/x.ts', appliesTo: 8 });
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, added]), baseline, notes: { 'src/x.ts': { suppressions: [s] } } }));
    expect(verdict.passed).toBe(true);
    expect(verdict.suppressed).toMatchObject([{ violation: { file: 'src/x.ts', line: 8 }, suppression: { reason: 'because' } }]);
    expect(verdict.unusedSuppressions).toEqual([]);
  });

  it('does not honour a suppression of another concept or another line', () => {
    const notes = { 'src/x.ts': { suppressions: [suppression({ file: 'src/x.ts', appliesTo: 8, target: 'backoff' }), suppression({ file: 'src/x.ts', appliesTo: 9 })] } };
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, added]), baseline, notes }));
    expect(verdict.violations.map((v) => v.rule)).toEqual(['new-finding']);
    expect(verdict.unusedSuppressions).toHaveLength(2);
  });

  it('reports a suppression without a reason as an error and does not honour it', () => {
    const notes = { 'src/x.ts': { suppressions: [suppression({ file: 'src/x.ts', appliesTo: 8, reason: '', line: 7 })] } };
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, added]), baseline, notes }));
    expect(verdict.violations.map((v) => [v.rule, v.line])).toEqual([
      ['invalid-suppression', 7],
      ['new-finding', 8],
    ]);
  });

  it('honours a file-level suppression for a gate rule', () => {
    const graph = graphOf(['src/a.ts', 'src/old.ts'], [importOf('src/a.ts', './old.js', 'src/old.ts', { line: 3, bindings: [{ imported: 'old', local: 'old' }] })]);
    const notes = {
      'src/old.ts': { shims: { old: 'src/core/retry.ts#retry' } },
      'src/a.ts': { suppressions: [suppression({ file: 'src/a.ts', appliesTo: 0, scope: 'file', target: 'deprecated-import' })] },
    };
    const verdict = evaluateGate(gateInput({ result: scanResult([]), graph, notes }));
    expect(verdict.passed).toBe(true);
    expect(verdict.summary.suppressed).toBe(1);
  });
});

describe('evaluateGate: max per concept', () => {
  const third = finding({ file: 'src/z.ts', symbol: 'z', fingerprint: 'f-z' });

  it('fails when a concept has more implementations than its max, even if all are baselined', () => {
    const all = { ...baseline, entries: [...baseline.entries, entry({ id: 'f-z', file: 'src/z.ts', symbol: 'z' })] };
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, third]), baseline: all, max: { retry: 2 } }));
    expect(verdict.violations).toMatchObject([{ rule: 'max-exceeded', file: 'src/z.ts', message: 'retry has 3 implementations, the configured max is 2' }]);
  });

  it('points at the new member that made the cluster grow', () => {
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, third]), baseline, max: { retry: 2 } }));
    expect(verdict.violations.filter((v) => v.rule === 'max-exceeded').map((v) => v.file)).toEqual(['src/z.ts']);
  });

  it('does not count wrappers or suppressed findings', () => {
    const wrapper = finding({ file: 'src/w.ts', symbol: 'w', kind: 'wrapper', fingerprint: 'f-w' });
    const notes = { 'src/legacy/retry.ts': { suppressions: [suppression({ file: 'src/legacy/retry.ts', appliesTo: 4 })] } };
    const all = { ...baseline, entries: [...baseline.entries, entry({ id: 'f-w', file: 'src/w.ts', symbol: 'w', kind: 'wrapper' })] };
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, wrapper]), baseline: all, max: { retry: 1 }, notes }));
    expect(verdict.passed).toBe(true);
    expect(verdict.unusedSuppressions).toEqual([]);
  });

  it('accepts a cluster id as the key', () => {
    const a = finding({ file: 'src/f1.ts', symbol: 'EngineFactory', concept: 'factory', cluster: 'factory:Engine', fingerprint: 'k1' });
    const b = finding({ file: 'src/f2.ts', symbol: 'EngineFactory', concept: 'factory', cluster: 'factory:Engine', fingerprint: 'k2' });
    const all = { version: 1 as const, tool: 't', entries: [entry({ id: 'k1', concept: 'factory', file: 'src/f1.ts', symbol: 'EngineFactory' }), entry({ id: 'k2', concept: 'factory', file: 'src/f2.ts', symbol: 'EngineFactory' })] };
    const verdict = evaluateGate(gateInput({ result: scanResult([a, b]), baseline: all, max: { 'factory:Engine': 1 } }));
    expect(verdict.violations.map((v) => v.rule)).toEqual(['max-exceeded']);
  });
});

describe('evaluateGate: --changed-since', () => {
  it('reports only violations in changed files, and counts the others', () => {
    const inChanged = finding({ file: 'src/changed.ts', symbol: 'a', fingerprint: 'n1' });
    const elsewhere = finding({ file: 'src/old.ts', symbol: 'b', fingerprint: 'n2' });
    const verdict = evaluateGate(
      gateInput({ result: scanResult([canonical, legacy, inChanged, elsewhere]), baseline, changed: { ref: 'origin/main', files: ['src/changed.ts'] } }),
    );
    expect(verdict.violations.map((v) => v.file)).toEqual(['src/changed.ts']);
    expect(verdict.summary.outsideChanged).toBe(1);
    expect(verdict.changedSince).toEqual({ ref: 'origin/main', files: ['src/changed.ts'] });
  });

  it('passes when the only violations are in unchanged files', () => {
    const elsewhere = finding({ file: 'src/old.ts', symbol: 'b', fingerprint: 'n2' });
    const verdict = evaluateGate(gateInput({ result: scanResult([canonical, legacy, elsewhere]), baseline, changed: { ref: 'HEAD~1', files: ['README.md'] } }));
    expect(verdict.passed).toBe(true);
    expect(verdict.changedSince?.files).toEqual([]);
  });
});

describe('evaluateGate: unparsable files', () => {
  it('does not call the entries of an unparsable file fixed, and shows the scan error', () => {
    const result = { ...scanResult([canonical]), errors: [{ file: 'src/legacy/retry.ts', message: "')' expected", line: 3 }] };
    const verdict = evaluateGate(gateInput({ result, baseline, strict: true }));
    expect(verdict.passed).toBe(true);
    expect(verdict.fixed).toEqual([]);
    expect(verdict.scanErrors).toEqual([{ file: 'src/legacy/retry.ts', message: "')' expected", line: 3 }]);
  });
});
