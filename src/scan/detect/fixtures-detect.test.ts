import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../parser/ts.js';
import { repoRoot } from '../../test-utils/fixtures.js';
import { analyzeFile, mayHoldFinding } from './analyze-file.js';
import { builtinRules } from './test-utils/detect.js';

// Per-file detection over the fixture codebases, checked against their hand-written inventories:
// every expected finding must be a candidate with its concept and kind (recall), and nothing listed
// as absent may be a candidate (precision). Linking (importers, wrappers' targets, clusters) is the
// scanner's job and is tested with it.

interface Expected {
  findings: Array<{ id: string; concept: string; kind: string }>;
  absent?: Array<{ id: string }>;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== 'node_modules' && entry !== 'dist') walk(full);
      } else if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(entry) && !/\.d\.[mc]?ts$/.test(entry)) files.push(full);
    }
  };
  walk(dir);
  return files;
}

// The main fixtures, and the small codebases of `fixtures/rules/` written in other idioms.
const ruleFixtures = readdirSync(join(repoRoot, 'fixtures', 'rules')).map((name) => `rules/${name}`);
const fixtures = ['agent-backend', 'js-monorepo', 'lookalikes', ...ruleFixtures].filter((name) => {
  try {
    return statSync(join(repoRoot, 'fixtures', name, 'expected-inventory.json')).isFile();
  } catch {
    return false;
  }
});

describe.each(fixtures)('detection on fixtures/%s', (name) => {
  const dir = join(repoRoot, 'fixtures', name);
  const expected = JSON.parse(readFileSync(join(dir, 'expected-inventory.json'), 'utf8')) as Expected;

  it('finds every expected implementation, wrapper and config type, and nothing absent', async () => {
    const { compiled, definitions } = await builtinRules();
    const candidates: Array<{ id: string; concept: string; kind: string; key?: string }> = [];
    for (const file of sourceFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      if (!mayHoldFinding(text, compiled)) continue;
      const rel = relative(dir, file).split(sep).join('/');
      for (const c of analyzeFile(parseSource(file, text), rel, compiled).candidates) candidates.push({ id: `${rel}#${c.symbol}`, concept: c.concept, kind: c.kind, key: c.clusterKey });
    }
    const wanted = expected.findings.filter((f) => f.kind !== 're-export');
    const missing = wanted.filter((f) => !candidates.some((c) => c.id === f.id && c.concept === f.concept && c.kind === f.kind));
    expect(missing).toEqual([]);

    // Keyed concepts whose clusters need two members (factories) may have candidates nobody duplicates:
    // clustering drops them, so such a candidate must not share its key with another one.
    const keyed = new Set(definitions.filter((d) => (d.cluster?.minSize ?? 1) > 1).map((d) => d.id));
    const absent = new Set((expected.absent ?? []).map((a) => a.id));
    const present = candidates.filter((c) => absent.has(c.id));
    expect(present.filter((c) => !keyed.has(c.concept))).toEqual([]);
    for (const lone of present.filter((c) => keyed.has(c.concept))) {
      expect(candidates.filter((c) => c.concept === lone.concept && c.key === lone.key).map((c) => c.id)).toEqual([lone.id]);
    }

    // Extra implementations are only allowed for those keyed concepts; tentative wrappers are confirmed by the linker.
    const extras = candidates.filter((c) => c.kind !== 'wrapper' && !keyed.has(c.concept) && !wanted.some((f) => f.id === c.id && f.concept === c.concept));
    expect(extras).toEqual([]);
  });

  it('never prefilters away a file that holds a candidate, holder or producer', async () => {
    const { compiled } = await builtinRules();
    for (const file of sourceFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      const analysis = analyzeFile(parseSource(file, text), file, compiled);
      if (analysis.candidates.length + analysis.holders.length + analysis.producers.length > 0) expect(mayHoldFinding(text, compiled), file).toBe(true);
    }
  });
});
