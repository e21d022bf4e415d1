/**
 * The structure gate: a second, token-level test after a rule's keywords matched. A rule reports a
 * declaration only when its requirements hold (`requires`), or as a tentative wrapper (named like the
 * concept). Where every way to meet the requirements has a token-level precondition (the retry
 * matcher's re-invocation, a library's module name, a declared field or name matching a pattern), and
 * no tentative wrapper may be there (see `gate-utils/wrappers.ts`), the rule cannot report anything in the file, so
 * the file need not be parsed for it. Each precondition is implied by every structure its signal
 * accepts: it may let through files that hold nothing, never drop one that holds something.
 *
 * Like the keyword gate, this module does not load the TypeScript compiler.
 */
import { compilePattern } from '../../rules/pattern.js';
import type { RuleDefinition, SignalDefinition } from '../../rules/types.js';
import type { Tokens } from '../module-facts/tokenizer.js';
import { declaresNameMatching } from './gate-utils/names.js';
import { mayCapADelay, mayGrowADelay, mayJitter } from './gate-utils/backoff.js';
import { mayComposeRetryAndBreaker, mayHoldFailureStateMachine } from './gate-utils/breaker.js';
import { mayBuildProduct, mayBuildProductInDeclarationNamed } from './gate-utils/factory.js';
import { signalsNeededForConfidence } from './gate-utils/reachability.js';
import { combineWeights, DEFAULT_RULE_THRESHOLD, DEFAULT_SIGNAL_WEIGHT, wrapperConfidence } from './confidence.js';
import { mayReinvokeAfterFailure } from './gate-utils/reinvoke.js';
import { mayHoldWrapperNamed } from './gate-utils/wrappers.js';
import { importsModuleMatching, perText } from './gate-utils/token-utils.js';

export { mayReinvokeAfterFailure };

/**
 * A test over a file's tokens and its code text (comments and import lists aside, see `code-text.ts`;
 * the raw text when not given): false means the rule cannot report anything in that file.
 */
export type StructureTest = (tokens: Tokens, code?: string) => boolean;

/** What the gate needs of a rule definition. */
export type StructureGateInput = Pick<RuleDefinition, 'keywords'> & Partial<Pick<RuleDefinition, 'kind' | 'signals' | 'requires' | 'wrappers' | 'threshold' | 'minConfidence' | 'declarations' | 'exclude'>>;

/** Token-level preconditions of the built-in matchers that have one. */
const MATCHER_PRECONDITIONS: Readonly<Record<string, StructureTest>> = {
  're-invokes-after-failure': mayReinvokeAfterFailure,
  'failure-state-machine': mayHoldFailureStateMachine,
  'composes-retry-and-breaker': mayComposeRetryAndBreaker,
  'delay-from-attempt': mayGrowADelay,
  jitter: mayJitter,
  'delay-cap': mayCapADelay,
  'builds-product': mayBuildProduct,
};

/**
 * Preconditions a matcher can ask of the declarations named by some patterns: it looks only inside
 * the declaration it runs on, so where a rule requires it and a name alone lifts the confidence, both
 * must hold of one declaration.
 */
const NAMED_DECLARATION_PRECONDITIONS: Readonly<Record<string, (names: readonly RegExp[], methods: boolean) => StructureTest>> = {
  'builds-product': mayBuildProductInDeclarationNamed,
};

/** The precondition of one signal, or undefined when it has none at the token level. */
function preconditionOf(signal: SignalDefinition): StructureTest | undefined {
  if (signal.matcher !== undefined) {
    const test = MATCHER_PRECONDITIONS[signal.matcher];
    if (!test) return undefined;
    // The requirements and the confidence may both ask a matcher's precondition of one file: answered once per text.
    const key = `precondition:${signal.matcher}`;
    return (tokens, code) => perText(tokens, `${key}:${code === undefined ? -1 : code.length}`, () => test(tokens, code));
  }
  if (signal.imports !== undefined) {
    const modules = [compilePattern(signal.imports.from)];
    return (tokens) => importsModuleMatching(tokens, modules);
  }
  // A unit's name, its members and a shape's fields are all declared names (see `gate-utils/names.ts`).
  const pattern = signal.name ?? signal.fields?.pattern ?? signal.members?.pattern;
  if (pattern === undefined) return undefined;
  const compiled = [compilePattern(pattern)];
  return (tokens) => declaresNameMatching(tokens, compiled);
}

/**
 * What the requirements need at the token level: one of the `anyOf` preconditions (when each of those
 * signals has one) and every known `allOf` precondition. Undefined when nothing is known.
 */
function requirementsTest(definition: StructureGateInput): StructureTest | undefined {
  const signals = definition.signals ?? [];
  const find = (id: string): SignalDefinition | undefined => signals.find((signal) => signal.id === id);
  let anyOf: StructureTest[] | undefined = [];
  for (const id of definition.requires?.anyOf ?? []) {
    const signal = find(id);
    const test = signal && preconditionOf(signal);
    if (!test) {
      anyOf = undefined;
      break;
    }
    anyOf.push(test);
  }
  if (anyOf?.length === 0) anyOf = undefined;
  const allOf: StructureTest[] = [];
  for (const id of definition.requires?.allOf ?? []) {
    const signal = find(id);
    const test = signal && preconditionOf(signal);
    if (test) allOf.push(test);
  }
  if (!anyOf && allOf.length === 0) return undefined;
  return (tokens, code) => (!anyOf || anyOf.some((test) => test(tokens, code))) && allOf.every((test) => test(tokens, code));
}

/**
 * What the rule's confidence needs at the token level: one of the preconditions of the signals without
 * which the cut cannot be reached (see `gate-utils/reachability.ts`); when those are all names and a
 * required matcher can be asked of named declarations, one such declaration holding what it needs.
 * Undefined when nothing is known.
 */
function confidenceTest(definition: StructureGateInput): StructureTest | undefined {
  const needed = signalsNeededForConfidence(definition, (signal) => preconditionOf(signal) !== undefined);
  if (!needed) return undefined;
  if (needed.length > 0 && needed.every((signal) => signal.name !== undefined)) {
    const matchers = (definition.requires?.allOf ?? []).map((id) => definition.signals?.find((signal) => signal.id === id)?.matcher);
    const named = matchers.find((matcher) => matcher !== undefined && NAMED_DECLARATION_PRECONDITIONS[matcher] !== undefined);
    const methods = !definition.declarations || definition.declarations.includes('method');
    if (named !== undefined) return NAMED_DECLARATION_PRECONDITIONS[named]!(needed.map((signal) => compilePattern(signal.name!)), methods);
  }
  const tests = needed.map((signal) => preconditionOf(signal)!);
  return (tokens, code) => tests.some((test) => test(tokens, code));
}

/**
 * The requirements read one alternative at a time, when each `anyOf` signal has a precondition: a
 * reported declaration has one of them firing, and with it the signals its confidence still needs
 * (see `gate-utils/reachability.ts`, with that signal counted as required). The backoff rule: a growth
 * (0.45) reaches the cut only with jitter, a cap, a name or the library; the library alone reaches it.
 * Every known `allOf` precondition holds as well. Undefined when an alternative has no precondition.
 */
function alternativesTest(definition: StructureGateInput): StructureTest | undefined {
  const signals = definition.signals ?? [];
  const anyOf = definition.requires?.anyOf ?? [];
  if (anyOf.length === 0) return undefined;
  const allOf: StructureTest[] = [];
  for (const id of definition.requires?.allOf ?? []) {
    const signal = signals.find((s) => s.id === id);
    const test = signal && preconditionOf(signal);
    if (test) allOf.push(test);
  }
  const alternatives: StructureTest[] = [];
  for (const id of anyOf) {
    const signal = signals.find((s) => s.id === id);
    const own = signal && preconditionOf(signal);
    if (!own) return undefined;
    const sets = setsReachingCut(definition, new Set([...(definition.requires?.allOf ?? []), id]));
    if (!sets) return undefined;
    const tests = sets.map((set) => set.map((s) => preconditionOf(s)!));
    alternatives.push(tests.some((set) => set.length === 0) ? own : (tokens, code) => own(tokens, code) && tests.some((set) => set.every((test) => test(tokens, code))));
  }
  return (tokens, code) => alternatives.some((test) => test(tokens, code)) && allOf.every((test) => test(tokens, code));
}

/**
 * The smallest sets of signals with a precondition (other than `required`, which fire anyway) that,
 * firing with every other signal of positive weight, reach the rule's cut: a reported declaration has
 * all of one such set firing (confidence only grows with the positive weights that fire). Undefined
 * when there are too many signals to enumerate.
 */
function setsReachingCut(definition: StructureGateInput, required: ReadonlySet<string>): SignalDefinition[][] | undefined {
  const signals = definition.signals ?? [];
  const weight = (signal: SignalDefinition): number => signal.weight ?? DEFAULT_SIGNAL_WEIGHT;
  const cut = Math.max(definition.threshold ?? DEFAULT_RULE_THRESHOLD, definition.minConfidence ?? 0);
  const optional = signals.filter((signal) => !required.has(signal.id) && weight(signal) > 0 && preconditionOf(signal) !== undefined);
  if (optional.length > 12) return undefined;
  const others = signals.filter((signal) => !optional.includes(signal)).map(weight).filter((w) => w > 0);
  const minimal: number[] = [];
  // Subsets by increasing size, so a set holding a smaller one that reaches the cut is left out.
  const masks = Array.from({ length: 1 << optional.length }, (_, mask) => mask).sort((a, b) => bitCount(a) - bitCount(b));
  for (const mask of masks) {
    if (minimal.some((small) => (small & mask) === small)) continue;
    const weights = optional.filter((_, bit) => mask & (1 << bit)).map(weight);
    if (combineWeights([...others, ...weights]) >= cut) minimal.push(mask);
  }
  return minimal.map((mask) => optional.filter((_, bit) => mask & (1 << bit)));
}

function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest; rest &= rest - 1) count++;
  return count;
}

/**
 * The structure test of a rule, or undefined when the rule cannot be gated this way (no requirement
 * with a token-level precondition). A rule that reports tentative wrappers also passes where one may
 * be (see `gate-utils/wrappers.ts`: a unit named like the concept using another name so named).
 */
export function compileStructureTest(definition: StructureGateInput): StructureTest | undefined {
  const required = alternativesTest(definition) ?? requirementsTest(definition);
  const confident = confidenceTest(definition);
  const requirements = required && confident ? (tokens: Tokens, code?: string) => required(tokens, code) && confident(tokens, code) : required ?? confident;
  if (!requirements || !definition.signals) return undefined;
  const names: RegExp[] = [];
  if ((definition.kind ?? 'implementation') === 'implementation' && definition.wrappers !== false && wrappersMayReachCut(definition)) {
    for (const signal of definition.signals) {
      if (signal.name !== undefined && (signal.weight ?? DEFAULT_SIGNAL_WEIGHT) > 0) names.push(compilePattern(signal.name));
    }
  }
  if (names.length === 0) return requirements;
  // An `exclude` name signal vetoes any unit it matches (see `evaluate` in `compile.ts`).
  const excluded = (definition.exclude ?? []).flatMap((signal) => (signal.name !== undefined ? [compilePattern(signal.name)] : []));
  const wrapper = mayHoldWrapperNamed(names, excluded);
  return (tokens, code) => wrapper(tokens) || requirements(tokens, code);
}

/**
 * Whether a tentative wrapper of the rule may be reported at all: with every identity signal (names,
 * members, heritage) firing, its confidence (`wrapperConfidence`) reaches the cut. The reliability
 * manager's cannot (0.62 against 0.75), so a name alone never keeps a file for it.
 */
function wrappersMayReachCut(definition: StructureGateInput): boolean {
  const identity = (definition.signals ?? []).filter((signal) => signal.name !== undefined || signal.members !== undefined || signal.extends !== undefined);
  const weights = identity.map((signal) => signal.weight ?? DEFAULT_SIGNAL_WEIGHT).filter((weight) => weight > 0);
  const cut = Math.max(definition.threshold ?? DEFAULT_RULE_THRESHOLD, definition.minConfidence ?? 0);
  return wrapperConfidence(combineWeights(weights)) >= cut;
}
