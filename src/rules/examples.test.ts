import { describe, expect, it } from 'vitest';
import { analyzeSnippet, builtinRules, expectCandidates } from '../scan/detect/test-utils/detect.js';
import { loadBuiltinRules } from './load-rules.js';
import type { RuleExample } from './types.js';

// Every rule's documented examples are tests: valid snippets produce no finding of the concept,
// invalid ones exactly the findings they list.
const definitions = await loadBuiltinRules();

function normalise(example: string | RuleExample): RuleExample {
  return typeof example === 'string' ? { code: example } : example;
}

for (const definition of definitions) {
  describe(`rules/${definition.id}.yaml examples`, () => {
    definition.examples?.valid.forEach((raw, index) => {
      it(`valid[${index}] produces no ${definition.id} finding`, async () => {
        const example = normalise(raw);
        const { compiled } = await builtinRules();
        const analysis = analyzeSnippet(example.code, compiled, example.file);
        expect(analysis.candidates.filter((c) => c.concept === definition.id)).toEqual([]);
      });
    });
    definition.examples?.invalid.forEach((raw, index) => {
      it(`invalid[${index}] produces the expected ${definition.id} finding(s)`, async () => {
        const example = normalise(raw);
        const { compiled } = await builtinRules();
        const analysis = analyzeSnippet(example.code, compiled, example.file);
        if (example.findings) expectCandidates(analysis.candidates, definition.id, example.findings);
        else expect(analysis.candidates.filter((c) => c.concept === definition.id && c.kind !== 'wrapper')).toHaveLength(1);
      });
    });
  });
}
