/**
 * Reads an inline retry written in a method or function and decides whether it maps exactly onto a
 * canonical retry call: a counted loop (`for (let i = S; i < B; i++)`, or `while (true)` with a counter
 * incremented first) or a self-recursion with a remaining-retries parameter, around
 * `try { … } catch (e) { give-up guards; side statements; await sleep(wait) }` with an optional
 * `finally`. Anything else yields a reason, so the member stays a blocker that says why.
 */
import { ts } from '../../../parser/ts.js';
import { isReference } from './imports.js';

/** A guard `if (cond) break|throw …` of the catch block, split on `||`. */
export interface GiveUp {
  /** Disjuncts that are not the last-attempt test: retrying stops when one is true. */
  predicates: ts.Expression[];
}

/** How the attempt number reaches moved code: a loop counter, recursion parameters, or an outer variable. */
export type CounterModel =
  /** `for (let name = start; …)`: inside callbacks, `name` is `attemptNumber - 1 + start`. */
  | { kind: 'loop'; name: string; start: number }
  /** An outer `let name = 0` incremented first in the loop body: moved code keeps reading it. */
  | { kind: 'outer'; name: string }
  /** Recursion: parameters decremented (`remaining`) or incremented (`counters`) per call. */
  | { kind: 'params'; remaining: string; counters: string[] };

export interface InlineRetryShape {
  kind: 'loop' | 'recursion';
  /** The function whose body holds the retry. */
  fn: ts.FunctionLikeDeclaration & { body: ts.Block };
  /** The statement replaced by the canonical call (the loop), or the whole try for recursion. */
  replaced: ts.Statement;
  attempt: ts.TryStatement;
  catchName: string;
  catchType?: string;
  counter: CounterModel;
  /** Expression text for the number of attempts. */
  attempts: string;
  /** Statements of the loop body before the try (run at each attempt). */
  before: ts.Statement[];
  /** The try block's statements (without a trailing `X = value; break`). */
  operation: ts.Statement[];
  /** Assign-and-break form: the variable assigned and the value expression. */
  assigns?: { target: string; value: ts.Expression };
  predicates: ts.Expression[];
  /** Statements between the guards and the wait. */
  side: ts.Statement[];
  wait?: ts.Expression;
  /** `throw X` in every guard, when X is not the caught error. */
  wraps?: ts.Expression;
  /** `let lastError` and `throw lastError` to remove. */
  lastError?: { declaration: ts.VariableStatement; rethrow?: ts.ThrowStatement; assignments: ts.Statement[] };
}

export type ShapeResult = { shape: InlineRetryShape } | { reason: string; line: number } | { none: true };

const SLEEP = /(^|\.)(sleep|delay|wait|pause|setTimeoutPromise)$/i;

function line(node: ts.Node): number {
  const source = node.getSourceFile();
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** The method `Class.method`, or the function `name` (a declaration or a `const name = function/arrow`). */
export function findFunction(source: ts.SourceFile, qualified: string): (ts.FunctionLikeDeclaration & { body: ts.Block }) | undefined {
  const dot = qualified.indexOf('.');
  const owner = dot < 0 ? undefined : qualified.slice(0, dot);
  const name = dot < 0 ? qualified : qualified.slice(dot + 1);
  let found: ts.FunctionLikeDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (owner && (ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name?.text === owner) {
      found = node.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText(source) === name && m.body !== undefined);
      return;
    }
    if (!owner && ts.isFunctionDeclaration(node) && node.name?.text === name && node.body) found = node;
    if (!owner && ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      found = node.initializer;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found?.body && ts.isBlock(found.body) ? (found as ts.FunctionLikeDeclaration & { body: ts.Block }) : undefined;
}

/** Visits `node` without entering nested functions. */
function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  const inner = (child: ts.Node): void => {
    if (ts.isFunctionLike(child)) return;
    visit(child);
    ts.forEachChild(child, inner);
  };
  ts.forEachChild(node, inner);
}

function contains(node: ts.Node, test: (node: ts.Node) => boolean): boolean {
  let hit = test(node);
  if (!hit) walk(node, (child) => (hit ||= test(child)));
  return hit;
}

/** Whether `node` refers to the variable `name`. */
export function mentions(node: ts.Node, name: string): boolean {
  let hit = ts.isIdentifier(node) && node.text === name && isReference(node);
  const visit = (child: ts.Node): void => {
    if (hit) return;
    if (ts.isIdentifier(child) && child.text === name && isReference(child)) hit = true;
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return hit;
}

function unwrapBlock(statement: ts.Statement): ts.Statement | undefined {
  if (!ts.isBlock(statement)) return statement;
  return statement.statements.length === 1 ? statement.statements[0] : undefined;
}

function disjuncts(expression: ts.Expression): ts.Expression[] {
  let node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarBarToken) return [...disjuncts(node.left), ...disjuncts(node.right)];
  return [node];
}

/** `await sleep(x)`, `await delay(x)`, `await new Promise(r => setTimeout(r, x))`: the wait, or undefined. */
function waitOf(statement: ts.Statement): ts.Expression | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isAwaitExpression(statement.expression)) return undefined;
  const awaited = statement.expression.expression;
  if (ts.isCallExpression(awaited) && SLEEP.test(awaited.expression.getText()) && awaited.arguments.length === 1) return awaited.arguments[0];
  if (ts.isNewExpression(awaited) && awaited.expression.getText() === 'Promise' && awaited.arguments?.length === 1) {
    const executor = awaited.arguments[0]!;
    if ((ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) && executor.parameters.length >= 1) {
      const resolve = executor.parameters[0]!.name.getText();
      const body = ts.isBlock(executor.body) ? (executor.body.statements.length === 1 && ts.isExpressionStatement(executor.body.statements[0]!) ? executor.body.statements[0].expression : undefined) : executor.body;
      if (body && ts.isCallExpression(body) && /(^|\.)setTimeout$/.test(body.expression.getText()) && body.arguments.length === 2 && body.arguments[0]!.getText() === resolve) return body.arguments[1];
    }
  }
  return undefined;
}

interface CatchParts {
  guards: Array<{ predicates: ts.Expression[]; last: ts.Expression[]; action: 'break' | 'rethrow' | ts.Expression; node: ts.IfStatement }>;
  assignments: Array<{ statement: ts.Statement; target: string }>;
  side: ts.Statement[];
  wait?: ts.Expression;
  tail: ts.Statement[];
}

/** Splits a catch block: `lastError = e` assignments and guards first, then side statements, the wait, and a tail. */
function catchParts(block: ts.Block, catchName: string, isLast: (disjunct: ts.Expression) => boolean): CatchParts | { reason: string; node: ts.Node } {
  const parts: CatchParts = { guards: [], assignments: [], side: [], tail: [] };
  const statements = [...block.statements];
  let index = 0;
  for (; index < statements.length; index++) {
    const statement = statements[index]!;
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(statement.expression.left) && statement.expression.right.getText() === catchName) {
      parts.assignments.push({ statement, target: statement.expression.left.text });
      continue;
    }
    if (ts.isIfStatement(statement) && !statement.elseStatement) {
      const then = unwrapBlock(statement.thenStatement);
      if (!then || !(ts.isBreakStatement(then) && !then.label) && !ts.isThrowStatement(then)) break;
      const action = ts.isBreakStatement(then) ? 'break' : then.expression && then.expression.getText() === catchName ? 'rethrow' : then.expression!;
      const all = disjuncts(statement.expression);
      parts.guards.push({ node: statement, action, last: all.filter(isLast), predicates: all.filter((d) => !isLast(d)) });
      continue;
    }
    break;
  }
  for (; index < statements.length; index++) {
    const statement = statements[index]!;
    const wait = waitOf(statement);
    if (wait) {
      parts.wait = wait;
      index++;
      break;
    }
    parts.side.push(statement);
  }
  parts.tail = statements.slice(index);
  for (const statement of parts.side) {
    const bad = contains(statement, (n) => ts.isReturnStatement(n) || ts.isBreakStatement(n) || ts.isContinueStatement(n) || ts.isAwaitExpression(n) || ts.isThrowStatement(n));
    if (bad) return { reason: 'the catch block runs code that returns, throws, waits or leaves the loop outside a leading `if (…) break|throw` guard', node: statement };
  }
  return parts;
}

function numberLiteral(node: ts.Expression | undefined): number | undefined {
  return node && ts.isNumericLiteral(node) ? Number(node.text) : undefined;
}

/** Analyses the retry of `qualified` in `source`. */
export function inlineRetryShape(source: ts.SourceFile, qualified: string): ShapeResult {
  const fn = findFunction(source, qualified);
  if (!fn) return { none: true };
  const loop = fn.body.statements.find((s): s is ts.ForStatement | ts.WhileStatement => (ts.isForStatement(s) || ts.isWhileStatement(s)) && contains(s, (n) => ts.isTryStatement(n) && n.catchClause !== undefined));
  if (loop) return loopShape(fn, loop);
  const nested = contains(fn.body, (n) => (ts.isForStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n) || ts.isForOfStatement(n)) && contains(n, (m) => ts.isTryStatement(m)));
  if (nested) return { reason: 'the retry loop is nested in other statements; only a loop directly in the body is rewritten', line: line(fn) };
  return recursionShape(source, fn);
}

function catchOf(attempt: ts.TryStatement): { name: string; type?: string } | undefined {
  const declaration = attempt.catchClause?.variableDeclaration;
  if (!declaration) return { name: 'error' };
  if (!ts.isIdentifier(declaration.name)) return undefined;
  return { name: declaration.name.text, ...(declaration.type ? { type: declaration.type.getText() } : {}) };
}

function loopShape(fn: InlineRetryShape['fn'], loop: ts.ForStatement | ts.WhileStatement): ShapeResult {
  const fail = (reason: string, node: ts.Node = loop): ShapeResult => ({ reason, line: line(node) });
  const body = ts.isBlock(loop.statement) ? loop.statement.statements : undefined;
  const attempt = body?.at(-1);
  if (!body || !attempt || !ts.isTryStatement(attempt) || !attempt.catchClause) return fail('the loop body does not end with its try/catch');
  const caught = catchOf(attempt);
  if (!caught) return fail('the catch clause destructures the error');
  const statementsBefore = fn.body.statements.slice(0, fn.body.statements.indexOf(loop));
  let counter: CounterModel;
  const before = [...body.slice(0, -1)];
  let bound: { op: ts.SyntaxKind; text: string } | undefined;
  if (ts.isForStatement(loop) && loop.initializer) {
    const init = ts.isVariableDeclarationList(loop.initializer) && loop.initializer.declarations.length === 1 ? loop.initializer.declarations[0]! : undefined;
    const start = numberLiteral(init?.initializer);
    const name = init && ts.isIdentifier(init.name) ? init.name.text : undefined;
    const increment = loop.incrementor?.getText().replace(/\s/g, '');
    if (!name || start === undefined || (increment !== `${name}++` && increment !== `++${name}` && increment !== `${name}+=1`)) return fail('the loop is not a counted `for (let i = <number>; …; i++)` loop');
    const condition = loop.condition;
    if (!condition || !ts.isBinaryExpression(condition) || condition.left.getText() !== name || ![ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken].includes(condition.operatorToken.kind)) {
      return fail('the loop condition is not `i < bound` or `i <= bound`');
    }
    if (contains(loop.statement, (n) => ts.isBinaryExpression(n) && n.left.getText() === name && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment)) return fail('the loop body assigns its counter');
    counter = { kind: 'loop', name, start };
    bound = { op: condition.operatorToken.kind, text: condition.right.getText() };
  } else {
    const forever = ts.isWhileStatement(loop) ? loop.expression.kind === ts.SyntaxKind.TrueKeyword : !loop.initializer && !loop.condition && !loop.incrementor;
    if (!forever) return fail('the loop is neither a counted for loop nor `while (true)` with a counter');
    const first = before[0];
    const increment = first && ts.isExpressionStatement(first) ? first.expression.getText().replace(/\s/g, '') : '';
    const name = /^(?:\+\+)?([A-Za-z_$][\w$]*)(?:\+\+|\+=1)?$/.exec(increment)?.[1];
    const declared = name
      ? statementsBefore.find((s) => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name && numberLiteral(d.initializer) === 0))
      : undefined;
    if (!name || increment === name || !declared) return fail('the `while (true)` loop does not start by incrementing a counter declared as 0 before it');
    counter = { kind: 'outer', name };
  }
  const isLast = (d: ts.Expression): boolean => ts.isBinaryExpression(d) && d.left.getText() === counter.name && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken].includes(d.operatorToken.kind);
  const parts = catchParts(attempt.catchClause.block, caught.name, isLast);
  if ('reason' in parts) return fail(parts.reason, parts.node);
  if (parts.tail.length > 0) return fail('the catch block goes on after its wait', parts.tail[0]);
  const lasts = parts.guards.flatMap((g) => g.last);
  let attempts: string;
  if (counter.kind === 'loop') {
    const start = counter.start;
    const b = bound!;
    const expected = b.op === ts.SyntaxKind.LessThanEqualsToken ? b.text : `${b.text} - 1`;
    for (const last of lasts) {
      const right = (last as ts.BinaryExpression).right.getText();
      if (right.replace(/\s/g, '') !== expected.replace(/\s/g, '')) return fail(`the give-up test \`${last.getText()}\` does not match the loop bound`, last);
    }
    const count = b.op === ts.SyntaxKind.LessThanEqualsToken ? 1 - start : -start;
    attempts = count === 0 ? b.text : `${b.text} ${count > 0 ? '+' : '-'} ${Math.abs(count)}`;
  } else {
    const tests = [...new Set(lasts.map((l) => `${(l as ts.BinaryExpression).operatorToken.getText()} ${(l as ts.BinaryExpression).right.getText()}`))];
    if (tests.length !== 1 || !tests[0]!.startsWith('>=')) return fail('a `while (true)` retry needs exactly one give-up test `counter >= max`');
    const max = (lasts[0] as ts.BinaryExpression).right;
    const literal = numberLiteral(max);
    attempts = literal !== undefined && literal >= 1 ? max.getText() : `Math.max(1, ${max.getText()})`;
  }
  const common = commonParts(parts, caught.name);
  if ('reason' in common) return fail(common.reason, common.node ?? loop);
  let operation = [...attempt.tryBlock.statements];
  let assigns: InlineRetryShape['assigns'];
  const breaks = (nodes: readonly ts.Statement[]) => nodes.some((s) => contains(s, (n) => (ts.isBreakStatement(n) || ts.isContinueStatement(n)) && !insideInnerLoop(n, attempt)));
  const last = operation.at(-1);
  if (last && ts.isBreakStatement(last) && !last.label) {
    const assignment = operation.at(-2);
    if (!assignment || !ts.isExpressionStatement(assignment) || !ts.isBinaryExpression(assignment.expression) || assignment.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(assignment.expression.left)) {
      return fail('the try block leaves the loop with `break` without assigning a result right before it', last);
    }
    assigns = { target: assignment.expression.left.text, value: assignment.expression.right };
    operation = operation.slice(0, -2);
    if (operation.some((s) => contains(s, ts.isReturnStatement))) return fail('the try block both returns and leaves the loop with `break`', last);
  }
  if (breaks(operation) || breaks(before)) return fail('the loop body uses `break` or `continue` where the operation cannot keep it');
  if (!assigns && !operation.some((s) => contains(s, ts.isReturnStatement))) return fail('the try block neither returns nor assigns a result and breaks');
  if (parts.guards.some((g) => g.action === 'break') && assigns) return fail('the catch leaves the loop with `break` while the try block assigns a result');
  const after = fn.body.statements[fn.body.statements.indexOf(loop) + 1];
  let lastError: InlineRetryShape['lastError'];
  const targets = [...new Set(parts.assignments.map((a) => a.target))];
  if (targets.length > 1) return fail('the catch block saves the error in several variables');
  if (targets.length === 1) {
    const name = targets[0]!;
    const declaration = statementsBefore.find((s): s is ts.VariableStatement => ts.isVariableStatement(s) && s.declarationList.declarations.length === 1 && ts.isIdentifier(s.declarationList.declarations[0]!.name) && s.declarationList.declarations[0]!.name.text === name);
    const rethrow = after && ts.isThrowStatement(after) && after.expression?.getText() === name ? after : undefined;
    if (!declaration || !!declaration.declarationList.declarations[0]!.initializer) return fail(`\`${name}\` is not declared without a value right before the loop`);
    const uses = countMentions(fn.body, name) - 1 - parts.assignments.length - (rethrow ? 1 : 0);
    if (uses > 0) return fail(`\`${name}\` is read elsewhere than in \`throw ${name}\` after the loop`);
    lastError = { declaration, assignments: parts.assignments.map((a) => a.statement), ...(rethrow ? { rethrow } : {}) };
  }
  const loopEnds = counter.kind === 'loop' || parts.guards.some((g) => g.action === 'break');
  if (loopEnds && !assigns && !lastError?.rethrow) return fail('after the loop gives up, it does not rethrow the last error (`throw lastError`)');
  return {
    shape: {
      kind: 'loop',
      fn,
      replaced: loop,
      attempt,
      catchName: caught.name,
      ...(caught.type ? { catchType: caught.type } : {}),
      counter,
      attempts,
      before,
      operation,
      ...(assigns ? { assigns } : {}),
      predicates: common.predicates,
      side: parts.side,
      ...(parts.wait ? { wait: parts.wait } : {}),
      ...(common.wraps ? { wraps: common.wraps } : {}),
      ...(lastError ? { lastError } : {}),
    },
  };
}

function insideInnerLoop(node: ts.Node, boundary: ts.Node): boolean {
  for (let current = node.parent; current && current !== boundary; current = current.parent) {
    if (ts.isIterationStatement(current, false) || ts.isSwitchStatement(current)) return true;
  }
  return false;
}

function countMentions(node: ts.Node, name: string): number {
  let count = 0;
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child) && child.text === name && isReference(child)) count++;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return count;
}

/** The guards' predicates and what they throw: the caught error everywhere, or one wrapping expression. */
function commonParts(parts: CatchParts, catchName: string): { predicates: ts.Expression[]; wraps?: ts.Expression } | { reason: string; node?: ts.Node } {
  const thrown = [...new Set(parts.guards.map((g) => (typeof g.action === 'string' ? g.action : g.action.getText())))];
  const wrapping = parts.guards.map((g) => g.action).filter((a): a is ts.Expression => typeof a !== 'string');
  if (wrapping.length > 0 && thrown.length > 1) return { reason: 'the guards end the retry in different ways (some wrap the error, some do not)', node: wrapping[0] };
  const predicates = parts.guards.flatMap((g) => g.predicates);
  void catchName;
  return { predicates, ...(wrapping[0] ? { wraps: wrapping[0] } : {}) };
}

function recursionShape(source: ts.SourceFile, fn: InlineRetryShape['fn']): ShapeResult {
  const statements = fn.body.statements;
  const attempt = statements.find((s): s is ts.TryStatement => ts.isTryStatement(s) && s.catchClause !== undefined);
  if (!attempt) return { none: true };
  const fail = (reason: string, node: ts.Node = attempt): ShapeResult => ({ reason, line: line(node) });
  const name = fn.name?.getText(source);
  const self = (node: ts.Node): node is ts.CallExpression =>
    ts.isCallExpression(node) && (node.expression.getText(source) === `this.${name}` || (!ts.isMethodDeclaration(fn) && node.expression.getText(source) === name));
  if (!name || !contains(attempt.catchClause!.block, self)) return { none: true };
  if (statements.length !== 1) return fail('the method does more than its try/catch, so the recursion cannot become one retried operation');
  if (!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return fail('the recursive retry is not an async function');
  const caught = catchOf(attempt);
  if (!caught) return fail('the catch clause destructures the error');
  const parameters = fn.parameters.map((p) => (ts.isIdentifier(p.name) && !p.dotDotDotToken ? p.name.text : undefined));
  if (parameters.some((p) => p === undefined)) return fail('a parameter is destructured or a rest parameter');
  const block = attempt.catchClause!.block;
  const tail = block.statements.at(-1);
  const call = tail && ts.isReturnStatement(tail) && tail.expression ? (ts.isAwaitExpression(tail.expression) ? tail.expression.expression : tail.expression) : undefined;
  if (!call || !self(call)) return fail('the catch block does not end with `return this.method(…)`');
  if (call.arguments.length !== parameters.length) return fail('the recursive call does not pass every parameter');
  let remaining: string | undefined;
  const counters: string[] = [];
  for (const [index, argument] of call.arguments.entries()) {
    const parameter = parameters[index]!;
    const text = argument.getText(source).replace(/\s/g, '');
    if (text === parameter) continue;
    if (text === `${parameter}-1` && remaining === undefined) remaining = parameter;
    else if (text === `${parameter}+1`) counters.push(parameter);
    else return fail(`the recursive call changes \`${parameter}\` in a way other than \`- 1\` or \`+ 1\``, argument);
  }
  if (!remaining) return fail('no parameter counts the remaining retries down (`retries - 1`)');
  const isLast = (d: ts.Expression): boolean =>
    ts.isBinaryExpression(d) && d.left.getText(source) === remaining && ((d.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken && d.right.getText(source) === '0') || (d.operatorToken.kind === ts.SyntaxKind.LessThanToken && d.right.getText(source) === '1'));
  const parts = catchParts(block, caught.name, isLast);
  if ('reason' in parts) return fail(parts.reason, parts.node);
  if (parts.tail.length !== 1) return fail('the catch block does more than wait and call itself again', parts.tail[0] ?? tail!);
  if (parts.assignments.length > 0) return fail('the catch block saves the error in a variable', parts.assignments[0]!.statement);
  if (parts.guards.some((g) => g.action === 'break')) return fail('a guard uses `break` outside a loop');
  if (parts.guards.flatMap((g) => g.last).length !== 1) return fail(`no single give-up test \`${remaining} <= 0\``);
  const common = commonParts(parts, caught.name);
  if ('reason' in common) return fail(common.reason, common.node ?? attempt);
  if (common.wraps && (mentions(common.wraps, remaining) || counters.some((c) => mentions(common.wraps!, c)))) return fail('the error thrown at the end reads the retry counters', common.wraps);
  return {
    shape: {
      kind: 'recursion',
      fn,
      replaced: attempt,
      attempt,
      catchName: caught.name,
      ...(caught.type ? { catchType: caught.type } : {}),
      counter: { kind: 'params', remaining, counters },
      attempts: `Math.max(${remaining}, 0) + 1`,
      before: [],
      operation: [...attempt.tryBlock.statements],
      predicates: common.predicates,
      side: parts.side,
      ...(parts.wait ? { wait: parts.wait } : {}),
      ...(common.wraps ? { wraps: common.wraps } : {}),
    },
  };
}
