/**
 * Retry logic written inline in a method (`Class.method` findings). Rewriting such a loop onto the
 * canonical is not done automatically: the canonical must express the loop's wait, its give-up
 * condition and what it throws at the end, and the loop body may assign variables the method uses
 * afterwards. Instead the blocker describes the loop precisely (lines, attempts, wait, give-up
 * condition) and suggests the manual edit.
 */
import { ts } from '../../../parser/ts.js';

export interface InlineRetryShape {
  /** `loop`: a for/while/do loop around a try/catch; `recursion`: the method calls itself from a catch. */
  kind: 'loop' | 'recursion';
  /** 1-based lines of the loop (or of the whole method for recursion). */
  startLine: number;
  endLine: number;
  /** Number of attempts as an expression, when the loop bound says it. */
  attempts?: string;
  /** The wait between attempts (argument of the awaited sleep-like call, or of setTimeout). */
  wait?: string;
  /** Conditions under which the catch block stops retrying (`break` or `throw`). */
  givesUpWhen: string[];
  /** What the loop throws when it gives up, when it is not the caught error itself. */
  throws?: string;
  /** Whether the try block leaves the loop with `break` after assigning (not with `return`). */
  assignsAndBreaks: boolean;
}

function lineOf(source: ts.SourceFile, position: number): number {
  return source.getLineAndCharacterOfPosition(position).line + 1;
}

function findMethod(source: ts.SourceFile, className: string, methodName: string): ts.MethodDeclaration | undefined {
  let found: ts.MethodDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name?.text === className) {
      found = node.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText(source) === methodName && m.body !== undefined);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function firstTry(node: ts.Node): ts.TryStatement | undefined {
  let found: ts.TryStatement | undefined;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child)) return;
    if (ts.isTryStatement(child) && child.catchClause) {
      found = child;
      return;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

/** The wait of a catch block: `await sleep(x)`, `await delay(x)`, `setTimeout(fn, x)`. */
function waitOf(block: ts.Node, source: ts.SourceFile): string | undefined {
  let wait: string | undefined;
  const visit = (node: ts.Node): void => {
    if (wait !== undefined) return;
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source);
      const timer = /(^|\.)setTimeout$/.test(callee) ? node.arguments[1] : undefined;
      const sleeper = ts.isAwaitExpression(node.parent) && /(sleep|delay|wait|pause)/i.test(callee) ? node.arguments[0] : undefined;
      const argument = timer ?? sleeper;
      if (argument) {
        wait = argument.getText(source);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(block);
  return wait;
}

/** `attempt <= n` from 0 → `n + 1`; `attempt < n` from 0 → `n`; `attempt >= n` in a throw/break guard → `n`. */
function attemptsOf(loop: ts.IterationStatement, givesUp: ts.Expression[], source: ts.SourceFile): string | undefined {
  if (ts.isForStatement(loop) && loop.condition && ts.isBinaryExpression(loop.condition)) {
    const { operatorToken, right } = loop.condition;
    const init = loop.initializer && ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations[0]?.initializer?.getText(source) : undefined;
    const from = init === undefined ? 0 : Number(init);
    if (!Number.isNaN(from)) {
      const bound = right.getText(source);
      if (operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken) return from === 0 ? `${bound} + 1` : from === 1 ? bound : undefined;
      if (operatorToken.kind === ts.SyntaxKind.LessThanToken) return from === 0 ? bound : from === 1 ? `${bound} - 1` : undefined;
    }
  }
  for (const condition of givesUp) {
    const match = /^\w+\s*>=\s*(.+)$/.exec(condition.getText(source));
    if (match) return match[1]!.trim();
  }
  return undefined;
}

/** The conditions of `if (...) break|throw` statements directly in the catch block. */
function giveUpGuards(clause: ts.CatchClause): Array<{ condition: ts.Expression; statement: ts.Statement }> {
  const guards: Array<{ condition: ts.Expression; statement: ts.Statement }> = [];
  for (const statement of clause.block.statements) {
    if (!ts.isIfStatement(statement)) continue;
    const then = ts.isBlock(statement.thenStatement) && statement.thenStatement.statements.length === 1 ? statement.thenStatement.statements[0]! : statement.thenStatement;
    if (ts.isBreakStatement(then) || ts.isThrowStatement(then)) guards.push({ condition: statement.expression, statement: then });
  }
  return guards;
}

/** Describes the inline retry of `Class.method` in `source`, or undefined when no known shape is found. */
export function describeInlineRetry(source: ts.SourceFile, qualified: string): InlineRetryShape | undefined {
  const dot = qualified.indexOf('.');
  if (dot < 0) return undefined;
  const method = findMethod(source, qualified.slice(0, dot), qualified.slice(dot + 1));
  if (!method?.body) return undefined;
  const methodName = qualified.slice(dot + 1);
  let loop: ts.IterationStatement | undefined;
  const visit = (node: ts.Node): void => {
    if (loop || ts.isFunctionLike(node)) return;
    if ((ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForOfStatement(node)) && firstTry(node)) {
      loop = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(method.body, visit);
  const attempt = loop ? firstTry(loop) : firstTry(method.body);
  if (!attempt?.catchClause) return undefined;
  const guards = giveUpGuards(attempt.catchClause);
  const thrown = guards.map((g) => g.statement).find((s): s is ts.ThrowStatement => ts.isThrowStatement(s));
  const caught = attempt.catchClause.variableDeclaration?.name.getText(source);
  const throws = thrown?.expression && thrown.expression.getText(source) !== caught ? thrown.expression.getText(source) : undefined;
  let assignsAndBreaks = false;
  const scanTry = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isBreakStatement(node)) assignsAndBreaks = true;
    ts.forEachChild(node, scanTry);
  };
  scanTry(attempt.tryBlock);
  const common = {
    givesUpWhen: guards.map((g) => g.condition.getText(source)),
    ...(throws ? { throws } : {}),
    assignsAndBreaks,
  };
  const wait = waitOf(attempt.catchClause.block, source);
  if (loop) {
    const attempts = attemptsOf(loop, guards.map((g) => g.condition), source);
    return { kind: 'loop', startLine: lineOf(source, loop.getStart(source)), endLine: lineOf(source, loop.getEnd()), ...(attempts ? { attempts } : {}), ...(wait ? { wait } : {}), ...common };
  }
  const recursive = attempt.catchClause.block.getText(source).includes(`this.${methodName}(`);
  if (!recursive) return undefined;
  return { kind: 'recursion', startLine: lineOf(source, method.getStart(source)), endLine: lineOf(source, method.getEnd()), ...(wait ? { wait } : {}), ...common };
}

/** The blocker message and suggested manual edit for an inline retry. */
export function inlineRetryAdvice(qualified: string, shape: InlineRetryShape, canonicalRef: string): { message: string; hint: string; line: number } {
  const facts = [
    shape.attempts ? `attempts: ${shape.attempts}` : undefined,
    shape.wait ? `wait: ${shape.wait}` : undefined,
    shape.givesUpWhen.length > 0 ? `gives up when: ${shape.givesUpWhen.join(' / ')}` : undefined,
    shape.throws ? `then throws ${shape.throws}` : undefined,
  ].filter(Boolean);
  const where = `lines ${shape.startLine}–${shape.endLine}`;
  if (shape.kind === 'recursion') {
    return {
      line: shape.startLine,
      message: `${qualified} retries by calling itself (${where}${facts.length > 0 ? `; ${facts.join('; ')}` : ''}); its retry state is part of its parameters, so rewriting it would change its signature`,
      hint: `by hand: keep the signature, run the attempt once through ${canonicalRef} (policy with the same number of attempts and wait), and drop the recursive call`,
    };
  }
  const operation = shape.assignsAndBreaks ? 'the try block turned into a function that returns the value it assigns before `break`' : 'the try block (with its finally) as the operation';
  return {
    line: shape.startLine,
    message: `${qualified} retries in a loop (${where}; ${facts.join('; ') || 'no bound found'}); the canonical must express that wait and give-up condition, so it is not rewritten automatically`,
    hint: `by hand: replace ${where} with a call to ${canonicalRef} whose policy has ${shape.attempts ? `maxAttempts = ${shape.attempts}` : 'the same number of attempts'}${shape.wait ? `, a wait equivalent to ${shape.wait}` : ''}${shape.givesUpWhen.length > 0 ? `, and a retry predicate that is false when ${shape.givesUpWhen.join(' or ')}` : ''}, running ${operation}${shape.throws ? `; wrap its final error as ${shape.throws}` : ''}`,
  };
}
