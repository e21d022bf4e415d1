/**
 * Test helpers for detection: the built-in rules compiled once, snippets analysed as real files would
 * be, and a table runner for must-find / must-not-find cases.
 */
import { expect, it } from 'vitest';
import { parseSource } from '../../../parser/ts.js';
import { loadBuiltinRules } from '../../../rules/load-rules.js';
import type { RuleDefinition } from '../../../rules/types.js';
import type { Candidate } from '../../facts.js';
import { analyzeFile, compileRules, type CompiledRules, type FileAnalysis } from '../analyze-file.js';

let builtin: Promise<{ definitions: RuleDefinition[]; compiled: CompiledRules }> | undefined;

/** The built-in rules, loaded from `rules/*.yaml` and compiled once per test file. */
export function builtinRules(): Promise<{ definitions: RuleDefinition[]; compiled: CompiledRules }> {
  builtin ??= loadBuiltinRules().then((definitions) => ({ definitions, compiled: compileRules(definitions) }));
  return builtin;
}

/** Removes the first newline and the common indentation, so line 1 is the first line of code. */
export function dedent(text: string): string {
  const body = text.replace(/^\n/, '');
  const lines = body.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Analyses a snippet as the file `file` (its extension picks TS or JS). */
export function analyzeSnippet(code: string, rules: CompiledRules, file = 'example.ts'): FileAnalysis {
  return analyzeFile(parseSource(file, code), file, rules);
}

export interface ExpectedCandidate {
  symbol: string;
  kind?: Candidate['kind'];
  startLine?: number;
  endLine?: number;
}

export interface DetectCase {
  name: string;
  code: string;
  file?: string;
  /** Findings of the concept under test, exactly; `[]` for a must-not-find case. */
  expect: ExpectedCandidate[];
}

/** Compares a concept's candidates with the expected ones (symbol, and kind/lines when given). */
export function expectCandidates(candidates: Candidate[], concept: string, expected: ExpectedCandidate[]): void {
  const actual = candidates.filter((c) => c.concept === concept);
  const shown = actual.map((c) => ({ symbol: c.symbol, kind: c.kind, startLine: c.startLine, endLine: c.endLine, signals: c.signals }));
  expect(shown.map((c) => c.symbol).sort(), JSON.stringify(shown)).toEqual(expected.map((e) => e.symbol).sort());
  for (const wanted of expected) {
    const found = actual.find((c) => c.symbol === wanted.symbol)!;
    if (wanted.kind) expect(found.kind, wanted.symbol).toBe(wanted.kind);
    if (wanted.startLine) expect(found.startLine, `${wanted.symbol} startLine`).toBe(wanted.startLine);
    if (wanted.endLine) expect(found.endLine, `${wanted.symbol} endLine`).toBe(wanted.endLine);
    expect(found.confidence).toBeGreaterThan(0);
    expect(found.confidence).toBeLessThanOrEqual(1);
    expect(found.evidence.length).toBeGreaterThan(0);
  }
}

/** Defines one test per case, run against all built-in rules. */
export function runDetectTable(concept: string, cases: DetectCase[]): void {
  for (const testCase of cases) {
    it(`${testCase.expect.length === 0 ? 'ignores' : 'finds'}: ${testCase.name}`, async () => {
      const { compiled } = await builtinRules();
      const analysis = analyzeSnippet(dedent(testCase.code), compiled, testCase.file);
      expectCandidates(analysis.candidates, concept, testCase.expect);
    });
  }
}
