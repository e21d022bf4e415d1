/**
 * Parts of an importer that its own adapter replaces. A module whose superseded class or function
 * becomes an adapter in the same run loses that declaration's body: the adapter keeps the signature
 * and what `own-members.ts` keeps, and delegates the rest to the canonical. Uses of an imported symbol
 * inside what goes away are no reason to keep the import. Rather than re-deriving what the adapter
 * keeps, the planner writes the adapter as the codemod will (same generator, same task) and releases
 * a declaration only when that text no longer mentions the imported name at all; otherwise every use
 * in it still counts, as before.
 */
import { parseSource, ts } from '../../../parser/ts.js';
import { classAdapter, functionAdapter } from '../../../../codemods/shim-modules/adapter.js';
import type { ShimTask } from '../codemod-options.js';
import { findExportedDeclaration } from '../codemod-utils/declarations.js';
import { identifierTexts } from '../codemod-utils/imports.js';
import { isWrittenShim } from '../codemod-utils/shim-text.js';
import type { SymbolPlan } from './symbols.js';

/** A superseded declaration of the importer that this run replaces with an adapter, and its adapter text. */
export interface ReplacedDeclaration {
  start: number;
  end: number;
  /** Identifiers the adapter text still names. */
  names: ReadonlySet<string>;
}

/** Names the canonical stands under in the probe text; never a name a user's import binds. */
const PROBE_TARGET = '__ssotCanonicalProbe';

/**
 * The declarations of `source` (the file `file`) that an adapter of this run replaces, each with the
 * identifiers its adapter names. A shim written by an earlier run is its adapter already.
 */
export function adapterReplacedDeclarations(source: ts.SourceFile, file: string, plans: readonly SymbolPlan[]): ReplacedDeclaration[] {
  const replaced: ReplacedDeclaration[] = [];
  for (const plan of plans) {
    if (plan.file !== file || plan.shim?.kind !== 'adapter') continue;
    const found = findExportedDeclaration(source, plan.exportName);
    const statement = found?.statement;
    if (!statement || isWrittenShim(statement)) continue;
    const task: ShimTask = { ...plan.shim, canonical: { specifier: '', name: PROBE_TARGET, ref: PROBE_TARGET } };
    const input = { sourceFile: source, task, targetLocal: PROBE_TARGET, warn: '', semi: ';', typescript: true };
    let text: string;
    if (ts.isClassDeclaration(statement) && statement.name) text = classAdapter(input, statement).text;
    else if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) text = functionAdapter(input, statement).text;
    else continue;
    replaced.push({ start: statement.getStart(source), end: statement.getEnd(), names: identifierTexts(parseSource('adapter-probe.ts', text)) });
  }
  return replaced;
}

/** Whether `node` sits in a declaration whose adapter no longer names `local`. */
export function inReplacedPart(replaced: readonly ReplacedDeclaration[], source: ts.SourceFile, node: ts.Node, local: string): boolean {
  const start = node.getStart(source);
  return replaced.some((r) => r.start <= start && node.getEnd() <= r.end && !r.names.has(local));
}
