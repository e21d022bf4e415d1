/**
 * Rule compilation (regexes built once per worker) and evaluation of one rule on one unit.
 */
import { API_SHAPE_MATCHERS, isMatcherName } from '../../rules/matchers.js';
import { compilePattern } from '../../rules/pattern.js';
import { DECLARATION_KINDS, type DeclarationKind, type NameListCondition, type RuleDefinition, type SignalDefinition } from '../../rules/types.js';
import { combineWeights, DEFAULT_RULE_THRESHOLD, DEFAULT_SIGNAL_WEIGHT } from './confidence.js';
import { importsFrom, mayLoadInline, type UnitContext } from './context.js';
import { compileKeywords } from './keyword-gate.js';
import { extractFeatures } from './features.js';
import { MATCHER_IMPLEMENTATIONS, type MatchEvidence } from './matchers/index.js';
import { shapeInfo } from './matchers/shape.js';


/** A signal ready to test: its condition compiled into a function over a unit. */
export interface CompiledSignal {
  id: string;
  weight: number;
  /** `matcher` or `imports`: describes what the code does. */
  structural: boolean;
  /** `name`, `members` or `extends`: what the declaration is called or looks like. */
  identity: boolean;
  /** Structural and about the concept's logic (not just an API shape): a wrapper has none of these. */
  logic: boolean;
  isName: boolean;
  /** For `name` signals: the compiled pattern (wrappers must delegate to something named like the concept). */
  namePattern?: RegExp;
  test(ctx: UnitContext): MatchEvidence[];
}

/** A rule with its regexes compiled and its defaults resolved. */
export interface CompiledRule {
  definition: RuleDefinition;
  id: string;
  kind: 'implementation' | 'config-type';
  declarations: ReadonlySet<DeclarationKind>;
  keywords: RegExp[] | undefined;
  signals: CompiledSignal[];
  exclude: CompiledSignal[];
  threshold: number;
  /** The lowest confidence reported: max(threshold, minConfidence). */
  cut: number;
  requiresAny: string[];
  requiresAll: string[];
  /** The signals named in `requires`, evaluated first. */
  requiredSignals: CompiledSignal[];
  supersedes: ReadonlySet<string>;
  byKey: boolean;
  wrappers: boolean;
}

function at(ctx: UnitContext, note: string): MatchEvidence {
  return { line: ctx.unit.startLine, note };
}

function memberNames(ctx: UnitContext): string[] {
  if (ctx.unit.kind === 'interface' || ctx.unit.kind === 'type') {
    const features = extractFeatures(ctx);
    return [...features.members, ...features.fields];
  }
  return [...ctx.unit.methods.map((m) => m.name).filter((n) => n !== 'constructor'), ...ctx.unit.properties.map((p) => p.name)];
}

function listTest(condition: NameListCondition, names: (ctx: UnitContext) => string[], what: string): (ctx: UnitContext) => MatchEvidence[] {
  const pattern = compilePattern(condition.pattern);
  const min = condition.min ?? 1;
  const ratio = condition.minRatio ?? 0;
  return (ctx) => {
    const all = names(ctx);
    const matching = all.filter((name) => pattern.test(name));
    if (matching.length < min || (all.length > 0 && matching.length / all.length < ratio)) return [];
    return [at(ctx, `${what} ${matching.slice(0, 5).join(', ')}${matching.length > 5 ? ', …' : ''}`)];
  };
}

function compileSignal(signal: SignalDefinition): CompiledSignal {
  const base = { id: signal.id, weight: signal.weight ?? DEFAULT_SIGNAL_WEIGHT, structural: false, identity: false, logic: false, isName: false };
  const note = (fallback: string): string => signal.note ?? fallback;
  if (signal.name !== undefined) {
    const pattern = compilePattern(signal.name);
    return { ...base, identity: true, isName: true, namePattern: pattern, test: (ctx) => (ctx.unit.name !== 'default' && pattern.test(ctx.unit.name) ? [at(ctx, note(`named ${ctx.unit.name}`))] : []) };
  }
  if (signal.members !== undefined) return { ...base, identity: true, test: listTest(signal.members, memberNames, signal.note ?? 'members') };
  if (signal.fields !== undefined) return { ...base, test: listTest(signal.fields, (ctx) => shapeInfo(ctx).fields, signal.note ?? 'fields') };
  if (signal.calls !== undefined) {
    const pattern = compilePattern(signal.calls);
    return {
      ...base,
      test: (ctx) => {
        const call = ctx.facts.calls.find((c) => pattern.test(c.text));
        return call ? [{ line: ctx.file.sf.getLineAndCharacterOfPosition(call.node.getStart(ctx.file.sf)).line + 1, note: note(`calls ${call.text}()`) }] : [];
      },
    };
  }
  if (signal.new !== undefined) {
    const pattern = compilePattern(signal.new);
    return {
      ...base,
      test: (ctx) => {
        const created = ctx.facts.news.find((n) => pattern.test(n.name));
        return created ? [{ line: ctx.file.sf.getLineAndCharacterOfPosition(created.node.getStart(ctx.file.sf)).line + 1, note: note(`creates ${created.name}`) }] : [];
      },
    };
  }
  if (signal.imports !== undefined) {
    const from = compilePattern(signal.imports.from);
    const names = signal.imports.names !== undefined ? compilePattern(signal.imports.names) : undefined;
    return {
      ...base,
      structural: true,
      logic: true,
      test: (ctx) => {
        // Only references to bindings imported from a matching module count: when the file has none, the
        // unit's references need not be looked at (nor built).
        for (const [local, ids] of importsFrom(ctx, from) ? ctx.facts.references : []) {
          const binding = ctx.file.imports.get(local);
          if (!binding || !from.test(binding.module)) continue;
          let ok = !names || names.test(binding.imported);
          if (!ok && (binding.imported === '*' || binding.imported === 'default')) {
            // Namespace or default imports: look at the member used (`cockatiel.retry(...)`).
            ok = ctx.facts.calls.some((c) => c.text.startsWith(`${local}.`) && names!.test(c.name));
          }
          if (ok) return [{ line: ctx.file.sf.getLineAndCharacterOfPosition(ids[0]!.getStart(ctx.file.sf)).line + 1, note: note(`uses ${local} from ${binding.module}`) }];
        }
        const inline = mayLoadInline(ctx.file) ? ctx.facts.inlineImports.find((i) => from.test(i.module)) : undefined;
        return inline ? [{ line: ctx.file.sf.getLineAndCharacterOfPosition(inline.node.getStart(ctx.file.sf)).line + 1, note: note(`loads ${inline.module}`) }] : [];
      },
    };
  }
  if (signal.extends !== undefined) {
    const pattern = compilePattern(signal.extends);
    return {
      ...base,
      identity: true,
      test: (ctx) => {
        const parent = ctx.unit.heritage.find((h) => pattern.test(h));
        return parent ? [at(ctx, note(`extends ${parent}`))] : [];
      },
    };
  }
  if (signal.strings !== undefined) {
    const pattern = compilePattern(signal.strings);
    return {
      ...base,
      test: (ctx) => {
        const hit = ctx.facts.strings.find((s) => pattern.test(s.text));
        return hit ? [{ line: ctx.file.sf.getLineAndCharacterOfPosition(hit.node.getStart(ctx.file.sf)).line + 1, note: note(`uses the string "${hit.text.slice(0, 40)}"`) }] : [];
      },
    };
  }
  if (signal.matcher !== undefined && isMatcherName(signal.matcher)) {
    const matcher = MATCHER_IMPLEMENTATIONS[signal.matcher];
    const custom = signal.note;
    return { ...base, structural: true, logic: !API_SHAPE_MATCHERS.has(signal.matcher), test: (ctx) => (custom ? matcher(ctx).map((e) => ({ ...e, note: `${custom}: ${e.note}` })) : matcher(ctx)) };
  }
  throw new Error(`signal "${signal.id}" has no known condition (validate rules before compiling them)`);
}

const DEFAULT_DECLARATIONS: Record<'implementation' | 'config-type', DeclarationKind[]> = {
  implementation: ['class', 'function', 'method', 'object'],
  'config-type': ['interface', 'type', 'class'],
};

/** Compiles one validated rule definition. */
export function compileRule(definition: RuleDefinition): CompiledRule {
  const kind = definition.kind ?? 'implementation';
  const threshold = definition.threshold ?? DEFAULT_RULE_THRESHOLD;
  const declarations = (definition.declarations ?? DEFAULT_DECLARATIONS[kind]).filter((d) => (DECLARATION_KINDS as readonly string[]).includes(d));
  const signals = (definition.signals ?? []).map(compileSignal);
  const requiredIds = new Set([...(definition.requires?.anyOf ?? []), ...(definition.requires?.allOf ?? [])]);
  return {
    definition,
    id: definition.id,
    requiredSignals: signals.filter((signal) => requiredIds.has(signal.id)),
    kind,
    declarations: new Set(declarations),
    keywords: compileKeywords(definition),
    signals,
    exclude: (definition.exclude ?? []).map(compileSignal),
    threshold,
    cut: Math.max(threshold, definition.minConfidence ?? 0),
    requiresAny: definition.requires?.anyOf ?? [],
    requiresAll: definition.requires?.allOf ?? [],
    supersedes: new Set(definition.supersedes ?? []),
    byKey: definition.cluster?.by === 'key',
    wrappers: kind === 'implementation' && definition.wrappers !== false,
  };
}

/** The result of running a rule on one unit. */
export interface Evaluation {
  fired: Map<string, MatchEvidence[]>;
  confidence: number;
  vetoed: string | undefined;
  requiresMet: boolean;
  nameFired: boolean;
  identityFired: boolean;
  /** A structural signal about the concept's logic fired (the declaration is not a mere wrapper). */
  logicFired: boolean;
  /** Confidence from identity signals only (for tentative wrappers). */
  identityConfidence: number;
}

/** Runs every signal of a rule on a unit. */
export function evaluate(rule: CompiledRule, ctx: UnitContext): Evaluation {
  for (const veto of rule.exclude) {
    const hit = veto.test(ctx);
    if (hit.length > 0) {
      return { fired: new Map(), confidence: 0, vetoed: veto.id, requiresMet: false, nameFired: false, identityFired: false, logicFired: false, identityConfidence: 0 };
    }
  }
  const fired = new Map<string, MatchEvidence[]>();
  const weights: number[] = [];
  const identityWeights: number[] = [];
  let nameFired = false;
  let logicFired = false;
  // Required signals first: when they fail, only what a tentative wrapper needs is still worth computing.
  const required = rule.requiredSignals;
  for (const signal of required) {
    const evidence = signal.test(ctx);
    if (evidence.length > 0) fired.set(signal.id, evidence);
  }
  const requiresMet = (rule.requiresAny.length === 0 || rule.requiresAny.some((id) => fired.has(id))) && rule.requiresAll.every((id) => fired.has(id));
  const worthWrapperCheck = !requiresMet && rule.wrappers && rule.signals.some((signal) => signal.isName && signal.weight > 0 && signal.test(ctx).length > 0);
  for (const signal of rule.signals) {
    if (!requiresMet && !worthWrapperCheck && !required.includes(signal)) continue;
    const evidence = required.includes(signal) ? fired.get(signal.id) ?? [] : signal.test(ctx);
    if (evidence.length === 0) continue;
    fired.set(signal.id, evidence);
    weights.push(signal.weight);
    if (signal.identity) identityWeights.push(signal.weight);
    if (signal.isName && signal.weight > 0) nameFired = true;
    if (signal.logic && signal.weight > 0) logicFired = true;
  }
  return {
    fired,
    confidence: combineWeights(weights),
    vetoed: undefined,
    requiresMet,
    nameFired,
    identityFired: identityWeights.some((w) => w > 0),
    logicFired,
    identityConfidence: combineWeights(identityWeights),
  };
}

/** Whether an evaluation makes the unit a candidate: no veto, requirements met, confidence over the cut. */
export function passes(rule: CompiledRule, evaluation: Evaluation | undefined): evaluation is Evaluation {
  return !!evaluation && !evaluation.vetoed && evaluation.requiresMet && evaluation.confidence >= rule.cut;
}
