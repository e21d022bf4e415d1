import { ts } from '../../parser/ts.js';
import type { RuleDefinition } from '../../rules/types.js';
import type { Candidate, FileFacts } from '../facts.js';
import { fingerprintNodes } from '../fingerprint.js';
import { chainText, rootIdentifier, useTree } from './ast-utils.js';
import { compileRule, evaluate, passes, type CompiledRule, type Evaluation } from './compile.js';
import { wrapperConfidence } from './confidence.js';
import { fileContext, unitContext, type FileContext, type UnitContext } from './context.js';
import { extractFeatures } from './features.js';
import { collectHolders, collectLocalUses, collectProducers } from './holders.js';
import { mainProduct } from './matchers/factory.js';
import { lexModuleFacts } from '../module-facts/lex-module-facts.js';
import { allowsJsx, tokenize } from '../module-facts/tokenizer.js';
import { mayHoldInstance } from './instance-gate.js';
import { activeRuleIndexes as gateIndexes, anyRuleMayMatch, compileKeywordGate, type KeywordGate } from './keyword-gate.js';
import { collectUnits } from './units.js';

/** What detection contributes to a file's facts. */
export type FileAnalysis = Pick<FileFacts, 'candidates' | 'holders' | 'producers' | 'localUses'>;

/** Rules prepared for matching (regexes compiled once per worker). Opaque to callers. */
export interface CompiledRules {
  readonly definitions: readonly RuleDefinition[];
  /** @internal */
  readonly compiled: readonly CompiledRule[];
  /** The rules' keywords, which the text stage tests without the compiler (see `keyword-gate.ts`). */
  readonly gate: KeywordGate;
}

/** Compiles validated rule definitions once per worker thread. */
export function compileRules(definitions: RuleDefinition[]): CompiledRules {
  return { definitions, compiled: definitions.map(compileRule), gate: compileKeywordGate(definitions) };
}

function activeRules(text: string, rules: CompiledRules, file?: string): CompiledRule[] {
  return activeRuleIndexes(text, rules, file).map((index) => rules.compiled[index]!);
}

/**
 * Indexes (into the compiled rules) of the rules whose keywords match `text`. The text stage hands
 * them to the parse stage, which may run on another thread, so the keywords are tested once per file.
 * `file`, when known, tells whether the text holds JSX (see `allowsJsx`).
 */
export function activeRuleIndexes(text: string, rules: CompiledRules, file?: string): number[] {
  return gateIndexes(text, rules.gate, file === undefined ? undefined : () => tokenize(text, false, allowsJsx(file)));
}

/** Cheap test on the raw text: whether any rule's keywords match, so some rule runs on the file. */
export function rulesMayMatch(text: string, rules: CompiledRules): boolean {
  return anyRuleMayMatch(text, rules.gate);
}

/**
 * Cheap test on the raw text: false only when no rule could possibly match (a rule only runs on files
 * matching one of its keywords) and the file cannot hold a holder or producer fact that matters (see
 * `mayHoldInstance`), so the file needs only the import/export lexer pass, not a full parse.
 */
export function mayHoldFinding(text: string, rules: CompiledRules): boolean {
  if (rules.compiled.length === 0) return false;
  return activeRules(text, rules).length > 0 || mayHoldInstance(text, lexModuleFacts(text).imports);
}

/** Local identifiers (imports and top-level names) a unit calls, instantiates or extends. */
function delegatesOf(ctx: UnitContext, file: FileContext): string[] {
  const names = new Set<string>();
  const consider = (name: string | undefined): void => {
    if (name && name !== ctx.unit.localName && (file.imports.has(name) || file.topLevel.has(name))) names.add(name);
  };
  for (const call of ctx.facts.calls) consider(rootIdentifier(call.node.expression)?.text);
  for (const created of ctx.facts.news) consider(rootIdentifier(created.node.expression)?.text);
  for (const parent of ctx.unit.extends) consider(parent);
  return [...names].sort();
}

const FACTORY_AFFIX = /^(?:create|make|build|new|get|produce)(?=[A-Z_])_?|(?:Factory|Builder|Provider|Creator|Maker)$/g;

function clusterKeyOf(ctx: UnitContext): string {
  const name = ctx.unit.name;
  const stripped = name.replace(FACTORY_AFFIX, '');
  if (stripped !== name && stripped.length > 0) return stripped;
  return mainProduct(ctx) ?? name;
}

function candidate(rule: CompiledRule, ctx: UnitContext, file: FileContext, evaluation: Evaluation, wrapper: boolean): Candidate {
  const unit = ctx.unit;
  const evidence: Candidate['evidence'] = [];
  for (const [signal, items] of evaluation.fired) for (const item of items) evidence.push({ signal, line: item.line, note: item.note });
  const delegatesTo = delegatesOf(ctx, file);
  const signals = [...evaluation.fired.keys()];
  let confidence = evaluation.confidence;
  if (wrapper) {
    signals.push('delegates');
    evidence.push({ signal: 'delegates', line: unit.startLine, note: `delegates to ${delegatesTo.join(', ')}` });
    confidence = wrapperConfidence(evaluation.identityConfidence);
  }
  const result: Candidate = {
    concept: rule.id,
    kind: wrapper ? 'wrapper' : rule.kind,
    symbol: unit.symbol,
    localName: unit.localName,
    startLine: unit.startLine,
    endLine: unit.endLine,
    confidence,
    signals,
    evidence,
    delegatesTo,
    ownLogic: !wrapper,
    features: extractFeatures(ctx),
    ...fingerprintNodes(unit.nodes),
  };
  if (rule.byKey) result.clusterKey = clusterKeyOf(ctx);
  return result;
}

/** Whether a call (possibly awaited or returned) goes to one of the targets, not through `new`. */
function callsTarget(expression: ts.Node | undefined, targets: Set<string>, file: FileContext): boolean {
  if (!expression) return false;
  let inner: ts.Node = expression;
  while (ts.isAwaitExpression(inner) || ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner)) inner = inner.expression;
  if (!ts.isCallExpression(inner)) return false;
  const callee = inner.expression;
  // `withRetry(op)`, or `retryLib.withRetry(op)` through a namespace import; not `RETRYABLE.has(x)`.
  if (ts.isIdentifier(callee)) return targets.has(callee.text);
  // `new RetryHandler(options).execute(op)`
  if (ts.isPropertyAccessExpression(callee) && ts.isNewExpression(callee.expression) && ts.isIdentifier(callee.expression.expression)) {
    return targets.has(callee.expression.expression.text);
  }
  const root = rootIdentifier(callee)?.text;
  const binding = root ? file.imports.get(root) : undefined;
  return !!root && targets.has(root) && !!binding && (binding.imported === '*' || binding.imported === 'default');
}

/** Members and names that hold an instance of a target: `this.inner = new Unified()`, `private inner: Unified`, `const b = create()`. */
function targetHolders(ctx: UnitContext, targets: Set<string>): Set<string> {
  const holders = new Set<string>(targets);
  // In values, type arguments do not count: `new Map<string, Breaker>()` holds many breakers, not one.
  const refersToTarget = (node: ts.Node | undefined): boolean => {
    let found = false;
    const visit = (child: ts.Node): void => {
      if (ts.isTypeNode(child)) return;
      if (ts.isIdentifier(child) && targets.has(child.text)) found = true;
      if (!found) ts.forEachChild(child, visit);
    };
    if (node) visit(node);
    return found;
  };
  const typedAsTarget = (type: ts.TypeNode | undefined): boolean =>
    !!type && ((ts.isTypeReferenceNode(type) && targets.has(chainText(type.typeName as ts.Node))) || (ts.isUnionTypeNode(type) && type.types.some(typedAsTarget)));
  for (const root of ctx.unit.nodes) {
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && refersToTarget(node.right)) holders.add(chainText(node.left));
      if ((ts.isPropertyDeclaration(node) || ts.isParameter(node) || ts.isVariableDeclaration(node)) && ts.isIdentifier(node.name) && (typedAsTarget(node.type) || refersToTarget(node.initializer))) {
        holders.add(ts.isVariableDeclaration(node) ? node.name.text : `this.${node.name.text}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(root);
  }
  return holders;
}

/**
 * The forwarding shape of a wrapper: a function whose whole body calls the target
 * (`(op) => withRetry(op, 5)`), or a class that extends the target or whose methods call the same-named
 * method of a member (`canExecute() { return this.inner.canExecute(); }`). Registries, getters and
 * singletons (`new X()`) are not wrappers.
 */
function forwards(ctx: UnitContext, targets: Set<string>, file: FileContext): boolean {
  const unit = ctx.unit;
  if (unit.extends.some((name) => targets.has(name))) return true;
  if (unit.kind === 'class' || unit.kind === 'object') {
    const holders = targetHolders(ctx, targets);
    return unit.methods.some((method) => {
      let same = false;
      for (const node of method.nodes) {
        const visit = (child: ts.Node): void => {
          if (ts.isCallExpression(child) && ts.isPropertyAccessExpression(child.expression) && child.expression.name.text === method.name && holders.has(chainText(child.expression.expression))) same = true;
          if (!same) ts.forEachChild(child, visit);
        };
        visit(node);
      }
      return same;
    });
  }
  const node = unit.nodes[0]!;
  if (unit.kind === 'variable') return callsTarget(node, targets, file);
  const fn = ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) ? node : undefined;
  if (!fn?.body) return false;
  if (!ts.isBlock(fn.body)) return callsTarget(fn.body, targets, file);
  const statements = fn.body.statements;
  if (statements.length !== 1) return false;
  const only = statements[0]!;
  return (ts.isReturnStatement(only) && callsTarget(only.expression, targets, file)) || (ts.isExpressionStatement(only) && callsTarget(only.expression, targets, file));
}

/** A declaration that looks like the concept by name but only forwards to something else. */
function tentativeWrapper(rule: CompiledRule, ctx: UnitContext, file: FileContext, evaluation: Evaluation | undefined): Candidate | undefined {
  if (!evaluation || !rule.wrappers || evaluation.vetoed || evaluation.requiresMet || !evaluation.nameFired || evaluation.logicFired) return undefined;
  // It must forward to something named like the concept (the linker then confirms that target is a finding).
  const patterns = rule.signals.flatMap((signal) => (signal.namePattern && signal.weight > 0 ? [signal.namePattern] : []));
  const targets = new Set(delegatesOf(ctx, file).filter((name) => patterns.some((pattern) => pattern.test(name))));
  if (targets.size === 0 || !forwards(ctx, targets, file)) return undefined;
  const result = candidate(rule, ctx, file, evaluation, true);
  return result.confidence >= rule.cut ? result : undefined;
}

function analyzeUnit(ctx: UnitContext, rules: readonly CompiledRule[], file: FileContext, into: Candidate[]): void {
  const unit = ctx.unit;
  let methodContexts: UnitContext[] | undefined;
  const methods = (): UnitContext[] => (methodContexts ??= unit.methods.map((method) => unitContext(method, file)));
  for (const rule of rules) {
    const ownEvaluation = rule.declarations.has(unit.kind) ? evaluate(rule, ctx) : undefined;
    if (unit.methods.length === 0 || !rule.declarations.has('method')) {
      if (passes(rule, ownEvaluation)) into.push(candidate(rule, ctx, file, ownEvaluation, false));
      else {
        const wrapper = tentativeWrapper(rule, ctx, file, ownEvaluation);
        if (wrapper) into.push(wrapper);
      }
      continue;
    }
    // A class about the concept is reported whole; logic inlined in a method of a class that exists
    // for something else is reported as `Class.method`.
    const passingMethods: Array<[UnitContext, Evaluation]> = [];
    // Methods are part of the class: when the class as a whole lacks the required structure, no method has it.
    // A structural veto on the class (the backoff rule's "it retries itself") may come from one method
    // and says nothing about the others: a client class whose retry method sits next to its delay method.
    const structuralVeto = !!ownEvaluation?.vetoed && rule.exclude.some((signal) => signal.id === ownEvaluation.vetoed && signal.structural);
    const classMayHoldIt = !ownEvaluation || structuralVeto || (!ownEvaluation.vetoed && ownEvaluation.requiresMet);
    for (const methodCtx of classMayHoldIt ? methods() : []) {
      const evaluation = evaluate(rule, methodCtx);
      if (passes(rule, evaluation)) passingMethods.push([methodCtx, evaluation]);
    }
    // A class whose only method carries the logic exists for it too.
    const substantive = unit.methods.filter((method) => method.name !== 'constructor').length;
    if (passes(rule, ownEvaluation) && (ownEvaluation.nameFired || passingMethods.length === 0 || substantive === 1)) {
      into.push(candidate(rule, ctx, file, ownEvaluation, false));
    } else if (passingMethods.length > 0) {
      for (const [methodCtx, evaluation] of passingMethods) into.push(candidate(rule, methodCtx, file, evaluation, false));
    } else {
      const wrapper = tentativeWrapper(rule, ctx, file, ownEvaluation);
      if (wrapper) into.push(wrapper);
    }
  }
}

/** One finding per symbol: a concept that supersedes another wins, then the more confident one. */
function oneConceptPerSymbol(candidates: Candidate[], rules: readonly CompiledRule[]): Candidate[] {
  const order = new Map(rules.map((rule, index) => [rule.id, index]));
  const supersedes = new Map(rules.map((rule) => [rule.id, rule.supersedes]));
  const bySymbol = new Map<string, Candidate[]>();
  for (const item of candidates) {
    const list = bySymbol.get(item.symbol);
    if (list) list.push(item);
    else bySymbol.set(item.symbol, [item]);
  }
  const kept: Candidate[] = [];
  for (const group of bySymbol.values()) {
    const survivors = group.filter((item) => !group.some((other) => other !== item && supersedes.get(other.concept)?.has(item.concept) && other.kind !== 'wrapper'));
    survivors.sort((a, b) => Number(a.kind === 'wrapper') - Number(b.kind === 'wrapper') || b.confidence - a.confidence || (order.get(a.concept) ?? 0) - (order.get(b.concept) ?? 0));
    kept.push(survivors[0] ?? group[0]!);
  }
  return kept.sort((a, b) => a.startLine - b.startLine || a.symbol.localeCompare(b.symbol));
}

/**
 * Runs every rule over one parsed file and collects the linker's facts. `activeIndexes`, when given,
 * must be `activeRuleIndexes` of the same text and rules.
 */
export function analyzeFile(sourceFile: ts.SourceFile, file: string, rules: CompiledRules, activeIndexes?: readonly number[]): FileAnalysis {
  // Matchers walk the same subtrees many times: over the file's depth-first order, each walk is a loop.
  useTree(sourceFile);
  const context = fileContext(sourceFile, file);
  const units = collectUnits(sourceFile);
  // The indexes from the text stage (`activeRuleIndexes` on the same text) spare a second keyword pass.
  const active = activeIndexes ? activeIndexes.map((index) => rules.compiled[index]!) : activeRules(sourceFile.text, rules, file);
  const found: Candidate[] = [];
  // One context per unit, shared by the rules and the holder facts, so a unit is walked once.
  const contexts = units.map((unit) => unitContext(unit, context));
  if (active.length > 0) for (const ctx of contexts) analyzeUnit(ctx, active, context, found);
  const byUnit = new Map(contexts.map((ctx) => [ctx.unit, ctx]));
  return {
    candidates: oneConceptPerSymbol(found, active),
    holders: collectHolders(units, context, (unit) => byUnit.get(unit)!.facts),
    producers: collectProducers(units, context),
    localUses: collectLocalUses(sourceFile, context),
  };
}
