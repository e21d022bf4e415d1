/**
 * Failover recursion: a failure handler that calls the function again on the rest of a list
 * (`tryBind(addresses.slice(1))`), a remaining-items binding (`const [first, ...rest] = hosts`), the
 * next node (`dial(node.next)`) or a list it consumed (`hosts.shift()`), moves on to another candidate.
 * A retry attempts the same operation again: same inputs, or an attempt count.
 */
import { ts } from '../../../../parser/ts.js';
import { chainText, isFunctionLike, lastName, unwrap, walk, walkSelf, type FunctionLike } from '../../ast-utils.js';
import { CONTINUATION, invokedParameters, SCHEDULERS } from './failure-handlers.js';

/** Methods that return part of a list or string: what is left after the current candidate. */
const REMAINDER_METHOD = /^(slice|subarray|substring|substr|filter|tail|rest|drop|skip)$/;
/** Methods that take the current candidate off a list in place. */
const CONSUMING_METHOD = /^(shift|pop|splice)$/;
/** Fields that lead from one candidate to the next. */
const NEXT_FIELD = /^(next|nextSibling|parent|tail|rest|fallback)$/;
/** Calls that wait: a head of the list used there is a delay schedule, not a candidate. */
const WAITING_CALL = /^(sleep|delay|wait|pause|snooze|backoff)$/i;

function identifierParameters(fn: FunctionLike): Set<string> {
  return new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
}

function isMethodCallOn(node: ts.Node, receivers: Set<string>, method: RegExp): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && method.test(node.expression.name.text) && receivers.has(chainText(node.expression.expression));
}

/** What a function does with its list parameters: remainders bound to locals, lists consumed in place, heads taken. */
interface ListUse {
  /** Locals holding the rest of a parameter (`...rest` of a destructuring, `= list.slice(1)`), by the parameter they come from. */
  remainders: Map<string, string>;
  /** Parameters consumed in place (`list.shift()`). */
  consumed: Set<string>;
  /** Nodes that read the current candidate of a parameter (`list[0]`, `const [first] = list`, `list.shift()`), by parameter. */
  heads: Map<string, ts.Node[]>;
}

function listUse(fn: FunctionLike, parameters: Set<string>): ListUse {
  const use: ListUse = { remainders: new Map(), consumed: new Set(), heads: new Map() };
  const addHead = (parameter: string, node: ts.Node): void => {
    const list = use.heads.get(parameter) ?? [];
    list.push(node);
    use.heads.set(parameter, list);
  };
  if (!fn.body) return use;
  walk(fn.body, (node) => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const source = chainText(unwrap(node.initializer));
      if (ts.isArrayBindingPattern(node.name) && parameters.has(source)) {
        for (const element of node.name.elements) {
          if (!ts.isBindingElement(element) || !ts.isIdentifier(element.name)) continue;
          if (element.dotDotDotToken) use.remainders.set(element.name.text, source);
          else addHead(source, element.name);
        }
      }
      if (ts.isIdentifier(node.name) && isMethodCallOn(unwrap(node.initializer), parameters, REMAINDER_METHOD)) {
        use.remainders.set(node.name.text, chainText(((unwrap(node.initializer) as ts.CallExpression).expression as ts.PropertyAccessExpression).expression));
      }
    }
    if (isMethodCallOn(node, parameters, CONSUMING_METHOD)) {
      const list = chainText((node.expression as ts.PropertyAccessExpression).expression);
      use.consumed.add(list);
      addHead(list, node);
    }
    if (ts.isElementAccessExpression(node) && parameters.has(chainText(node.expression))) addHead(chainText(node.expression), node);
  });
  return use;
}

/** The parameter an argument moves on from (the rest of it, or its next node), if any. */
function advancedParameter(arg: ts.Expression, parameters: Set<string>, use: ListUse): string | undefined {
  const inner = unwrap(arg);
  if (isMethodCallOn(inner, parameters, REMAINDER_METHOD)) return chainText((inner.expression as ts.PropertyAccessExpression).expression);
  if (ts.isPropertyAccessExpression(inner) && NEXT_FIELD.test(inner.name.text) && parameters.has(chainText(inner.expression))) return chainText(inner.expression);
  if (ts.isIdentifier(inner) && use.remainders.has(inner.text)) return use.remainders.get(inner.text);
  if (ts.isIdentifier(inner) && use.consumed.has(inner.text)) return inner.text;
  return undefined;
}

/** Whether a node sits in the arguments of a call that waits (a timer, a sleep helper). */
function feedsAWait(node: ts.Node, fn: FunctionLike): boolean {
  for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if (ts.isCallExpression(current) && current.arguments.includes(child as ts.Expression)) {
      const name = lastName(current.expression);
      if (SCHEDULERS.test(name) || WAITING_CALL.test(name)) return true;
    }
    if (isFunctionLike(current)) return false;
  }
  return false;
}

/** Whether the current candidate of a list is only ever waited on (`sleep(delays[0])`): a schedule of delays. */
function isDelaySchedule(fn: FunctionLike, parameter: string, use: ListUse): boolean {
  const heads = use.heads.get(parameter) ?? [];
  if (heads.length === 0) return false;
  return heads.every((head) => {
    // A head bound to a name (`const [wait] = delays`, `const d = delays.shift()`): follow the name's uses.
    const binding = ts.isIdentifier(head) ? head.text : ts.isVariableDeclaration(head.parent) && ts.isIdentifier(head.parent.name) ? head.parent.name.text : undefined;
    if (!binding) return feedsAWait(head, fn);
    const reads: ts.Node[] = [];
    walk(fn.body!, (node) => {
      if (ts.isIdentifier(node) && node.text === binding && node !== head && !(ts.isVariableDeclaration(node.parent) && node.parent.name === node) && !(ts.isBindingElement(node.parent) && node.parent.name === node)) reads.push(node);
    });
    return reads.length > 0 && reads.every((read) => feedsAWait(read, fn) || (ts.isBinaryExpression(read.parent) && read.parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken && !ts.isCallExpression(read.parent.parent)));
  });
}

/**
 * Whether the re-invocation at `hit` (a self call, or a callback holding one) moves on to another
 * candidate: some argument is the rest of a list parameter or its next node, the operation is not
 * passed along unchanged (`retry(op, delays.slice(1))` runs the same `op` again), and the list is not
 * a schedule of delays.
 */
export function movesToAnotherCandidate(fn: FunctionLike, hit: ts.Node, isSelfCall: (call: ts.CallExpression) => boolean): boolean {
  const parameters = identifierParameters(fn);
  if (parameters.size === 0 || !fn.body) return false;
  const calls: ts.CallExpression[] = [];
  walkSelf(hit, (node) => {
    if (ts.isCallExpression(node) && isSelfCall(node)) calls.push(node);
  });
  if (calls.length === 0) return false;
  const use = listUse(fn, parameters);
  return calls.some((call) => {
    const advanced = call.arguments.map((arg) => advancedParameter(arg, parameters, use)).filter((p): p is string => !!p);
    if (advanced.length === 0) return false;
    // The operation itself handed on unchanged and run by the function: the same operation again
    // (a continuation handed on, `cb`, reports the outcome; it is not the operation).
    const passedOn = new Set(call.arguments.flatMap((arg) => (ts.isIdentifier(arg) && parameters.has(arg.text) && !advanced.includes(arg.text) && !CONTINUATION.test(arg.text) ? [arg.text] : [])));
    if (passedOn.size > 0 && invokedParameters(fn.body!, passedOn).size > 0) return false;
    return !advanced.every((parameter) => isDelaySchedule(fn, parameter, use));
  });
}
