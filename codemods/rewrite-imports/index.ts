/**
 * Moves every import of a superseded symbol onto the canonical module, keeping the importer's local
 * name (`import { UnifiedCircuitBreaker as CircuitBreaker }`): static imports of every form, `export
 * ... from` re-exports, `require` and dynamic `import()`. Uses of members, options and fields follow
 * the mapping; a binding whose uses cannot follow stays where it is and is reported.
 */
import { defineCodemod } from '../../src/migrate/plan/codemod.js';
import type { RewriteImportsOptions } from '../../src/migrate/plan/codemod-options.js';
import { applyEdits } from '../../src/migrate/plan/codemod-utils/edits.js';
import { mergeModuleStatements } from '../../src/migrate/plan/codemod-utils/module-statements.js';
import { createPassContext, type PassContext } from './context.js';
import { rewriteConfigFlows } from './config-flows.js';
import { rewriteOwnSlots } from './own-slots.js';
import { rewriteReExports } from './re-exports.js';
import { rewriteRuntimeImports } from './runtime-imports.js';
import { rewriteStaticImports } from './static-imports.js';
import { argumentKeyEdits } from './argument-keys.js';
import { foldNestedEdits } from './nested-edits.js';
import { withValueImports } from './value-imports.js';

const passes: Array<(context: PassContext) => void> = [rewriteStaticImports, rewriteReExports, rewriteRuntimeImports, rewriteConfigFlows, rewriteOwnSlots];

export default defineCodemod<RewriteImportsOptions>({
  id: 'rewrite-imports',
  description: 'rewrite imports of superseded symbols onto the canonical module, keeping local names',
  transform(file, options, api) {
    const keys = options.argumentKeys ?? [];
    const flows = (options.configLiterals?.length ?? 0) + (options.configReads?.length ?? 0) + (options.configProperties?.length ?? 0) + (options.configOwnSlots?.length ?? 0) > 0;
    if (!flows && !options.moves.some((move) => file.text.includes(move.from)) && !keys.some((k) => file.text.includes(k.from))) return undefined;
    let text = file.text;
    // Literals passed to adapters the file keeps: renamed first, while the imports still name them.
    if (keys.length > 0) {
      const edits = argumentKeyEdits(api.parse(file.path, text), keys);
      if (edits.length > 0) text = applyEdits(text, edits);
    }
    for (const pass of passes) {
      const context = createPassContext(api.parse(file.path, text), options, api);
      pass(context);
      if (context.edits.length > 0) text = applyEdits(text, foldNestedEdits(text, context.edits));
    }
    if (text === file.text) return undefined;
    text = withValueImports(text, options.configValues ?? [], (t) => api.parse(file.path, t));
    // Names moved one by one onto the same module: one statement per module, as a user would write it.
    text = mergeModuleStatements(file.text, text, (t) => api.parse(file.path, t));
    api.stats('importersRewritten');
    return text;
  },
});
