/**
 * How the keyword gate searches a text for the keywords of every rule: one pass finds the atoms of
 * every keyword (`atom-scanner.ts`), and a keyword's regex runs only when its atoms are there
 * (`regex-prefilter.ts`), never when they decide it, and at most once however many rules share it.
 */
import { compilePattern } from '../../../rules/pattern.js';
import type { RuleDefinition } from '../../../rules/types.js';
import { AtomScanner, type FoundAtoms } from './atom-scanner.js';
import { atomsOf, type Prefilter, regexPrefilter, type RegexPrefilter } from './regex-prefilter.js';

/** A prefilter with its atoms as indexes into the scanner's atoms. */
export type AtomCondition = { op: 'any' } | { op: 'atom'; atom: number } | { op: 'and' | 'or'; parts: AtomCondition[] };

/** One keyword regex of the rule set (the same regex in several rules is one keyword). */
export interface PlannedKeyword {
  regex: RegExp;
  /** What a text must contain for the regex to match it. */
  condition: AtomCondition;
  /** The condition is the regex: it never needs to run. */
  exact: boolean;
}

/** The compiled search of a rule set's keywords (see `matchPlan`). */
export interface KeywordPlan {
  /** Number of rules. */
  ruleCount: number;
  /** Finds the atoms of every keyword's condition in one pass over a text. */
  scanner: AtomScanner;
  keywords: PlannedKeyword[];
  /** Per rule: indexes into `keywords` (empty: the rule has none and runs on every file), cheapest first. */
  keywordsOf: number[][];
}

function atomCondition(filter: Prefilter, atomIndex: ReadonlyMap<string, number>): AtomCondition {
  if (filter.kind === 'any') return { op: 'any' };
  if (filter.kind === 'atom') return { op: 'atom', atom: atomIndex.get(filter.atom)! };
  return { op: filter.kind, parts: filter.parts.map((part) => atomCondition(part, atomIndex)) };
}

function holds(condition: AtomCondition, found: FoundAtoms): boolean {
  switch (condition.op) {
    case 'any':
      return true;
    case 'atom':
      return found[condition.atom] === 1;
    case 'and':
      return condition.parts.every((part) => holds(part, found));
    case 'or':
      return condition.parts.some((part) => holds(part, found));
  }
}

/** Compiles the keyword search of validated rule definitions (in rule order). */
export function compileKeywordPlan(definitions: readonly Pick<RuleDefinition, 'keywords'>[]): KeywordPlan {
  const byKey = new Map<string, number>();
  const distinct: Array<{ regex: RegExp; prefilter: RegexPrefilter }> = [];
  const keywordsOf: number[][] = definitions.map((definition) => {
    const indexes: number[] = [];
    for (const regex of (definition.keywords ?? []).map(compilePattern)) {
      const key = `${regex.flags}/${regex.source}`;
      let index = byKey.get(key);
      if (index === undefined) byKey.set(key, (index = distinct.push({ regex, prefilter: regexPrefilter(regex) }) - 1));
      if (!indexes.includes(index)) indexes.push(index);
    }
    return indexes;
  });
  const atoms = new Set<string>();
  for (const { prefilter } of distinct) atomsOf(prefilter.filter, atoms);
  const atomIndex = new Map([...atoms].map((atom, index) => [atom, index]));
  const keywords = distinct.map(({ regex, prefilter }) => ({ regex, condition: atomCondition(prefilter.filter, atomIndex), exact: prefilter.exact }));
  // Cheapest first: decided by the atoms, then a regex run only when its atoms are there, then the rest.
  const cost = (k: number): number => (keywords[k]!.exact ? 0 : keywords[k]!.condition.op === 'any' ? 2 : 1);
  for (const list of keywordsOf) list.sort((a, b) => cost(a) - cost(b));
  return { ruleCount: definitions.length, scanner: new AtomScanner([...atoms]), keywords, keywordsOf };
}

/**
 * Indexes (in rule order) of the rules whose keywords match `text`. With `among`, only those rules
 * are tested (and returned, in that order).
 */
export function matchPlan(text: string, plan: KeywordPlan, among?: readonly number[]): number[] {
  const rules = among ?? Array.from({ length: plan.ruleCount }, (_, rule) => rule);
  let found: FoundAtoms | undefined;
  let verdict: Int8Array | undefined;
  const indexes: number[] = [];
  for (const rule of rules) {
    const keywords = plan.keywordsOf[rule]!;
    if (keywords.length === 0) {
      indexes.push(rule);
      continue;
    }
    if (!found || !verdict) {
      // The text is read for atoms once, and only when some rule has keywords to test.
      found = new Uint8Array(plan.scanner.atoms.length);
      plan.scanner.scan(text, found);
      verdict = new Int8Array(plan.keywords.length);
    }
    for (const k of keywords) {
      if (verdict[k] === 0) {
        const keyword = plan.keywords[k]!;
        verdict[k] = holds(keyword.condition, found) && (keyword.exact || keyword.regex.test(text)) ? 1 : -1;
      }
      if (verdict[k] === 1) {
        indexes.push(rule);
        break;
      }
    }
  }
  return indexes;
}
