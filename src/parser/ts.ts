/**
 * The parser adapter: the only module that imports ts-morph (and through it the TypeScript compiler).
 * Everything else imports `ts` and the helpers from here, so the parser can be swapped later without
 * touching the scanner, the codemods or the gate.
 */
import { ts, Project } from 'ts-morph';

export { ts, Project };
export type { SourceFile as MorphSourceFile, ProjectOptions } from 'ts-morph';

/** Script kind from a file name, so .js/.jsx/.mjs/.cjs parse as JavaScript and .tsx as TSX. */
export function scriptKindFor(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Parse one file without a program: the hot path of a scan. `setParentNodes` so detectors can walk up. */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
}

/** Syntax errors of a parsed file (TypeScript records them on the source file during parsing). */
export function syntaxErrors(sourceFile: ts.SourceFile): Array<{ message: string; line: number; code: number }> {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diagnostics.map((d) => ({
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    line: d.start === undefined ? 1 : sourceFile.getLineAndCharacterOfPosition(d.start).line + 1,
    code: d.code,
  }));
}

/** 1-based line of a position. */
export function lineOf(sourceFile: ts.SourceFile, pos: number): number {
  return sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
}

/**
 * Transpiles one TypeScript module to an ES module (types erased, no type checking), for loading
 * `ssot.config.ts` on machines without `typescript` installed. Returns syntax errors instead of
 * throwing so the caller can report them with the file's location.
 */
export function transpileModule(
  text: string,
  fileName: string,
): { outputText: string; errors: Array<{ message: string; line: number }> } {
  const output = ts.transpileModule(text, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: false,
      inlineSourceMap: false,
    },
  });
  const errors = (output.diagnostics ?? []).map((d) => ({
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 1,
  }));
  return { outputText: output.outputText, errors };
}
