/**
 * Bookkeeping an adapter keeps for itself. A superseded class often adds something the canonical does
 * not track (per-category statistics, a classifier, a breaker around each attempt) on top of a loop the
 * canonical replaces. Members mapped to `"(own)"` are copied into the adapter as they were; so is the
 * private state that they, the member templates and the construct template read through `this.x`
 * (private properties with their initialisers or constructor assignments, private methods, parameter
 * properties). The adapter then holds bookkeeping only; the retry (or breaker) loop is the canonical's.
 */
import { OWN_MEMBER, thisReads } from '../../src/migrate/plan/codemod-utils/usages.js';
import { ts } from '../../src/parser/ts.js';

export { OWN_MEMBER };

export interface OwnState {
  /** Names of the members the adapter keeps (public `"(own)"` ones and the private state they need). */
  names: Set<string>;
  /** Field declarations, as class-body lines (two-space indent). */
  fields: string[];
  /** Constructor statements, in their original order (four-space indent). */
  constructorStatements: string[];
  /** Methods and accessors kept verbatim, each as class-body text (two-space indent). */
  methods: Map<string, string>;
}

function memberName(member: ts.ClassElement | ts.ParameterDeclaration): string | undefined {
  const name = member.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function isPublic(member: ts.ClassElement | ts.ParameterDeclaration): boolean {
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined;
  return !modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
}

/** Source text of a node with its doc comment, re-indented to two-space units from the file's `indent`. */
function verbatim(sourceFile: ts.SourceFile, node: ts.Node, indent: string, depth: number): string {
  const start = node.getStart(sourceFile, true);
  const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
  const raw = sourceFile.text.slice(lineStart, node.getEnd());
  const unit = indent === '\t' ? /^\t/ : new RegExp(`^${indent}`);
  const lines = raw.split(/\r?\n/).map((line) => {
    let level = 0;
    let rest = line;
    while (unit.test(rest)) {
      rest = rest.replace(unit, '');
      level++;
    }
    return rest.length === 0 ? '' : `${'  '.repeat(level)}${rest}`;
  });
  // The first line sets the depth: shift every line so it starts at `depth` levels.
  const first = /^( *)/.exec(lines[0]!)![1]!.length / 2;
  const shift = depth - first;
  return lines.map((line) => (line === '' ? '' : shift >= 0 ? `${'  '.repeat(shift)}${line}` : line.replace(new RegExp(`^ {0,${-shift * 2}}`), ''))).join('\n');
}

const PROPERTY_MODIFIERS = new Set([ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword]);

/** `this.name = ...;` in a constructor body. */
function assignedField(statement: ts.Statement): string | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return undefined;
  const { left, operatorToken } = statement.expression;
  if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  return left.name.text;
}

/**
 * What the adapter of `declaration` keeps: the members mapped to `"(own)"` and, transitively, the
 * non-public state read through `this.` by them, by `templates` (construct and member templates) and by
 * the constructor statements that initialise that state.
 */
export function ownState(
  sourceFile: ts.SourceFile,
  declaration: ts.ClassDeclaration,
  members: Record<string, string | null> | undefined,
  templates: readonly string[],
  indent: string,
  semi: string,
  typescript: boolean,
): OwnState {
  const state: OwnState = { names: new Set(), fields: [], constructorStatements: [], methods: new Map() };
  const own = Object.entries(members ?? {}).filter(([, to]) => to === OWN_MEMBER).map(([name]) => name);
  if (own.length === 0 && !templates.some((t) => thisReads(t).length > 0)) return state;
  const constructor = declaration.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
  const byName = new Map<string, ts.ClassElement | ts.ParameterDeclaration>();
  for (const member of declaration.members) {
    const name = ts.isConstructorDeclaration(member) ? undefined : memberName(member);
    if (name !== undefined) byName.set(name, member);
  }
  const parameterProperties = new Map<string, ts.ParameterDeclaration>();
  for (const p of constructor?.parameters ?? []) {
    if (ts.isIdentifier(p.name) && ts.getModifiers(p)?.some((m) => PROPERTY_MODIFIERS.has(m.kind))) parameterProperties.set(p.name.text, p);
  }
  const statements = constructor?.body?.statements ?? ts.factory.createNodeArray<ts.Statement>();
  const keptStatements = new Set<ts.Statement>();
  const queue = [...own];
  const texts = [...templates];
  for (const text of texts) queue.push(...thisReads(text));
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (state.names.has(name)) continue;
    const member = byName.get(name);
    const parameter = parameterProperties.get(name);
    // Public members that are not "(own)" are the adapter's delegating members already.
    if (member && !own.includes(name) && isPublic(member)) continue;
    if (parameter && !own.includes(name) && isPublic(parameter)) continue;
    if (!member && !parameter) continue;
    state.names.add(name);
    let added = '';
    if (parameter) {
      const modifiers = (ts.getModifiers(parameter) ?? []).map((m) => m.getText(sourceFile)).join(' ');
      const type = typescript && parameter.type ? `: ${parameter.type.getText(sourceFile)}` : '';
      state.fields.push(`  ${modifiers} ${name}${type}${semi}`);
      state.constructorStatements.push(`    this.${name} = ${name}${semi}`);
      continue;
    }
    if (ts.isPropertyDeclaration(member!)) {
      state.fields.push(verbatim(sourceFile, member!, indent, 1));
      added = member!.getText(sourceFile);
      for (const statement of statements) {
        if (assignedField(statement) !== name || keptStatements.has(statement)) continue;
        keptStatements.add(statement);
        added += `\n${statement.getText(sourceFile)}`;
      }
    } else {
      state.methods.set(name, verbatim(sourceFile, member!, indent, 1));
      added = member!.getText(sourceFile);
    }
    queue.push(...thisReads(added));
  }
  for (const statement of statements) if (keptStatements.has(statement)) state.constructorStatements.push(verbatim(sourceFile, statement, indent, 2));
  return state;
}
