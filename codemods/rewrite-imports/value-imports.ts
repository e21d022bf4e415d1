/**
 * Values of the canonical module that converted config literals name (`BackoffStrategy.EXPONENTIAL`):
 * imported when the rewritten file uses them and nothing binds them yet. The planner checked the names
 * are free or already the canonical's.
 */
import type { ImportTarget } from '../../src/migrate/plan/codemod-options.js';
import { applyEdits } from '../../src/migrate/plan/codemod-utils/edits.js';
import { addImports, importedLocals, namesInUse } from '../../src/migrate/plan/codemod-utils/imports.js';
import { localDeclarations } from '../../src/migrate/plan/codemod-utils/declarations.js';
import { detectStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import type { ts } from '../../src/parser/ts.js';

export function withValueImports(text: string, values: readonly ImportTarget[], parse: (text: string) => ts.SourceFile): string {
  if (values.length === 0) return text;
  const sourceFile = parse(text);
  const used = namesInUse(sourceFile);
  const imported = importedLocals(sourceFile);
  const declared = localDeclarations(sourceFile);
  const wanted = values.filter((v) => used.has(v.name) && !declared.has(v.name) && (!imported.has(v.name) || imported.get(v.name)!.typeOnly));
  if (wanted.length === 0) return text;
  const requests = wanted.map((v) => ({ specifier: v.specifier, imported: v.name, local: v.name }));
  return applyEdits(text, addImports(sourceFile, detectStyle(sourceFile), requests));
}
