/**
 * Declarative call-site recipes: a pattern (`withDbRetry($op, $opts)`, `new Breaker($name, $$$rest)`,
 * `client.fetchWithRetry($url)`) matched structurally on the AST, and a template rendered from the
 * matched nodes' original text. Placeholders are `$name` (one node) and `$$$name` (the remaining
 * arguments). Shared by the `call-recipes` codemod and the planner (which counts matches).
 */
import { parseSource, ts } from '../../../parser/ts.js';
import { applyEdits, type TextEdit } from './edits.js';
import { insertedRanges, simplifyExpression } from './simplify.js';

export interface CompiledPattern {
  node: ts.Expression;
  /** The identifier or dotted name the pattern is called through (`withDbRetry`, `client.fetch`). */
  head: string;
}

/** Parses a pattern or template; undefined when it is not a single expression. */
export function parseExpression(text: string): ts.Expression | undefined {
  const source = parseSource('recipe.ts', `(${text}\n);`);
  const statement = source.statements[0];
  if (source.statements.length !== 1 || !statement || !ts.isExpressionStatement(statement)) return undefined;
  const diagnostics = (source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) return undefined;
  let expression = statement.expression;
  if (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  return expression;
}

/** Compiles a `match` pattern: it must be a call or `new` expression. */
export function compilePattern(match: string): CompiledPattern | undefined {
  const node = parseExpression(match);
  if (!node || !(ts.isCallExpression(node) || ts.isNewExpression(node))) return undefined;
  return { node, head: dottedName(node.expression) ?? '' };
}

/** `a.b.c` for identifier/property-access chains; undefined otherwise. */
export function dottedName(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const left = dottedName(node.expression);
    return left === undefined ? undefined : `${left}.${node.name.text}`;
  }
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return undefined;
}

const isPlaceholder = (node: ts.Node): node is ts.Identifier => ts.isIdentifier(node) && /^\$[A-Za-z_]\w*$/.test(node.text);
const isRestPlaceholder = (node: ts.Node): node is ts.Identifier => ts.isIdentifier(node) && /^\$\$\$[A-Za-z_]\w*$/.test(node.text);

export type Bindings = Map<string, ts.Node | ts.Node[]>;

function children(node: ts.Node): ts.Node[] {
  const list: ts.Node[] = [];
  ts.forEachChild(node, (child) => {
    list.push(child);
  });
  return list;
}

function normalized(node: ts.Node, sourceFile: ts.SourceFile): string {
  return node.getText(sourceFile).replace(/\s+/g, '');
}

/**
 * Structural match of a pattern node against a code node. `locals` maps pattern identifiers to how the
 * file spells them (`withDbRetry` → `dbRetry` or `db.withDbRetry`).
 */
export function matchNode(pattern: ts.Node, target: ts.Node, bindings: Bindings, sourceFile: ts.SourceFile, locals: Record<string, string>): boolean {
  if (isPlaceholder(pattern)) {
    const bound = bindings.get(pattern.text);
    if (bound === undefined) {
      bindings.set(pattern.text, target);
      return true;
    }
    return !Array.isArray(bound) && normalized(bound, sourceFile) === normalized(target, sourceFile);
  }
  if (ts.isParenthesizedExpression(target) && !ts.isParenthesizedExpression(pattern)) return matchNode(pattern, target.expression, bindings, sourceFile, locals);
  if (ts.isIdentifier(pattern)) {
    const expected = locals[pattern.text] ?? pattern.text;
    return dottedName(target) === expected;
  }
  if ((ts.isCallExpression(pattern) && ts.isCallExpression(target)) || (ts.isNewExpression(pattern) && ts.isNewExpression(target))) {
    if (!matchNode(pattern.expression, target.expression, bindings, sourceFile, locals)) return false;
    return matchArguments([...(pattern.arguments ?? [])], [...(target.arguments ?? [])], bindings, sourceFile, locals);
  }
  if (pattern.kind !== target.kind) return false;
  const a = children(pattern);
  const b = children(target);
  if (a.length === 0 && b.length === 0) return pattern.getText() === target.getText(sourceFile);
  if (a.length !== b.length) return false;
  return a.every((child, i) => matchNode(child, b[i]!, bindings, sourceFile, locals));
}

function matchArguments(pattern: ts.Node[], target: ts.Node[], bindings: Bindings, sourceFile: ts.SourceFile, locals: Record<string, string>): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (isRestPlaceholder(p)) {
      if (i !== pattern.length - 1) return false;
      bindings.set(p.text, target.slice(i));
      return true;
    }
    const t = target[i];
    if (!t || !matchNode(p, t, bindings, sourceFile, locals)) return false;
  }
  return pattern.length === target.length;
}

export interface RecipeMatch {
  node: ts.CallExpression | ts.NewExpression;
  bindings: Bindings;
}

/** Every call/new expression of the file that matches the pattern. */
export function findMatches(sourceFile: ts.SourceFile, pattern: CompiledPattern, locals: Record<string, string> = {}): RecipeMatch[] {
  const matches: RecipeMatch[] = [];
  const kind = pattern.node.kind;
  const visit = (node: ts.Node): void => {
    if (node.kind === kind) {
      const bindings: Bindings = new Map();
      if (matchNode(pattern.node, node, bindings, sourceFile, locals)) matches.push({ node: node as ts.CallExpression | ts.NewExpression, bindings });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return matches;
}

function isPrimary(node: ts.Node): boolean {
  return (
    ts.isIdentifier(node) ||
    ts.isPropertyAccessExpression(node) ||
    ts.isElementAccessExpression(node) ||
    ts.isCallExpression(node) ||
    (ts.isNewExpression(node) && node.arguments !== undefined) ||
    ts.isParenthesizedExpression(node) ||
    ts.isLiteralExpression(node) ||
    ts.isTemplateExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isNonNullExpression(node) ||
    node.kind === ts.SyntaxKind.ThisKeyword ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

/** Whether a node put where `slot` is needs parentheses to keep its meaning. */
export function needsParens(slot: ts.Node, node: ts.Node): boolean {
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.CommaToken) return true;
  if (isPrimary(node)) return false;
  const parent = slot.parent;
  if (!parent) return false;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === slot) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === slot) return true;
  if (ts.isBinaryExpression(parent) || ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) return true;
  if (ts.isConditionalExpression(parent) || ts.isAwaitExpression(parent) || ts.isTypeOfExpression(parent) || ts.isAsExpression(parent)) return true;
  return false;
}

/** The keys of an object literal with plain properties only (no spread, computed or method), or undefined. */
export function plainLiteral(node: ts.Node | undefined): Map<string, ts.Expression> | undefined {
  if (!node || !ts.isObjectLiteralExpression(node)) return undefined;
  const keys = new Map<string, ts.Expression>();
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) keys.set(property.name.text, property.initializer);
    else if (ts.isShorthandPropertyAssignment(property)) keys.set(property.name.text, property.name);
    else return undefined;
  }
  return keys;
}

/**
 * `$1.retries` (or `$opts.retries` in a recipe) where the argument is an object literal: the property's value (or `undefined` when the
 * literal lacks it), so an inlined literal neither repeats itself nor reads a key its type does not have.
 */
export function literalRead(placeholder: ts.Identifier, argument: ts.Node | undefined, textOf: (node: ts.Node) => string): { node: ts.Node; text: string } | undefined {
  const access = placeholder.parent;
  if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== placeholder || !ts.isIdentifier(access.name)) return undefined;
  const outer = access.parent;
  if (outer && (ts.isCallExpression(outer) || ts.isNewExpression(outer)) && outer.expression === access) return undefined;
  if (outer && ts.isBinaryExpression(outer) && outer.left === access && outer.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && outer.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return undefined;
  const keys = plainLiteral(argument);
  if (!keys) return undefined;
  const value = keys.get(access.name.text);
  // `$1.key ?? fallback`: the checker rejects a left side that is always or never nullish, so decide here.
  if (outer && ts.isBinaryExpression(outer) && outer.left === access && outer.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    const chosen = !value ? outer.right : neverNullish(value) ? value : undefined;
    if (chosen) {
      const text = textOf(chosen);
      // The template's own parentheses around the `??` go too when the chosen side does not need them.
      const slot = outer.parent && ts.isParenthesizedExpression(outer.parent) ? outer.parent : outer;
      return { node: slot, text: needsParens(slot, chosen) ? `(${text})` : text };
    }
  }
  if (!value) return { node: access, text: 'undefined' };
  const text = textOf(value);
  return { node: access, text: needsParens(access, value) ? `(${text})` : text };
}

/** Expressions whose value can never be null or undefined. */
function neverNullish(node: ts.Expression): boolean {
  // `(() => true) as Predicate` is the arrow function, typed: what it asserts does not make it nullish.
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return neverNullish(node.expression);
  return (
    ts.isNumericLiteral(node) ||
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateExpression(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isNewExpression(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword
  );
}

/**
 * Renders a template for a match. `render` gives the (already rewritten) text of a bound node, so
 * matches nested in arguments are rewritten too. An object literal spread into an object literal of the
 * template (`{ domain: 'db', ...$opts }`) is inlined.
 */
export function renderTemplate(template: string, bindings: Bindings, render: (node: ts.Node) => string): string {
  const parsed = parseSource('template.ts', `(${template}\n);`);
  const offset = 1;
  const edits: TextEdit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isSpreadAssignment(node) && isPlaceholder(node.expression)) {
      const bound = bindings.get(node.expression.text);
      if (bound && !Array.isArray(bound) && ts.isObjectLiteralExpression(bound)) {
        // The literal as rendered (its keys may have been renamed), without its braces.
        const inner = render(bound).trim().replace(/^\{\s*/, '').replace(/\s*,?\s*\}$/, '');
        if (inner.length > 0) {
          edits.push({ start: node.getStart(parsed) - offset, end: node.getEnd() - offset, text: inner });
        } else {
          edits.push(removeFromList(node, parsed, offset));
        }
        return;
      }
    }
    if (isPlaceholder(node)) {
      const bound = bindings.get(node.text);
      const read = bound !== undefined && !Array.isArray(bound) ? literalRead(node, bound, render) : undefined;
      if (read) {
        edits.push({ start: read.node.getStart(parsed) - offset, end: read.node.getEnd() - offset, text: read.text });
        return;
      }
    }
    if (isRestPlaceholder(node) || isPlaceholder(node)) {
      const bound = bindings.get(node.text);
      if (bound !== undefined) {
        const text = Array.isArray(bound) ? bound.map((n) => render(n)).join(', ') : render(bound);
        const wrap = !Array.isArray(bound) && needsParens(node, bound);
        edits.push({ start: node.getStart(parsed) - offset, end: node.getEnd() - offset, text: wrap ? `(${text})` : text });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed);
  return simplifyExpression(applyEdits(template, edits), insertedRanges(edits));
}

/**
 * Comments inside a matched call that no bound node carries (between arguments, after a comma): the
 * template would drop them, so they are kept as block comments in front of the replacement.
 */
export function strayComments(match: RecipeMatch, sourceFile: ts.SourceFile): string[] {
  const bound: Array<[number, number]> = [];
  for (const value of match.bindings.values()) {
    for (const node of Array.isArray(value) ? value : [value]) bound.push([node.getStart(sourceFile), node.getEnd()]);
  }
  const start = match.node.getStart(sourceFile);
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, sourceFile.text, undefined, start, match.node.getEnd() - start);
  const comments: string[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token !== ts.SyntaxKind.SingleLineCommentTrivia && token !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const pos = scanner.getTokenStart();
    if (bound.some(([a, b]) => a <= pos && pos < b)) continue;
    const text = scanner.getTokenText();
    comments.push(token === ts.SyntaxKind.SingleLineCommentTrivia ? `/* ${text.slice(2).trim().replace(/\*\//g, '* /')} */` : text);
  }
  return comments;
}

/** The replacement text for `original`, parenthesised if its context needs it (`!isOpen(b)` → `!(b.state === 'open')`). */
export function wrapForSlot(original: ts.Node, replacement: string): string {
  const parsed = parseExpression(replacement);
  if (!parsed) return replacement;
  return needsParens(original, parsed) ? `(${replacement})` : replacement;
}

/** Removes an element of an object literal (an empty spread) with its comma. */
function removeFromList(node: ts.ObjectLiteralElementLike, parsed: ts.SourceFile, offset: number): TextEdit {
  const literal = node.parent as ts.ObjectLiteralExpression;
  const index = literal.properties.indexOf(node);
  if (literal.properties.length === 1) return { start: node.getStart(parsed) - offset, end: node.getEnd() - offset, text: '' };
  if (index < literal.properties.length - 1) {
    return { start: node.getStart(parsed) - offset, end: literal.properties[index + 1]!.getStart(parsed) - offset, text: '' };
  }
  return { start: literal.properties[index - 1]!.getEnd() - offset, end: node.getEnd() - offset, text: '' };
}

/** Whether the template's output would match its own pattern (the recipe would apply again). */
export function reappliesToItself(pattern: CompiledPattern, template: string): boolean {
  const source = parseSource('template.ts', `(${template}\n);`);
  return findMatches(source, pattern).length > 0;
}

/** Placeholders a template uses that the pattern does not bind. */
export function unboundPlaceholders(match: string, template: string): string[] {
  const bound = new Set(match.match(/\$\$\$\w+|\$\w+/g) ?? []);
  return [...new Set(template.match(/\$\$\$\w+|\$\w+/g) ?? [])].filter((p) => !bound.has(p));
}
