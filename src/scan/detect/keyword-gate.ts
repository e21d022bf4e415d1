/**
 * The keyword gate: which rules may run on a file, from its raw text alone. A rule runs only on files
 * matching one of its keywords, so most files of a codebase never need a full parse.
 *
 * This module does not load the TypeScript compiler: the thread that reads and lexes files (see
 * `analyze/text-stage.ts`) tests keywords without paying for a compiler it may never use.
 */
import { compilePattern } from '../../rules/pattern.js';
import type { RuleDefinition } from '../../rules/types.js';
import { tokenize } from '../module-facts/tokenizer.js';
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
   * Every rule's keywords joined into one alternation per flag set: a text none of them matches
   * activates no rule, found in one scan per flag set instead of one per rule. Undefined when a rule
   * has no keywords (it runs everywhere) or the keywords cannot be joined without changing meaning.
   */
  readonly any: readonly RegExp[] | undefined;
  /**
   * Per rule, in rule order: its structure test (see `structure-gate.ts`), run on the tokens of a text
   * its keywords matched, or undefined when the keywords alone decide.
   */
  readonly structure: readonly (StructureTest | undefined)[];
}

/**
 * Back-references and named groups: joined with other patterns, `\1` would count the groups of
 * the patterns before it, and two patterns naming the same group would not compile together.
 */
const GROUP_REFERENCE = /\\[1-9]|\\k<|\(\?<(?![=!])/;

/**
 * One regex per flag set for the keywords that may match anywhere, and the keywords anchored at the
 * start of the text (`^(?=[\s\S]*?a)(?=[\s\S]*?b)`: a and b both occur) on their own: the engine
 * tries an anchored regex at one position only, but a branch of an alternation at every position.
 */
function unionOf(definitions: readonly Pick<RuleDefinition, 'keywords'>[]): RegExp[] | undefined {
  const unique = new Map<string, RegExp>();
  for (const definition of definitions) {
    if (!definition.keywords || definition.keywords.length === 0) return undefined;
    for (const keyword of definition.keywords.map(compilePattern)) {
      if (GROUP_REFERENCE.test(keyword.source)) return undefined;
      unique.set(`${keyword.flags}/${keyword.source}`, keyword);
    }
  }
  const anchored = (keyword: RegExp): boolean => keyword.source.startsWith('^') && !keyword.flags.includes('m');
  const keywords = [...unique.values()];
  try {
    return [...mergePatterns(keywords.filter((keyword) => !anchored(keyword))), ...keywords.filter(anchored)];
  } catch {
    return undefined;
  }
}

/** Compiles the keyword gate of validated rule definitions (in the same order as the compiled rules). */
export function compileKeywordGate(definitions: readonly StructureGateInput[]): KeywordGate {
  const perRule = definitions.map(compileKeywords);
  // A rule without keywords runs everywhere: a structure test would gate every file's tokenization.
  const structure = definitions.map((definition, index) => (perRule[index] ? compileStructureTest(definition) : undefined));
  return { ruleCount: perRule.length, perRule, any: perRule.length > 0 ? unionOf(definitions) : undefined, structure };
}

/** Whether a rule whose keywords are `keywords` runs on `text`. */
export function keywordsMatch(keywords: readonly RegExp[] | undefined, text: string): boolean {
  return !keywords || keywords.some((keyword) => keyword.test(text));
}

/** The last text's answer: the text stage asks whether any rule matches, then which ones, about the same text. */
const lastActive = new WeakMap<KeywordGate, { text: string; indexes: number[] }>();

/** Indexes (in rule order) of the rules whose keywords match `text`. */
export function activeRuleIndexes(text: string, gate: KeywordGate): number[] {
  const last = lastActive.get(gate);
  if (last && last.text === text) return last.indexes;
  const indexes: number[] = [];
  if (!gate.any || gate.any.some((keyword) => keyword.test(text))) {
    gate.perRule.forEach((keywords, index) => {
      if (keywordsMatch(keywords, text)) indexes.push(index);
    });
  }
  // The structure tests of the rules the keywords let through, on one tokenization of the text.
  if (indexes.some((index) => gate.structure[index])) {
    const tokens = tokenize(text);
    const kept = indexes.filter((index) => gate.structure[index]?.(tokens) ?? true);
    indexes.length = 0;
    indexes.push(...kept);
  }
  lastActive.set(gate, { text, indexes });
  return indexes;
}

/** Whether some rule's keywords match `text`, so some rule runs on it. */
export function anyRuleMayMatch(text: string, gate: KeywordGate): boolean {
  return gate.ruleCount > 0 && activeRuleIndexes(text, gate).length > 0;
}
