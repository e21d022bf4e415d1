/**
 * Shared state of one `rewrite-imports` pass over a file: the moves by specifier, the edits collected
 * so far, and helpers to decide whether a moved binding's uses can follow it.
 */
import type { CodemodApi } from '../../src/migrate/plan/codemod.js';
import type { RewriteImportsOptions, SymbolMove } from '../../src/migrate/plan/codemod-options.js';
import type { TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { namesInUse } from '../../src/migrate/plan/codemod-utils/imports.js';
import { usageEdits } from '../../src/migrate/plan/codemod-utils/usage-edits.js';
import { findUsages, type SymbolReference } from '../../src/migrate/plan/codemod-utils/usages.js';
import { detectStyle, type FileStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import { ts } from '../../src/parser/ts.js';

export interface PassContext {
  sourceFile: ts.SourceFile;
  style: FileStyle;
  api: CodemodApi;
  options: RewriteImportsOptions;
  /** `from` specifier → export name → move. */
  moves: Map<string, Map<string, SymbolMove>>;
  edits: TextEdit[];
  /** Names referenced or declared in the file: new local names must avoid them. */
  taken: Set<string>;
}

export function createPassContext(sourceFile: ts.SourceFile, options: RewriteImportsOptions, api: CodemodApi): PassContext {
  const moves = new Map<string, Map<string, SymbolMove>>();
  for (const move of options.moves) {
    const byName = moves.get(move.from) ?? new Map<string, SymbolMove>();
    byName.set(move.name, move);
    moves.set(move.from, byName);
  }
  return { sourceFile, style: detectStyle(sourceFile), api, options, moves, edits: [], taken: namesInUse(sourceFile) };
}


export function lineOfNode(context: PassContext, node: ts.Node): number {
  return context.sourceFile.getLineAndCharacterOfPosition(node.getStart(context.sourceFile)).line + 1;
}

/**
 * The edits that make a moved binding's uses fit the canonical (renamed members, options, fields), or
 * null when some use cannot follow: then the binding stays where it is and the problem is reported.
 */
export function followUses(context: PassContext, isRef: SymbolReference, move: SymbolMove, targetText?: string): TextEdit[] | null {
  if (!move.members && !move.fields && !move.options) return [];
  const sites = findUsages(context.sourceFile, isRef, move.symbolKind ?? 'value');
  const result = usageEdits(context.sourceFile, sites, move, targetText);
  if (result.problems.length > 0) {
    for (const problem of result.problems) {
      context.api.report({ line: problem.line, kind: problem.kind, message: `${problem.message}; ${move.name} keeps importing ${move.from}` });
    }
    return null;
  }
  if (result.rewritten > 0) context.api.stats('callSitesRewritten', result.rewritten);
  return result.edits;
}

/** A binding as written inside braces: `Name`, `Name as local`, with `type ` when needed. */
export function specifierText(imported: string, local: string, typePrefix: boolean): string {
  const core = imported === local ? local : `${imported} as ${local}`;
  return typePrefix ? `type ${core}` : core;
}

/** The specifier literal rewritten, keeping the literal's own quote character. */
export function specifierLiteral(literal: ts.StringLiteralLike, context: PassContext, specifier: string): string {
  const quote = literal.getText(context.sourceFile).charAt(0);
  const q = quote === '"' || quote === "'" || quote === '`' ? quote : context.style.quote;
  return `${q}${specifier.split(q).join(`\\${q}`)}${q}`;
}
