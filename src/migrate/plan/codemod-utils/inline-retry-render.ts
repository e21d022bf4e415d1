/**
 * Writes the canonical call that replaces an inline retry (see `inline-retry-shape.ts`), from the
 * config's template: `$operation` (an async function running one attempt, 1-based attempt number as its
 * argument), `$attempts` (or `$retries`, the attempts after the first, for canonicals configured that way),
 * `$retryOn` (`(error, attempt) => boolean`), `$delay` (`(attempt, error) =>
 * milliseconds`), `$name` (`'Class.method'`) and `$target` (the canonical as imported). Moved code keeps
 * its text; the loop counter or the recursion's counters become expressions of the attempt number.
 */
import { ts } from '../../../parser/ts.js';
import { statementLineRange, type TextEdit } from './edits.js';
import { isReference } from './imports.js';
import { mentions, type InlineRetryShape } from './inline-retry-shape.js';
import { quoted, type FileStyle } from './style.js';

export const INLINE_PLACEHOLDERS = ['target', 'name', 'attempts', 'retries', 'retryOn', 'delay', 'operation'] as const;

/**
 * The retries after the first attempt, from the attempts expression: one less, folded where the text
 * allows (`5` → `4`, `max + 1` → `max`, `Math.max(1, n)` → `Math.max(0, n - 1)`).
 */
export function retriesFromAttempts(attempts: string): string {
  const text = attempts.trim();
  if (/^\d+$/.test(text)) return String(Math.max(0, Number(text) - 1));
  const plusOne = /^(.*\S)\s*\+\s*1$/.exec(text);
  if (plusOne && balanced(plusOne[1]!)) return plusOne[1]!;
  const plusN = /^(.*\S)\s*\+\s*(\d+)$/.exec(text);
  if (plusN && balanced(plusN[1]!)) return `${plusN[1]} + ${Number(plusN[2]) - 1}`;
  const atLeastOne = /^Math\.max\(1,\s*(.*)\)$/.exec(text);
  if (atLeastOne && balanced(atLeastOne[1]!)) return `Math.max(0, ${atLeastOne[1]} - 1)`;
  return /^[\w$.]+$/.test(text) ? `${text} - 1` : `(${text}) - 1`;
}

/**
 * Whether `text` is a sum that ends can be folded off: brackets balance, and nothing outside them binds
 * looser than `+` (`a ? b : c + 1` is not `(a ? b : c) + 1`).
 */
function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && --depth < 0) return false;
    else if (depth === 0 && '?:|&^=<>,'.includes(char)) return false;
  }
  return depth === 0;
}

export interface RenderInput {
  shape: InlineRetryShape;
  template: string;
  targetLocal: string;
  qualified: string;
  style: FileStyle;
  /** A name the file does not use, for the attempt number parameter. */
  attemptName: string;
}

/** Replacement text per counter name, as expressions of the attempt number. */
function counterSubstitutions(shape: InlineRetryShape, n: string): Map<string, string> {
  const subs = new Map<string, string>();
  const counter = shape.counter;
  if (counter.kind === 'loop') subs.set(counter.name, counter.start === 1 ? n : counter.start === 0 ? `(${n} - 1)` : `(${n} - 1 + ${counter.start})`);
  if (counter.kind === 'params') {
    subs.set(counter.remaining, `(${counter.remaining} - ${n} + 1)`);
    for (const name of counter.counters) subs.set(name, `(${name} + ${n} - 1)`);
  }
  return subs;
}

/** The text of `node` from `start` with counter references replaced (`i + 1` of a 0-based counter is the attempt number). */
function textWith(node: ts.Node, subs: ReadonlyMap<string, string>, start = node.getStart()): string {
  const source = node.getSourceFile().text;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const visit = (child: ts.Node): void => {
    if (ts.isBinaryExpression(child) && child.operatorToken.kind === ts.SyntaxKind.PlusToken && ts.isIdentifier(child.left) && child.right.getText() === '1') {
      const replaced = subs.get(child.left.text);
      const plain = replaced && /^\((\w+) - 1\)$/.exec(replaced);
      if (plain) {
        edits.push({ start: child.getStart(), end: child.getEnd(), text: plain[1]! });
        return;
      }
    }
    if (ts.isIdentifier(child) && subs.has(child.text) && isReference(child)) {
      const shorthand = ts.isShorthandPropertyAssignment(child.parent) && child.parent.name === child;
      edits.push({ start: child.getStart(), end: child.getEnd(), text: shorthand ? `${child.text}: ${subs.get(child.text)}` : subs.get(child.text)! });
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  let out = '';
  let cursor = start;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    out += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + source.slice(cursor, node.getEnd());
}

function indentOf(node: ts.Node): string {
  const text = node.getSourceFile().text;
  const lineStart = text.lastIndexOf('\n', node.getStart() - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** A statement's lines (leading comments kept), re-indented to `indent`. */
function movedLines(statement: ts.Statement, subs: ReadonlyMap<string, string>, indent: string): string[] {
  const own = indentOf(statement);
  const full = textWith(statement, subs, statement.getFullStart()).replace(/^\s*\n/, '');
  const lines = full.split(/\r?\n/).filter((l, i, all) => !(i === 0 && l.trim() === '' && all.length > 1));
  return lines.map((l) => (l.trim() === '' ? '' : indent + (l.startsWith(own) ? l.slice(own.length) : l.trimStart())));
}

function simplifyNegation(predicates: string[]): string {
  if (predicates.length === 1) {
    const single = predicates[0]!;
    if (/^!\s*[\w$.]+\([^()]*\)$/.test(single) || /^!\s*[\w$.]+$/.test(single)) return single.replace(/^!\s*/, '');
    return `!(${single})`;
  }
  return `!(${predicates.join(' || ')})`;
}

function uses(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);
}

/** `(a: T, b: U)` keeping only the parameters up to the last one the body uses. */
function parameters(style: FileStyle, body: string, list: Array<{ name: string; type: string }>): string {
  let last = -1;
  list.forEach((p, i) => {
    if (uses(body, p.name)) last = i;
  });
  const kept = list.slice(0, last + 1).map((p, i) => {
    const name = uses(body, p.name) || i === last ? p.name : `_${p.name}`;
    return style.typescript ? `${name}: ${p.type}` : name;
  });
  return `(${kept.join(', ')})`;
}

/** The call replacing the retry, or the reason it cannot be written with this template. */
export function renderInlineRetry(input: RenderInput): { edits: TextEdit[] } | { reason: string } {
  const { shape, template, targetLocal, style, attemptName: n } = input;
  const missing = (placeholder: string): boolean => !new RegExp(`\\$${placeholder}\\b`).test(template);
  if (missing('operation') || (missing('attempts') && missing('retries'))) return { reason: 'the inline template must use $operation, and $attempts or $retries' };
  if (shape.predicates.length > 0 && missing('retryOn')) return { reason: 'the retry gives up on some errors, and the inline template has no $retryOn' };
  if ((shape.wait || shape.side.length > 0) && missing('delay')) return { reason: 'the retry waits between attempts, and the inline template has no $delay' };
  const subs = counterSubstitutions(shape, n);
  if (shape.wraps && shape.counter.kind === 'loop' && mentions(shape.wraps, shape.counter.name)) return { reason: 'the error thrown at the end reads the loop counter' };
  const semi = style.semi ? ';' : '';
  const base = indentOf(shape.replaced);
  const inner = base + style.indent;
  const errorType = shape.catchType ?? 'unknown';
  const e = shape.catchName;

  const predicateText = shape.predicates.map((p) => textWith(p, subs));
  const retryBody = predicateText.length === 0 ? 'true' : simplifyNegation(predicateText);
  const retryOn = `${parameters(style, retryBody, [{ name: e, type: errorType }, { name: n, type: 'number' }])} => ${retryBody}`;

  const waitText = shape.wait ? textWith(shape.wait, subs) : '0';
  let delay: string;
  if (shape.side.length === 0) {
    delay = `${parameters(style, waitText, [{ name: n, type: 'number' }, { name: e, type: errorType }])} => ${waitText.trimStart().startsWith('{') ? `(${waitText})` : waitText}`;
  } else {
    const lines = [...shape.side.flatMap((s) => movedLines(s, subs, inner)), `${inner}return ${waitText}${semi}`];
    delay = `${parameters(style, lines.join('\n'), [{ name: n, type: 'number' }, { name: e, type: errorType }])} => {\n${lines.join('\n')}\n${base}}`;
  }

  const finallyBlock = shape.attempt.finallyBlock;
  const bodyIndent = finallyBlock ? inner + style.indent : inner;
  const work = [...shape.operation.flatMap((s) => movedLines(s, subs, bodyIndent))];
  if (shape.assigns) work.push(`${bodyIndent}return ${textWith(shape.assigns.value, subs)}${semi}`);
  const before = shape.before.flatMap((s) => movedLines(s, subs, inner));
  const tryLines = finallyBlock
    ? [`${inner}try {`, ...work, `${inner}} finally {`, ...finallyBlock.statements.flatMap((s) => movedLines(s, subs, inner + style.indent)), `${inner}}`]
    : work;
  const opLines = [...before, ...tryLines];
  const operation = `async ${parameters(style, opLines.join('\n'), [{ name: n, type: 'number' }])} => {\n${opLines.join('\n')}\n${base}}`;

  const values: Record<(typeof INLINE_PLACEHOLDERS)[number], string> = {
    target: targetLocal,
    name: quoted(style, input.qualified),
    attempts: shape.attempts,
    retries: retriesFromAttempts(shape.attempts),
    retryOn,
    delay,
    operation,
  };
  let call = template.replace(/\$(target|name|attempts|retries|retryOn|delay|operation)\b/g, (_m, key: keyof typeof values) => values[key]);
  if (shape.wraps) {
    const wrapped = textWith(shape.wraps, subs);
    call = `${call}.catch((${style.typescript ? `${e}: ${errorType}` : e}) => {\n${inner}throw ${wrapped}${semi}\n${base}})`;
  }
  const statement = shape.assigns ? `${shape.assigns.target} = await ${call}${semi}` : `return await ${call}${semi}`;
  const source = shape.replaced.getSourceFile();
  const edits: TextEdit[] = [{ start: shape.replaced.getStart(), end: shape.replaced.getEnd(), text: statement }];
  if (shape.lastError) {
    edits.push({ ...statementLineRange(source.text, shape.lastError.declaration), text: '' });
    if (shape.lastError.rethrow) {
      const range = statementLineRange(source.text, shape.lastError.rethrow);
      edits.push({ ...range, text: '' });
    }
  }
  return { edits };
}
