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
  const inFile = subtract(after, before, (d) => `${d.file}\0${d.code}\0${d.head}`);
  // A diagnostic about another file ("File '/x' is not under rootDir") is attached to whichever import
  // of it the compiler meets first; a change of import order moves it without it being new.
  const leftBefore = subtract(before, after, (d) => `${d.file}\0${d.code}\0${d.head}`);
  const moved = (d: LocatedDiagnostic) => (ABOUT_A_FILE.test(d.head) ? `${d.code}\0${d.head}` : `${d.file}\0${d.code}\0${d.head}`);
  const added = subtract(inFile, leftBefore, moved);
  const fixed = subtract(leftBefore, inFile, moved).length;
  return { added, fixed };
}

/** Messages that name a file by its absolute path. */
const ABOUT_A_FILE = /'(\/|[A-Za-z]:[\\/])[^']*'/;

/** The items of `from` left after matching each against one item of `minus` with the same key. */
function subtract(from: LocatedDiagnostic[], minus: LocatedDiagnostic[], keyOf: (d: LocatedDiagnostic) => string): LocatedDiagnostic[] {
  const counts = new Map<string, number>();
  for (const d of minus) counts.set(keyOf(d), (counts.get(keyOf(d)) ?? 0) + 1);
  const left: LocatedDiagnostic[] = [];
  for (const d of from) {
    const count = counts.get(keyOf(d)) ?? 0;
    if (count > 0) counts.set(keyOf(d), count - 1);
    else left.push(d);
  }
  return left;
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
