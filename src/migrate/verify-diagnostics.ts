/**
 * The compiler half of verification: programs over the affected files before and after, sharing
 * parsed files; which changed files changed their public shape; and the diagnostics the change adds. Matched by file, code and the head of the
 * message chain: lines move, and the chain's details (such as the list of files that brought another
 * file into the program) change with any import, without the problem being new.
 */
import { ts } from '../parser/ts.js';
import { importsSeeChange } from './verify-bindings.js';
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

/**
 * The program over some roots, as the files are and as they would be, the second built from the
 * first so unchanged files are not parsed again.
 */
export class ProgramPair {
  readonly before: ts.Program;
  readonly after: ts.Program;
  private readonly options: ts.CompilerOptions;

  constructor(config: ProjectConfig, roots: readonly string[], overlay: Overlay, cache: SourceFileCache, previous?: ProgramPair) {
    this.options = verificationOptions(config.options);
    const declarations = config.fileNames.filter((file) => DECLARATION.test(file));
    const beforeHost = createOverlayHost(this.options, null, cache);
    const afterHost = createOverlayHost(this.options, overlay, cache);
    const rootsIn = (host: ts.CompilerHost) => [...new Set([...this.checkable(roots), ...declarations])].filter((file) => host.fileExists(file));
    this.before = ts.createProgram({ rootNames: rootsIn(beforeHost), options: this.options, host: beforeHost, ...(previous ? { oldProgram: previous.before } : {}) });
    this.after = ts.createProgram({ rootNames: rootsIn(afterHost), options: this.options, host: afterHost, oldProgram: previous?.after ?? this.before });
  }

  /** True when both programs hold the file (it is checked under these options). */
  holds(file: string): boolean {
    return this.before.getSourceFile(file) !== undefined && this.after.getSourceFile(file) !== undefined;
  }

  /** Whether an unchanged file's imports resolve to anything that differs (see `importsSeeChange`). */
  importsSeeChange(file: string, mayDiffer: (file: string) => boolean): boolean {
    return importsSeeChange(this.before, this.after, file, mayDiffer);
  }

  /** Files the compiler checks under these options (JavaScript only with allowJs). */
  checkable(files: readonly string[]): string[] {
    return files.filter((file) => !JS.test(file) || this.options.allowJs === true);
  }

  /**
   * Whether a file's public shape (its emitted declarations) differs between the two states: only
   * then can its importers see a difference. A deleted file's shape changed; a created one had no
   * importers to tell.
   */
  shapeChanged(file: string): boolean {
    const before = this.before.getSourceFile(file);
    const after = this.after.getSourceFile(file);
    if (!after) return before !== undefined || this.checkable([file]).length === 0;
    if (!before) return false;
    const shape = (program: ts.Program, source: ts.SourceFile): string | null => {
      let text = '';
      try {
        const result = program.emit(source, (name, data) => {
          if (/\.d\.[cm]?ts$/.test(name)) text += data;
        }, undefined, true);
        return result.emitSkipped ? null : text;
      } catch {
        return null;
      }
    };
    const a = shape(this.before, before);
    const b = shape(this.after, after);
    return a === null || b === null || a !== b;
  }

  /** Diagnostics of `files` before and after: those the change adds (beyond the count before), and how many went away. */
  compare(files: readonly string[]): { added: LocatedDiagnostic[]; fixed: number } {
    const checkable = this.checkable(files);
    const before = collect(this.before, checkable);
    const after = collect(this.after, checkable);
    const inFile = subtract(after, before, sameProblem);
    // A diagnostic about another file ("File '/x' is not under rootDir") is attached to whichever import
    // of it the compiler meets first; a change of import order moves it without it being new.
    const leftBefore = subtract(before, after, sameProblem);
    const moved = (d: LocatedDiagnostic) => (ABOUT_A_FILE.test(d.head) ? `${d.code}\0${d.head}` : sameProblem(d));
    // It may also move from or to a file outside the checked ones: it is new only when the whole
    // program has it more often than before.
    const surplus = aboutFileSurplus(this.before, this.after);
    const added = subtract(inFile, leftBefore, moved).filter((d) => {
      if (!surplus || !ABOUT_A_FILE.test(d.head)) return true;
      const key = `${d.code}\0${d.head}`;
      const left = surplus.get(key) ?? 0;
      surplus.set(key, left - 1);
      return left > 0;
    });
    const fixed = subtract(leftBefore, inFile, moved).length;
    return { added, fixed };
  }
}

/** Messages that name a file by its absolute path. */
const ABOUT_A_FILE = /'(\/|[A-Za-z]:[\\/])[^']*'/;

/**
 * Codes that all say "this name is a type, used as a value": which one the compiler picks depends on
 * how the name was imported (`import type`, a type-only export, a plain import of a type), so an
 * import rewritten with a `type` modifier rewords an error that was already there.
 */
const TYPE_AS_VALUE = new Set([1361, 1362, 2585, 2693]);

/** The key diagnostics are matched by: file, code and head of the message (lines move). */
function sameProblem(d: LocatedDiagnostic): string {
  if (TYPE_AS_VALUE.has(d.code)) return `${d.file}\0type-as-value\0${/'([^']+)'/.exec(d.head)?.[1] ?? d.head}`;
  return `${d.file}\0${d.code}\0${d.head}`;
}

/** Program diagnostics a program keeps per file (file inclusion problems), without checking anything. */
interface ProgramDiagnostics {
  getProgramDiagnostics?(file: ts.SourceFile): readonly ts.Diagnostic[];
}

/**
 * How many more times the after program reports each diagnostic about a file than the before program,
 * over all its files; null when the compiler does not tell.
 */
function aboutFileSurplus(before: ts.Program, after: ts.Program): Map<string, number> | null {
  const counts = new Map<string, number>();
  for (const [program, step] of [[after, 1], [before, -1]] as const) {
    const reader = program as ts.Program & ProgramDiagnostics;
    if (typeof reader.getProgramDiagnostics !== 'function') return null;
    for (const file of program.getSourceFiles()) {
      for (const d of reader.getProgramDiagnostics(file)) {
        const head = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
        if (!ABOUT_A_FILE.test(head)) continue;
        const key = `${d.code}\0${head}`;
        counts.set(key, (counts.get(key) ?? 0) + step);
      }
    }
  }
  return counts;
}

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
