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

/**
 * The keywords of several rules that share a flag set and can be joined into one alternation: one
 * scan of a text finds where the first of them matches, and each rule's own alternation, tried at that
 * position only (sticky), tells which rules matched there.
 */
export interface JoinedKeywords {
  flags: string;
  /** Rule indexes, in rule order. */
  rules: number[];
  /** Per entry of `rules`: the rule's keywords of this flag set as one alternation source. */
  sources: string[];
  /** Per entry of `rules`: that alternation, sticky. */
  sticky: RegExp[];
  /** Global alternations of the keywords of subsets of `rules` (by the subset's key), made when first needed. */
  unions: Map<string, RegExp>;
}

/** The compiled search of a rule set's keywords (see `matchKeywords`). */
export interface KeywordPlan {
  /** Rules without keywords: they run on every file. */
  everywhere: number[];
  joined: JoinedKeywords[];
  /** Keywords tested on their own (anchored at the start, back-references, unicode mode), deduplicated. */
  alone: RegExp[];
  /** Per rule: indexes into `alone`. */
  aloneOf: number[][];
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

/**
 * Back-references and named groups: joined with other patterns, `\1` would count the groups of
 * the patterns before it, and two patterns naming the same group would not compile together.
 */
const GROUP_REFERENCE = /\\[1-9]|\\k<|\(\?<(?![=!])/;

/**
 * Whether a keyword is tested on its own rather than joined: anchored at the start
 * (`^(?=[\s\S]*?a)(?=[\s\S]*?b)`: a and b both occur), which the engine tries at one position only
 * but a joined alternation would try at every position; group references (see `GROUP_REFERENCE`);
 * unicode mode, where a search may not resume inside a surrogate pair.
 */
function standsAlone(keyword: RegExp): boolean {
  return (keyword.source.startsWith('^') && !keyword.multiline) || GROUP_REFERENCE.test(keyword.source) || keyword.unicode || keyword.flags.includes('v');
}

function compilePlan(definitions: readonly Pick<RuleDefinition, 'keywords'>[]): KeywordPlan {
  const everywhere: number[] = [];
  const byFlags = new Map<string, JoinedKeywords>();
  const alone: RegExp[] = [];
  const aloneIndex = new Map<string, number>();
  const aloneOf: number[][] = definitions.map(() => []);
  definitions.forEach((definition, rule) => {
    if (!definition.keywords || definition.keywords.length === 0) {
      everywhere.push(rule);
      return;
    }
    const sources = new Map<string, string[]>();
    for (const keyword of definition.keywords.map(compilePattern)) {
      if (standsAlone(keyword)) {
        const key = `${keyword.flags}/${keyword.source}`;
        let index = aloneIndex.get(key);
        if (index === undefined) aloneIndex.set(key, (index = alone.push(keyword) - 1));
        if (!aloneOf[rule]!.includes(index)) aloneOf[rule]!.push(index);
        continue;
      }
      const list = sources.get(keyword.flags);
      if (list) list.push(keyword.source);
      else sources.set(keyword.flags, [keyword.source]);
    }
    for (const [flags, list] of sources) {
      const source = list.map((s) => `(?:${s})`).join('|');
      let group = byFlags.get(flags);
      if (!group) byFlags.set(flags, (group = { flags, rules: [], sources: [], sticky: [], unions: new Map() }));
      group.rules.push(rule);
      group.sources.push(source);
      group.sticky.push(new RegExp(source, `${flags}y`));
    }
  });
  const joined: JoinedKeywords[] = [];
  for (const group of byFlags.values()) {
    try {
      // Every subset's alternation compiles when the whole group's does.
      unionOf(group, group.rules.map((_, k) => k));
      joined.push(group);
    } catch {
      // Patterns that compile alone but not together: each rule's alternation is tested alone.
      group.rules.forEach((rule, k) => aloneOf[rule]!.push(alone.push(new RegExp(group.sources[k]!, group.flags)) - 1));
    }
  }
  return { everywhere, joined, alone, aloneOf };
}

/** Most subsets a joined group keeps compiled alternations for (a rule set with many rules could reach many). */
const MAX_UNIONS = 256;

/** The global alternation of the keywords of `group.rules[k]` for each `k` in `members`. */
function unionOf(group: JoinedKeywords, members: readonly number[]): RegExp {
  const key = members.join(',');
  let union = group.unions.get(key);
  if (!union) {
    union = new RegExp(members.map((k) => group.sources[k]).join('|'), `${group.flags}g`);
    if (group.unions.size < MAX_UNIONS) group.unions.set(key, union);
  }
  return union;
}

/**
 * Marks in `matched` the rules of `group` whose keywords match `text`. Each search resumes one
 * position after the last match and looks only for the rules not matched yet, so the text is scanned
 * about once however many rules match, and every search that finds something matches a new rule.
 */
function searchJoined(text: string, group: JoinedKeywords, matched: Uint8Array): void {
  let members: number[] = [];
  for (let k = 0; k < group.rules.length; k++) if (!matched[group.rules[k]!]) members.push(k);
  let from = 0;
  while (members.length > 0) {
    const union = unionOf(group, members);
    union.lastIndex = from;
    const match = union.exec(text);
    if (!match) return;
    const at = match.index;
    members = members.filter((k) => {
      const sticky = group.sticky[k]!;
      sticky.lastIndex = at;
      if (!sticky.test(text)) return true;
      matched[group.rules[k]!] = 1;
      return false;
    });
    from = at + 1;
  }
}

/**
 * Indexes (in rule order) of the rules whose keywords match `text`, before any structure test. With
 * `among`, only those rules are tested (and returned).
 */
export function matchKeywords(text: string, gate: KeywordGate, among?: readonly number[]): number[] {
  const plan = gate.plan;
  const matched = new Uint8Array(gate.ruleCount);
  // Rules left out count as matched while searching, so no search looks for them; they are dropped at the end.
  if (among) {
    matched.fill(1);
    for (const rule of among) matched[rule] = 0;
  }
  for (const rule of plan.everywhere) matched[rule] = 1;
  for (const group of plan.joined) searchJoined(text, group, matched);
  // Each keyword tested alone runs at most once per text, however many rules share it.
  let tested: Int8Array | undefined;
  for (let rule = 0; rule < gate.ruleCount; rule++) {
    if (matched[rule]) continue;
    for (const index of plan.aloneOf[rule]!) {
      tested ??= new Int8Array(plan.alone.length);
      if (tested[index] === 0) tested[index] = plan.alone[index]!.test(text) ? 1 : -1;
      if (tested[index] === 1) {
        matched[rule] = 1;
        break;
      }
    }
  }
  const indexes: number[] = [];
  if (among) {
    for (const rule of among) if (matched[rule]) indexes.push(rule);
    return indexes;
  }
  for (let rule = 0; rule < gate.ruleCount; rule++) if (matched[rule]) indexes.push(rule);
  return indexes;
}

/** Compiles the keyword gate of validated rule definitions (in the same order as the compiled rules). */
export function compileKeywordGate(definitions: readonly StructureGateInput[]): KeywordGate {
  const perRule = definitions.map(compileKeywords);
  // A rule without keywords runs everywhere: a structure test would gate every file's tokenization.
  const structure = definitions.map((definition, index) => (perRule[index] ? compileStructureTest(definition) : undefined));
  const modules = definitions.flatMap((definition) => (definition.signals ?? []).flatMap((signal) => (signal.imports ? [compilePattern(signal.imports.from)] : [])));
  return { ruleCount: perRule.length, perRule, structure, plan: compilePlan(definitions), modules };
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
