/**
 * Turns usage sites and a mapping into text edits: renames member reads and calls, option and field
 * keys (shorthand properties and destructuring included), drops keys mapped to `null`, and expands
 * member templates (`this.target.isCallPermitted($0)`) at call sites.
 */
import { parseSource, ts } from '../../../parser/ts.js';
import type { UsageMapping } from '../codemod-options.js';
import { applyEdits, removeListElements, type TextEdit } from './edits.js';
import { literalRead, needsParens, parseExpression, plainLiteral } from './recipes.js';
import { argumentsWithDefaults } from './argument-defaults.js';
import { defaultsEdit } from './literal-defaults.js';
import { isRename, type UsageSite } from './usages.js';
import { parseValueTarget } from './value-mapping.js';
import { insertedRanges, simplifyExpression } from './simplify.js';

export interface UsageProblem {
  line: number;
  message: string;
  kind: 'missing-member' | 'missing-option' | 'missing-field';
}

export interface UsageEditResult {
  edits: TextEdit[];
  problems: UsageProblem[];
  /** Number of uses rewritten. */
  rewritten: number;
}

function mappingFor(site: UsageSite, mapping: UsageMapping): Record<string, string | null> | undefined {
  if (site.kind === 'option') return mapping.options;
  if (site.kind === 'construct' || site.kind === 'call') return mapping.members;
  if (site.kind === 'field') return mapping.fields;
  return mapping.members;
}

function problemKind(site: UsageSite): UsageProblem['kind'] {
  if (site.kind === 'option') return 'missing-option';
  if (site.kind === 'field') return 'missing-field';
  return 'missing-member';
}

function placeholderText(which: string, args: readonly string[]): string {
  return which === 'args' ? args.join(', ') : (args[Number(which)] ?? 'undefined');
}

/**
 * Expands a member template at a call site: `this.target` is the receiver, `$0`.. the arguments. An
 * argument whose syntax binds looser than its slot (`$0()` given an arrow function, `$1.retries` given
 * a conditional) is parenthesised, so the expansion keeps the argument's meaning.
 */
export function expandTemplate(template: string, receiver: string, args: readonly string[]): string {
  const text = template.replace(/\bthis\.target\b/g, receiver);
  const parsed = parseSource('template.ts', `(${text}\n);`);
  const diagnostics = (parsed as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) return text.replace(/\$(args|\d+)/g, (_m, which: string) => placeholderText(which, args));
  const offset = 1;
  const edits: TextEdit[] = [];
  const visit = (node: ts.Node): void => {
    const match = ts.isIdentifier(node) ? /^\$(args|\d+)$/.exec(node.text) : null;
    const read = match && match[1] !== 'args' ? literalRead(node as ts.Identifier, parseExpression(placeholderText(match[1]!, args)), (n) => n.getText()) : undefined;
    if (read) {
      edits.push({ start: read.node.getStart(parsed) - offset, end: read.node.getEnd() - offset, text: read.text });
      return;
    }
    if (match) {
      const value = placeholderText(match[1]!, args);
      const argument = match[1] === 'args' ? undefined : parseExpression(value);
      const wrap = argument !== undefined && needsParens(node, argument);
      edits.push({ start: node.getStart(parsed) - offset, end: node.getEnd() - offset, text: wrap ? `(${value})` : value });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed);
  return simplifyExpression(applyEdits(text, edits), insertedRanges(edits));
}

/**
 * `targetText` is how the file will name the canonical where a call template says `$target` (by default
 * the callee as written, which keeps the old local name bound to the canonical).
 */
export function usageEdits(sourceFile: ts.SourceFile, sites: readonly UsageSite[], mapping: UsageMapping, targetText?: string): UsageEditResult {
  const edits: TextEdit[] = [];
  const problems: UsageProblem[] = [];
  const removals = new Map<ts.ObjectLiteralExpression, Set<number>>();
  const templated = new Set<ts.Node>();
  let rewritten = 0;
  const fieldLiterals = new Set<ts.ObjectLiteralExpression>();
  for (const site of sites) {
    if (site.kind === 'field' && site.literal) fieldLiterals.add(site.literal);
    const table = mappingFor(site, mapping);
    if (!table || !Object.prototype.hasOwnProperty.call(table, site.name)) continue;
    const target = table[site.name];
    if (site.kind === 'construct' || site.kind === 'call') {
      // A per-symbol call template: `$target` is how this file names the canonical, `$0`... the arguments.
      const node = site.nameNode as ts.NewExpression | ts.CallExpression;
      if (typeof target !== 'string') continue;
      const given = (node.arguments ?? []).map((a) => a.getText(sourceFile));
      if ((node.arguments ?? []).some((a) => ts.isSpreadElement(a)) && /\$\d/.test(target)) {
        problems.push({ line: site.line, kind: 'missing-member', message: `${node.expression.getText(sourceFile)}(...) is called with a spread argument; the template needs positional arguments` });
        continue;
      }
      // A left-out argument is the old declaration's default, not `undefined`.
      const { args, unknown } = argumentsWithDefaults(target, given, mapping.argumentDefaults);
      if (unknown.length > 0) {
        problems.push({ line: site.line, kind: 'missing-member', message: `${node.expression.getText(sourceFile)}(...) leaves out argument ${unknown.map((i) => `$${i}`).join(', ')}, whose default names something of the superseded module` });
        continue;
      }
      const text = expandTemplate(target.replace(/\$target\b/g, targetText ?? node.expression.getText(sourceFile)), '', args);
      edits.push({ start: node.getStart(sourceFile), end: node.getEnd(), text: wrapTemplate(node, text) });
      templated.add(node);
      rewritten++;
      continue;
    }
    if (target === null || target === undefined) {
      if (site.literal && (site.kind === 'option' || site.kind === 'field')) {
        const index = site.literal.properties.findIndex((p) => p === site.nameNode || p.name === site.nameNode);
        if (index >= 0) {
          const set = removals.get(site.literal) ?? new Set<number>();
          set.add(index);
          removals.set(site.literal, set);
          rewritten++;
          continue;
        }
      }
      problems.push({ line: site.line, kind: problemKind(site), message: `\`${site.name}\` is used here but has no counterpart in the canonical (mapped to null)` });
      continue;
    }
    if (site.kind === 'option' || site.kind === 'field') {
      const value = parseValueTarget(target);
      if (!value) {
        problems.push({ line: site.line, kind: problemKind(site), message: `\`${site.name}\` maps to \`${target}\`, which is neither a name nor \`name: expression\`` });
        continue;
      }
      if (value.convert) {
        // A converted value can be written where it is set, not read back where it is read.
        const property = site.literal ? site.literal.properties.find((p) => p === site.nameNode || p.name === site.nameNode) : undefined;
        const read = property ? undefined : plainRead(site.nameNode);
        if (read && value.revert) {
          const newRead = `${read.expression.getText(sourceFile)}.${value.name}`;
          const converted = reconverted(sourceFile, read, value.expression!);
          // A read converted the same way right away (`cfg.timeout * 1000` for `$ * 1000`) is the new field itself.
          if (converted) edits.push({ start: converted.getStart(sourceFile), end: converted.getEnd(), text: newRead });
          // A read of a field whose conversion can be undone: the new field, converted back.
          else edits.push({ start: read.getStart(sourceFile), end: read.getEnd(), text: wrapTemplate(read, value.revert(newRead)) });
          rewritten++;
          continue;
        }
        if (!property || !(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) {
          problems.push({ line: site.line, kind: problemKind(site), message: `\`${site.name}\` is read here, but its mapping converts the value (${value.expression}), which cannot be undone` });
          continue;
        }
        const old = ts.isPropertyAssignment(property) ? property.initializer.getText(sourceFile) : property.name.text;
        edits.push({ start: property.getStart(sourceFile), end: property.getEnd(), text: `${value.name}: ${value.convert(old)}` });
        rewritten++;
        continue;
      }
      if (value.name === site.name) continue;
      edits.push(renameEdit(sourceFile, site.nameNode, value.name));
      rewritten++;
      continue;
    }
    if (!isRename(target)) {
      if ((site.kind === 'member' || site.kind === 'static') && site.receiver) {
        const call = site.call;
        const node = call ?? (site.nameNode.parent as ts.Node);
        if (templated.has(node)) continue;
        templated.add(node);
        const receiver = site.receiver.getText(sourceFile);
        const args = call ? call.arguments.map((a) => a.getText(sourceFile)) : [];
        if (call && call.arguments.some((a) => ts.isSpreadElement(a)) && /\$\d/.test(target)) {
          problems.push({ line: site.line, kind: problemKind(site), message: `\`${site.name}(...)\` is called with a spread argument; the template needs positional arguments` });
          continue;
        }
        if (!call && (/\$(\d|args)/.test(target) || isAssignmentTarget(node))) {
          problems.push({ line: site.line, kind: problemKind(site), message: `\`${site.name}\` maps to a template with arguments, but is read as a property here` });
          continue;
        }
        const expanded = expandTemplate(target, receiver, args);
        edits.push(pickedProperty(sourceFile, node, expanded) ?? { start: node.getStart(sourceFile), end: node.getEnd(), text: wrapTemplate(node, expanded) });
        rewritten++;
        continue;
      }
      problems.push({ line: site.line, kind: problemKind(site), message: `\`${site.name}\` maps to a template, which only applies to member uses` });
      continue;
    }
    if (target === site.name) continue;
    edits.push(renameEdit(sourceFile, site.nameNode, target));
    rewritten++;
  }
  const defaulted = new Map<ts.ObjectLiteralExpression, TextEdit>();
  for (const literal of fieldLiterals) {
    const edit = defaultsEdit(sourceFile, literal, mapping.fields, mapping.fieldDefaults, removals.get(literal), mapping.canonicalSpreads);
    if (edit) defaulted.set(literal, edit);
  }
  for (const [literal, indices] of removals) {
    if (indices.size === literal.properties.length) {
      // Every key dropped: the canonical's defaults alone, when it has required ones.
      const whole = defaulted.get(literal);
      defaulted.delete(literal);
      edits.push(whole ?? { start: literal.getStart(sourceFile), end: literal.getEnd(), text: '{}' });
    } else {
      edits.push(...removeListElements(literal.properties, indices));
    }
  }
  const kept = dropNested(edits);
  // A default goes into its literal unless a template replaced the code around the literal.
  for (const [literal, edit] of defaulted) {
    const start = literal.getStart(sourceFile);
    if (!kept.some((outer) => outer.end - outer.start > 0 && outer.start <= start && literal.getEnd() <= outer.end && (outer.start !== start || outer.end !== literal.getEnd()))) kept.push(edit);
  }
  return { edits: kept, problems, rewritten };
}

/**
 * `old.config.name` where `config` maps to an object literal template: the literal's `name` value
 * alone, rather than building the whole object to read one key of it.
 */
function pickedProperty(sourceFile: ts.SourceFile, node: ts.Node, expanded: string): TextEdit | undefined {
  const access = node.parent;
  if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== node || !ts.isIdentifier(access.name) || ts.isOptionalChain(access)) return undefined;
  if (isAssignmentTarget(access) || ts.isDeleteExpression(access.parent)) return undefined;
  let literal: ts.Expression | undefined = parseExpression(expanded);
  while (literal && ts.isParenthesizedExpression(literal)) literal = literal.expression;
  const value = plainLiteral(literal)?.get(access.name.text);
  if (!value) return undefined;
  const text = value.getText();
  return { start: access.getStart(sourceFile), end: access.getEnd(), text: needsParens(access, value) ? `(${text})` : text };
}

/**
 * `recv.name` when the name node is read as a value: not written, incremented or deleted, and not
 * through `?.` (a missing receiver would turn into NaN, not undefined, once converted back).
 */
export function plainRead(nameNode: ts.Node): ts.PropertyAccessExpression | undefined {
  const access = nameNode.parent;
  if (!access || !ts.isPropertyAccessExpression(access) || access.name !== nameNode || ts.isOptionalChain(access)) return undefined;
  const parent = access.parent;
  if (isAssignmentTarget(access) || ts.isDeleteExpression(parent)) return undefined;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(parent.operator)) return undefined;
  return access;
}

/** `read op n` when it is exactly the mapping's conversion (`$ * 1000`) of the read, written out. */
function reconverted(sourceFile: ts.SourceFile, read: ts.PropertyAccessExpression, expression: string): ts.BinaryExpression | undefined {
  const parent = read.parent;
  if (!ts.isBinaryExpression(parent) || parent.left !== read) return undefined;
  const written = `$${parent.operatorToken.getText(sourceFile)}${parent.right.getText(sourceFile)}`;
  return written.replace(/\s+/g, '') === expression.replace(/\s+/g, '') ? parent : undefined;
}

function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  return parent !== undefined && ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** A template replacing a member read in a member chain or operand needs parentheses unless it is a call or name. */
function wrapTemplate(node: ts.Node, text: string): string {
  const parent = node.parent;
  const simple = /^[\w$.]+(\(.*\))?$/s.test(text.trim());
  if (simple || !parent) return text;
  // An expression that parses whole (`new X(...)`, an object literal) goes where its syntax allows it.
  const parsed = parseExpression(text);
  if (parsed) {
    const assigned = ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    if (assigned) return needsParens(node, parsed) && ts.isBinaryExpression(parsed) && parsed.operatorToken.kind === ts.SyntaxKind.CommaToken ? `(${text})` : text;
    return needsParens(node, parsed) ? `(${text})` : text;
  }
  const inChain = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) && parent.expression === node;
  const operand = ts.isPrefixUnaryExpression(parent) || ts.isBinaryExpression(parent) || ts.isAwaitExpression(parent) || ts.isTypeOfExpression(parent);
  return inChain || operand ? `(${text})` : text;
}

/** A rename of one name node, whatever syntax names it. */
function renameEdit(sourceFile: ts.SourceFile, node: ts.Node, to: string): TextEdit {
  if (ts.isShorthandPropertyAssignment(node)) {
    return { start: node.name.getStart(sourceFile), end: node.name.getEnd(), text: `${to}: ${node.name.text}` };
  }
  if (ts.isBindingElement(node)) {
    if (node.propertyName) return { start: node.propertyName.getStart(sourceFile), end: node.propertyName.getEnd(), text: to };
    return { start: node.name.getStart(sourceFile), end: node.name.getStart(sourceFile), text: `${to}: ` };
  }
  if (ts.isStringLiteral(node)) {
    const quote = node.getText(sourceFile).charAt(0);
    return { start: node.getStart(sourceFile), end: node.getEnd(), text: `${quote}${to}${quote}` };
  }
  return { start: node.getStart(sourceFile), end: node.getEnd(), text: to };
}

/** Template expansions replace whole calls: drop renames that fall inside one (they were expanded with it). */
function dropNested(edits: TextEdit[]): TextEdit[] {
  const wide = edits.filter((e) => e.end - e.start > 0);
  return edits.filter((edit) => !wide.some((outer) => outer !== edit && outer.start <= edit.start && edit.end <= outer.end && (outer.start !== edit.start || outer.end !== edit.end)));
}
