/**
 * Option literals passed to a superseded function the file keeps calling (its adapter now takes the
 * canonical config type): `retrying({ retries: 2 })` becomes `retrying({ maxRetries: 2 })`, decorators
 * included. Only keys written in an object literal at the given position are renamed; a shorthand
 * `{ retries }` becomes `{ maxRetries: retries }`.
 */
import type { ArgumentKeyRename } from '../../src/migrate/plan/codemod-options.js';
import type { TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { importedLocals } from '../../src/migrate/plan/codemod-utils/imports.js';
import { ts } from '../../src/parser/ts.js';

function keyName(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

export function argumentKeyEdits(sourceFile: ts.SourceFile, renames: readonly ArgumentKeyRename[]): TextEdit[] {
  const locals = importedLocals(sourceFile);
  const byLocal = new Map<string, ArgumentKeyRename>();
  for (const [local, info] of locals) {
    const rename = renames.find((r) => r.from === info.specifier && r.name === info.imported);
    if (rename && !info.typeOnly) byLocal.set(local, rename);
  }
  const edits: TextEdit[] = [];
  if (byLocal.size === 0) return edits;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && byLocal.has(node.expression.text)) {
      const rename = byLocal.get(node.expression.text)!;
      const argument = node.arguments[rename.argument];
      if (argument && ts.isObjectLiteralExpression(argument)) {
        for (const property of argument.properties) {
          const old = keyName(property);
          const to = old === undefined ? undefined : rename.keys[old];
          if (to === undefined || to === old) continue;
          if (ts.isShorthandPropertyAssignment(property)) edits.push({ start: property.name.getStart(sourceFile), end: property.name.getEnd(), text: `${to}: ${old}` });
          else if (ts.isPropertyAssignment(property)) edits.push({ start: property.name.getStart(sourceFile), end: property.name.getEnd(), text: to });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return edits;
}
