/**
 * The keyword gate: which rules may run on a file, from its raw text alone. A rule runs only on files
 * matching one of its keywords, so most files of a codebase never need a full parse.
 *
 * This module does not load the TypeScript compiler: the thread that reads and lexes files (see
 * `analyze/text-stage.ts`) tests keywords without paying for a compiler it may never use.
 */
import { compilePattern } from '../../rules/pattern.js';
import type { RuleDefinition } from '../../rules/types.js';
import { tokenize, type Tokens } from '../module-facts/tokenizer.js';
import { codeText } from './code-text.js';
import { compileKeywordPlan, type KeywordPlan, matchPlan } from './keyword-utils/keyword-plan.js';
import { compileStructureTest, type StructureGateInput, type StructureTest } from './structure-gate.js';

/** Joins regexes with the same flags into one alternation, so a file's text is scanned once per flag set. */
export function mergePatterns(patterns: readonly RegExp[]): RegExp[] {
  const byFlags = new Map<string, string[]>();
  for (const pattern of patterns) {
    const list = byFlags.get(pattern.flags);
    if (list) list.push(pattern.source);
    else byFlags.set(pattern.flags, [pattern.source]);
  }
  return [...byFlags].map(([flags, sources]) => new RegExp(sources.map((source) => `(?:${source})`).join('|'), flags));
}

/** A rule's keyword regexes (merged by flags), or undefined when it has none and runs on every file. */
export function compileKeywords(definition: Pick<RuleDefinition, 'keywords'>): RegExp[] | undefined {
  return definition.keywords && definition.keywords.length > 0 ? mergePatterns(definition.keywords.map(compilePattern)) : undefined;
}

/** The keywords of a rule set, ready to test texts against. */
export interface KeywordGate {
  /** Number of rules (the indexes `activeRuleIndexes` returns are below it). */
  readonly ruleCount: number;
  /** Per rule, in rule order: its keyword regexes, or undefined when it runs on every file. */
  readonly perRule: readonly (readonly RegExp[] | undefined)[];
  /**
   * Per rule, in rule order: its structure test (see `structure-gate.ts`), run on the tokens of a text
   * its keywords matched, or undefined when the keywords alone decide.
   */
  readonly structure: readonly (StructureTest | undefined)[];
  /** @internal How `matchKeywords` searches a text. */
  readonly plan: KeywordPlan;
  /** The rules' `imports.from` patterns: module names they match stay in the code keywords are tested on (see `code-text.ts`). */
  readonly modules: readonly RegExp[];
}

/** Compiles the keyword gate of validated rule definitions (in the same order as the compiled rules). */
export function compileKeywordGate(definitions: readonly StructureGateInput[]): KeywordGate {
  const perRule = definitions.map(compileKeywords);
  // A rule without keywords runs everywhere: a structure test would gate every file's tokenization.
  const structure = definitions.map((definition, index) => (perRule[index] ? compileStructureTest(definition) : undefined));
  const modules = definitions.flatMap((definition) => (definition.signals ?? []).flatMap((signal) => (signal.imports ? [compilePattern(signal.imports.from)] : [])));
  return { ruleCount: perRule.length, perRule, structure, plan: compileKeywordPlan(definitions), modules };
}

/**
 * Indexes (in rule order) of the rules whose keywords match `text`, before any structure test. With
 * `among`, only those rules are tested (and returned, in that order).
 */
export function matchKeywords(text: string, gate: KeywordGate, among?: readonly number[]): number[] {
  return matchPlan(text, gate.plan, among);
}

/** Whether a rule whose keywords are `keywords` runs on `text`. */
export function keywordsMatch(keywords: readonly RegExp[] | undefined, text: string): boolean {
  return !keywords || keywords.some((keyword) => keyword.test(text));
}

/** The last text's answer: the text stage and the parse stage may ask about the same text. */
const lastActive = new WeakMap<KeywordGate, { text: string; indexes: number[] }>();

/**
 * Indexes (in rule order) of the rules whose keywords match the code of `text` (comments and import
 * and export lists aside) and whose structure test (if any) passes on its tokens. `tokens` (the tokens of `text`, or a function giving them, called only if a
 * structure test must run) lets the caller share one tokenization; by default `text` is tokenized into
 * the shared buffer when a structure test must run.
 */
export function activeRuleIndexes(text: string, gate: KeywordGate, tokens?: Tokens | (() => Tokens)): number[] {
  const last = lastActive.get(gate);
  if (last && last.text === text) return last.indexes;
  let indexes = matchKeywords(text, gate);
  const keyed = indexes.filter((index) => gate.perRule[index]);
  if (keyed.length > 0) {
    const t = tokens === undefined ? tokenize(text) : typeof tokens === 'function' ? tokens() : tokens;
    // Keywords count in code only, not in comments or import and export lists (see `code-text.ts`):
    // the rules they matched in the text must match in the code too.
    const code = codeText(t, gate.modules);
    if (code !== text) {
      const inCode = new Set(matchKeywords(code, gate, keyed));
      indexes = indexes.filter((index) => !gate.perRule[index] || inCode.has(index));
    }
    // The structure tests of the rules the keywords let through, on the same tokens.
    indexes = indexes.filter((index) => gate.structure[index]?.(t, code) ?? true);
  }
  lastActive.set(gate, { text, indexes });
  return indexes;
}

/** Whether some rule's keywords match `text`, so some rule runs on it. */
export function anyRuleMayMatch(text: string, gate: KeywordGate): boolean {
  return gate.ruleCount > 0 && activeRuleIndexes(text, gate).length > 0;
}
