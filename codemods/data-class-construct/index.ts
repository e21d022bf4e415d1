/**
 * Phase 2: creation sites of a config data class become object literals of the canonical config type
 * (`new RetrySettings({ retries: 5 })` → `{ maxRetries: 5, baseDelay: 250 }`, the class's defaults
 * filling what the init leaves out), and type positions name the canonical type. A file where any use
 * of the class could not become the canonical type (`instanceof`, subclassing, an init that is not a
 * literal) is left as written, with each such use reported at its line.
 */
import { defineCodemod } from '../../src/migrate/plan/codemod.js';
import { applyEdits, type TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { addImports, freeName, importedLocals, namesInUse, removeImportBindings, type ImportRequest } from '../../src/migrate/plan/codemod-utils/imports.js';
import { detectStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import { dataClassSites, type DataClassConstructTask } from '../../src/migrate/plan/plan-utils/data-class-sites.js';

export interface DataClassConstructOptions {
  classes: DataClassConstructTask[];
}

export default defineCodemod<DataClassConstructOptions>({
  id: 'data-class-construct',
  description: 'creation sites of a config data class become literals of the canonical config type',
  transform(file, options, api) {
    const sourceFile = api.parse(file.path, file.text);
    const style = detectStyle(sourceFile);
    if (!style.typescript) return undefined;
    const imported = importedLocals(sourceFile);
    const edits: TextEdit[] = [];
    const imports: ImportRequest[] = [];
    const removed = new Set<string>();
    const taken = namesInUse(sourceFile);
    for (const task of options.classes) {
      const local = [...imported].find(([, binding]) => binding.specifier === task.from && binding.imported === task.name)?.[0];
      if (!local) continue;
      const sites = dataClassSites(sourceFile, local, task.conversion);
      if (sites.problems.length > 0) {
        for (const problem of sites.problems) api.report({ line: problem.line, kind: 'signature-mismatch', message: `${problem.message}; this file keeps ${task.name}` });
        continue;
      }
      // Values of the canonical module the literals name (`BackoffStrategy.EXPONENTIAL`) must mean that module's.
      const named = (task.canonical.values ?? []).filter((name) => sites.edits.some((e) => new RegExp(`(?<![\\w$.])${name}\\s*\\.`).test(e.text)));
      const values = named.filter((name) => { const b = imported.get(name); return !(b && b.specifier === task.canonical.specifier && b.imported === name); });
      const clash = values.find((name) => taken.has(name));
      if (clash) {
        api.report({ line: 1, kind: 'signature-mismatch', message: `the literals of ${task.canonical.name} name ${clash}, which this file binds to something else; this file keeps ${task.name}` });
        continue;
      }
      for (const name of values) {
        imports.push({ specifier: task.canonical.specifier, imported: name, local: name });
        taken.add(name);
      }
      const existing = [...imported].find(([, binding]) => binding.specifier === task.canonical.specifier && binding.imported === task.canonical.name)?.[0];
      const canonicalLocal = existing ?? (taken.has(task.canonical.name) && task.canonical.name !== local ? freeName(taken, task.canonical.name) : task.canonical.name);
      taken.add(canonicalLocal);
      edits.push(...sites.edits);
      for (const reference of sites.typeReferences) edits.push({ start: reference.typeName.getStart(sourceFile), end: reference.typeName.getEnd(), text: canonicalLocal });
      removed.add(local);
      // Literals need no import of the type; only type positions do (an unused import fails noUnusedLocals).
      if (!existing && sites.typeReferences.length > 0) imports.push({ specifier: task.canonical.specifier, imported: task.canonical.name, local: canonicalLocal, typeOnly: true });
      api.stats('callSitesRewritten', sites.edits.length);
    }
    if (removed.size === 0) return undefined;
    edits.push(...removeImportBindings(sourceFile, removed));
    // The canonical import goes in after the removal, so a declaration left empty and the new one never overlap.
    let rewritten = applyEdits(file.text, edits);
    // A first import declaration removed whole leaves the blank line that followed it at the top.
    if (!/^\r?\n/.test(file.text)) rewritten = rewritten.replace(/^\r?\n/, '');
    const reparsed = api.parse(file.path, rewritten);
    return applyEdits(rewritten, addImports(reparsed, style, imports));
  },
});
