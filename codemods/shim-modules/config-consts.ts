/**
 * Typed consts of a module whose adapter parameter took the canonical config type (the parameter's
 * default, `const LLM_RETRY: RetryStrategy = { ... }`): the annotation names the canonical type and the
 * object literal is written as the converter would (keys renamed, values converted, defaults added).
 * A const already typed with the canonical is left alone, so a second run changes nothing.
 */
import type { ConfigConstTask } from '../../src/migrate/plan/codemod-options.js';
import type { CodemodApi } from '../../src/migrate/plan/codemod.js';
import type { TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { usageEdits } from '../../src/migrate/plan/codemod-utils/usage-edits.js';
import type { UsageSite } from '../../src/migrate/plan/codemod-utils/usages.js';
import { ts } from '../../src/parser/ts.js';

function constDeclaration(sourceFile: ts.SourceFile, name: string): ts.VariableDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    const found = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (found) return found;
  }
  return undefined;
}

export function configConstEdits(sourceFile: ts.SourceFile, tasks: readonly ConfigConstTask[], api: CodemodApi): TextEdit[] {
  const edits: TextEdit[] = [];
  const line = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  for (const task of tasks) {
    const declaration = constDeclaration(sourceFile, task.name);
    const type = declaration?.type;
    const literal = declaration?.initializer;
    if (!declaration || !type || !literal || !ts.isObjectLiteralExpression(literal)) {
      api.report({ line: declaration ? line(declaration) : 1, kind: 'adapter-incomplete', message: `${task.name} is not a const with a type and an object literal; it keeps its type` });
      continue;
    }
    if (type.getText(sourceFile) === task.type) continue;
    const sites: UsageSite[] = [];
    for (const property of literal.properties) {
      const name = property.name;
      if (!(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) || !name || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) {
        sites.length = 0;
        break;
      }
      sites.push({ kind: 'field', name: name.text, line: line(property), nameNode: ts.isShorthandPropertyAssignment(property) ? property : name, literal });
    }
    if (sites.length !== literal.properties.length || sites.length === 0) {
      api.report({ line: line(literal), kind: 'adapter-incomplete', message: `the literal of ${task.name} has a spread, a computed key or no key; it keeps its type` });
      continue;
    }
    const result = usageEdits(sourceFile, sites, { ...(task.fields ? { fields: task.fields } : {}), ...(task.fieldDefaults ? { fieldDefaults: task.fieldDefaults } : {}) });
    if (result.problems.length > 0) {
      for (const problem of result.problems) api.report({ line: problem.line, kind: problem.kind, message: `${problem.message}; ${task.name} keeps its type` });
      continue;
    }
    edits.push({ start: type.getStart(sourceFile), end: type.getEnd(), text: task.type }, ...result.edits);
  }
  return edits;
}
