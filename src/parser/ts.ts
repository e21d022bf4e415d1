/**
 * The parser adapter: the only module that imports ts-morph (and through it the TypeScript compiler).
 * Everything else imports `ts` and the helpers from here, so the parser can be swapped later without
 * touching the scanner, the codemods or the gate.
 */
import { createRequire } from 'node:module';
import type * as Morph from 'ts-morph';

type Compiler = typeof Morph.ts;

let loaded: typeof Morph | undefined;

/**
 * Loads ts-morph (and the 9 MB TypeScript compiler it bundles) on first use, with a plain CommonJS
 * `require`: importing it from ESM would make Node lex the whole compiler for its export names. A
 * fully cached scan or check never parses, so it never pays the half second this takes.
 */
function load(): typeof Morph {
  if (!loaded) {
    loaded = createRequire(import.meta.url)('ts-morph') as typeof Morph;
    // Live bindings: every importer sees the compiler itself from now on, without the stand-in below.
    ts = loaded.ts;
    Project = loaded.Project;
  }
  return loaded;
}

/**
 * The TypeScript compiler API. Until first used it is a stand-in that loads the compiler on its first
 * property access (so `const K = ts.SyntaxKind` at a module's top level loads it when that module is
 * imported); then the binding is the compiler itself, so hot paths pay nothing for the laziness.
 */
export let ts: Compiler = new Proxy({} as Compiler, {
  get: (_target, key) => Reflect.get(load().ts, key),
  has: (_target, key) => Reflect.has(load().ts, key),
});

/** ts-morph's `Project`, loaded on first use like `ts`. */
export let Project: typeof Morph.Project = new Proxy(function stand() {} as unknown as typeof Morph.Project, {
  construct: (_target, args: unknown[]) => Reflect.construct(load().Project, args),
  get: (_target, key) => Reflect.get(load().Project, key),
});
export type Project = Morph.Project;
export type { SourceFile as MorphSourceFile, ProjectOptions } from 'ts-morph';

/**
 * The compiler's types, under `ts.` as the compiler names them (a type-only import cannot be
 * re-exported as a namespace next to the lazy value, so they are listed). Add a line when code needs
 * another one.
 */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace ts {
  export type ArrowFunction = Morph.ts.ArrowFunction;
  export type BinaryExpression = Morph.ts.BinaryExpression;
  export type BindingElement = Morph.ts.BindingElement;
  export type BindingName = Morph.ts.BindingName;
  export type Block = Morph.ts.Block;
  export type CallExpression = Morph.ts.CallExpression;
  export type CatchClause = Morph.ts.CatchClause;
  export type ClassDeclaration = Morph.ts.ClassDeclaration;
  export type ClassElement = Morph.ts.ClassElement;
  export type ClassLikeDeclaration = Morph.ts.ClassLikeDeclaration;
  export type CommentRange = Morph.ts.CommentRange;
  export type CompilerHost = Morph.ts.CompilerHost;
  export type CompilerOptions = Morph.ts.CompilerOptions;
  export type ConstructorDeclaration = Morph.ts.ConstructorDeclaration;
  export type Diagnostic = Morph.ts.Diagnostic;
  export type DiagnosticCategory = Morph.ts.DiagnosticCategory;
  export type DiagnosticMessageChain = Morph.ts.DiagnosticMessageChain;
  export type DoStatement = Morph.ts.DoStatement;
  export type ExportAssignment = Morph.ts.ExportAssignment;
  export type ExportDeclaration = Morph.ts.ExportDeclaration;
  export type ExportSpecifier = Morph.ts.ExportSpecifier;
  export type Expression = Morph.ts.Expression;
  export type ExpressionStatement = Morph.ts.ExpressionStatement;
  export type ExtendedConfigCacheEntry = Morph.ts.ExtendedConfigCacheEntry;
  export type ForInStatement = Morph.ts.ForInStatement;
  export type ForOfStatement = Morph.ts.ForOfStatement;
  export type ForStatement = Morph.ts.ForStatement;
  export type FunctionDeclaration = Morph.ts.FunctionDeclaration;
  export type FunctionExpression = Morph.ts.FunctionExpression;
  export type FunctionLikeDeclaration = Morph.ts.FunctionLikeDeclaration;
  export type GetAccessorDeclaration = Morph.ts.GetAccessorDeclaration;
  export type Identifier = Morph.ts.Identifier;
  export type IfStatement = Morph.ts.IfStatement;
  export type ImportClause = Morph.ts.ImportClause;
  export type ImportDeclaration = Morph.ts.ImportDeclaration;
  export type ImportEqualsDeclaration = Morph.ts.ImportEqualsDeclaration;
  export type InterfaceDeclaration = Morph.ts.InterfaceDeclaration;
  export type IterationStatement = Morph.ts.IterationStatement;
  export type JSDoc = Morph.ts.JSDoc;
  export type JSDocParsingMode = Morph.ts.JSDocParsingMode;
  export type JsxEmit = Morph.ts.JsxEmit;
  export type LanguageVariant = Morph.ts.LanguageVariant;
  export type LiteralLikeNode = Morph.ts.LiteralLikeNode;
  export type MemberName = Morph.ts.MemberName;
  export type MethodDeclaration = Morph.ts.MethodDeclaration;
  export type ModuleDeclaration = Morph.ts.ModuleDeclaration;
  export type ModuleExportName = Morph.ts.ModuleExportName;
  export type ModuleKind = Morph.ts.ModuleKind;
  export type ModuleResolutionCache = Morph.ts.ModuleResolutionCache;
  export type ModuleResolutionKind = Morph.ts.ModuleResolutionKind;
  export type NamedDeclaration = Morph.ts.NamedDeclaration;
  export type NamedExports = Morph.ts.NamedExports;
  export type NamedImports = Morph.ts.NamedImports;
  export type NewExpression = Morph.ts.NewExpression;
  export type Node = Morph.ts.Node;
  export type NodeArray<T extends Node> = Morph.ts.NodeArray<T>;
  export type NodeFlags = Morph.ts.NodeFlags;
  export type ObjectBindingPattern = Morph.ts.ObjectBindingPattern;
  export type ObjectLiteralElementLike = Morph.ts.ObjectLiteralElementLike;
  export type ObjectLiteralExpression = Morph.ts.ObjectLiteralExpression;
  export type ParameterDeclaration = Morph.ts.ParameterDeclaration;
  export type ParseConfigFileHost = Morph.ts.ParseConfigFileHost;
  export type Program = Morph.ts.Program;
  export type PropertyAccessExpression = Morph.ts.PropertyAccessExpression;
  export type PropertyDeclaration = Morph.ts.PropertyDeclaration;
  export type PropertyName = Morph.ts.PropertyName;
  export type QualifiedName = Morph.ts.QualifiedName;
  export type ScriptKind = Morph.ts.ScriptKind;
  export type ScriptTarget = Morph.ts.ScriptTarget;
  export type SetAccessorDeclaration = Morph.ts.SetAccessorDeclaration;
  export type SourceFile = Morph.ts.SourceFile;
  export type Statement = Morph.ts.Statement;
  export type StringLiteral = Morph.ts.StringLiteral;
  export type StringLiteralLike = Morph.ts.StringLiteralLike;
  export type SyntaxKind = Morph.ts.SyntaxKind;
  export type SymbolFlags = Morph.ts.SymbolFlags;
  export type Symbol = Morph.ts.Symbol;
  export type ThrowStatement = Morph.ts.ThrowStatement;
  export type TryStatement = Morph.ts.TryStatement;
  export type TypeAliasDeclaration = Morph.ts.TypeAliasDeclaration;
  export type TypeChecker = Morph.ts.TypeChecker;
  export type TypeElement = Morph.ts.TypeElement;
  export type TypeNode = Morph.ts.TypeNode;
  export type VariableDeclaration = Morph.ts.VariableDeclaration;
  export type VariableStatement = Morph.ts.VariableStatement;
  export type WhileStatement = Morph.ts.WhileStatement;
}

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

/**
 * Parse for the scanner, the hot path: the same tree and parent pointers as `parseSource`, but
 * - JSDoc comments are not parsed into nodes (the detectors never read them; codemods, which may keep
 *   or move comments, use `parseSource`);
 * - parent pointers are set by one plain pass over the tree instead of the compiler's generic
 *   work-queue walk, which costs about a third of the parse on its own.
 */
export function parseSourceForScan(fileName: string, text: string): ts.SourceFile {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const sourceFile = ts.createSourceFile(fileName, text, options, false, scriptKindFor(fileName));
  setParents(sourceFile);
  return sourceFile;
}

/** Sets `parent` on every node below `root` (an explicit stack: deeply nested code cannot overflow it). */
function setParents(root: ts.Node): void {
  const stack: ts.Node[] = [root];
  let current: ts.Node = root;
  const adopt = (child: ts.Node): void => {
    (child as { parent: ts.Node }).parent = current;
    stack.push(child);
  };
  while (stack.length > 0) {
    current = stack.pop()!;
    ts.forEachChild(current, adopt);
  }
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

let libFiles: { folder: string; files: ReadonlyMap<string, string> } | undefined;

/**
 * The compiler's lib `.d.ts` files. The compiler bundled with ts-morph has no lib folder on disk (ts-morph
 * serves them from memory), so hosts that build programs with `ts.createProgram` serve them from here,
 * under a virtual folder. Loaded through ts-morph's own dependency, so it resolves under any installer.
 */
export function bundledLibFiles(): { folder: string; files: ReadonlyMap<string, string> } {
  if (libFiles) return libFiles;
  const fromMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
  const common = fromMorph('@ts-morph/common') as {
    getLibFiles(): Array<{ fileName: string; text: string }>;
    libFolderInMemoryPath: string;
  };
  const folder = common.libFolderInMemoryPath;
  libFiles = { folder, files: new Map(common.getLibFiles().map((lib) => [`${folder}/${lib.fileName}`, lib.text])) };
  return libFiles;
}
