/**
 * The diagnostics half of verification: the checker over the affected files twice, before and after,
 * sharing parsed files, and the diagnostics the change adds. Matched by file, code and the head of the
 * message chain: lines move, and the chain's details (such as the list of files that brought another
 * file into the program) change with any import, without the problem being new.
 */
import { ts } from '../parser/ts.js';
import { verificationOptions, type ProjectConfig } from './verify-config.js';
import { createOverlayHost, type Overlay, type SourceFileCache } from './verify-host.js';

export interface LocatedDiagnostic {
  /** Absolute compiler path. */
  file: string;
  line: number;
  column: number;
  code: number;
  category: 'error' | 'warning' | 'suggestion' | 'message';
  /** The whole message chain, for people. */
  message: string;
  /** The head of the chain, for matching. */
  head: string;
}

const JS = /\.(js|jsx|mjs|cjs)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$|\.d\.[^/.]+\.ts$/;

/** Diagnostics of `files` before and after; returns those added (beyond the count before) and how many went away. */
export function compareDiagnostics(
  config: ProjectConfig,
  files: readonly string[],
  overlay: Overlay,
  cache: SourceFileCache,
): { added: LocatedDiagnostic[]; fixed: number } {
  const options = verificationOptions(config.options);
  const checkable = files.filter((file) => !JS.test(file) || options.allowJs);
  if (checkable.length === 0) return { added: [], fixed: 0 };
  const declarations = config.fileNames.filter((file) => DECLARATION.test(file));
  const beforeHost = createOverlayHost(options, null, cache);
  const afterHost = createOverlayHost(options, overlay, cache);
  const rootsIn = (host: ts.CompilerHost) => [...new Set([...checkable, ...declarations])].filter((file) => host.fileExists(file));
  const beforeProgram = ts.createProgram({ rootNames: rootsIn(beforeHost), options, host: beforeHost });
  const afterProgram = ts.createProgram({ rootNames: rootsIn(afterHost), options, host: afterHost, oldProgram: beforeProgram });
  const before = collect(beforeProgram, checkable);
  const after = collect(afterProgram, checkable);
  const remaining = new Map<string, number>();
  for (const d of before) remaining.set(keyOf(d), (remaining.get(keyOf(d)) ?? 0) + 1);
  const added: LocatedDiagnostic[] = [];
  for (const d of after) {
    const count = remaining.get(keyOf(d)) ?? 0;
    if (count > 0) remaining.set(keyOf(d), count - 1);
    else added.push(d);
  }
  const fixed = [...remaining.values()].reduce((sum, n) => sum + n, 0);
  return { added, fixed };
}

function keyOf(d: LocatedDiagnostic): string {
  return `${d.file}\0${d.code}\0${d.head}`;
}

const CATEGORY: Record<number, LocatedDiagnostic['category']> = {
  [ts.DiagnosticCategory.Error]: 'error',
  [ts.DiagnosticCategory.Warning]: 'warning',
  [ts.DiagnosticCategory.Suggestion]: 'suggestion',
  [ts.DiagnosticCategory.Message]: 'message',
};

function collect(program: ts.Program, files: readonly string[]): LocatedDiagnostic[] {
  const out: LocatedDiagnostic[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      out.push({
        file: d.file?.fileName ?? file,
        line: position.line + 1,
        column: position.character + 1,
        code: d.code,
        category: CATEGORY[d.category] ?? 'error',
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
        head: typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText,
      });
    }
  }
  return out;
}
