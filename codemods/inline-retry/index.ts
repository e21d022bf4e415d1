/**
 * Replaces a retry written inline in a method or function (a counted loop or a self-recursion around
 * try/catch and a wait) by one call to the canonical retry, written from the config's template. Only an
 * exactly matched shape is rewritten; anything else is reported with the reason and left as it was.
 * The method keeps its signature; the wait helper's import goes once nothing uses it.
 */
import { defineCodemod } from '../../src/migrate/plan/codemod.js';
import type { InlineRetryOptions } from '../../src/migrate/plan/codemod-options.js';
import { applyEdits } from '../../src/migrate/plan/codemod-utils/edits.js';
import { addImports, countReferences, freeName, identifierTexts, importedLocals, removeImportBindings } from '../../src/migrate/plan/codemod-utils/imports.js';
import { renderInlineRetry } from '../../src/migrate/plan/codemod-utils/inline-retry-render.js';
import { inlineRetryShape } from '../../src/migrate/plan/codemod-utils/inline-retry-shape.js';
import { detectStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import { ts } from '../../src/parser/ts.js';

/** Locals the retry's wait called (`sleep`): removed from the imports once unused. */
function waitCallees(node: ts.Node | undefined): string[] {
  const names: string[] = [];
  const visit = (child: ts.Node): void => {
    if (ts.isCallExpression(child) && ts.isIdentifier(child.expression)) names.push(child.expression.text);
    ts.forEachChild(child, visit);
  };
  if (node) visit(node);
  return names;
}

export default defineCodemod<InlineRetryOptions>({
  id: 'inline-retry',
  description: 'replace retry loops written inline in methods and functions by a call to the canonical retry',
  transform(file, options, api) {
    let text = file.text;
    const released = new Set<string>();
    for (const task of options.retries) {
      const source = api.parse(file.path, text);
      const found = inlineRetryShape(source, task.method);
      if ('none' in found) continue;
      if ('reason' in found) {
        api.report({ line: found.line, kind: 'inline-implementation', message: `${task.method} is not rewritten: ${found.reason}` });
        continue;
      }
      const style = detectStyle(source);
      const existing = importedLocals(source).get(task.canonical.name);
      if (existing && (existing.specifier !== task.canonical.specifier || existing.imported !== task.canonical.name)) {
        api.report({ line: 1, kind: 'inline-implementation', message: `${task.method} is not rewritten: this file already imports another \`${task.canonical.name}\`` });
        continue;
      }
      const declared = new Set([...identifierTexts(source)]);
      if (!existing && declared.has(task.canonical.name) && countReferences(source, task.canonical.name) > 0) {
        api.report({ line: 1, kind: 'inline-implementation', message: `${task.method} is not rewritten: \`${task.canonical.name}\` already names something else in this file` });
        continue;
      }
      const rendered = renderInlineRetry({
        shape: found.shape,
        template: task.template,
        targetLocal: task.canonical.name,
        qualified: task.method,
        style,
        attemptName: freeName(declared, 'attemptNumber'),
      });
      if ('reason' in rendered) {
        api.report({ line: found.shape.replaced.getSourceFile().getLineAndCharacterOfPosition(found.shape.replaced.getStart()).line + 1, kind: 'inline-implementation', message: `${task.method} is not rewritten: ${rendered.reason}` });
        continue;
      }
      for (const name of waitCallees(found.shape.wait?.parent)) released.add(name);
      const edits = [...rendered.edits, ...addImports(source, style, [{ specifier: task.canonical.specifier, imported: task.canonical.name, local: task.canonical.name }])];
      text = applyEdits(text, edits);
    }
    if (text === file.text) return undefined;
    if (released.size > 0) {
      const source = api.parse(file.path, text);
      const imported = importedLocals(source);
      const unused = new Set([...released].filter((name) => imported.has(name) && countReferences(source, name) === 0));
      if (unused.size > 0) text = applyEdits(text, removeImportBindings(source, unused));
    }
    return text;
  },
});
