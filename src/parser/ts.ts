/**
 * The parser adapter: the only module that imports ts-morph (and through it the TypeScript compiler).
 * Everything else imports `ts` and the helpers from here, so the parser can be swapped later without
 * touching the scanner, the codemods or the gate.
 */
import { createRequire } from 'node:module';
// Order matters: the stand-in must be in the CommonJS cache before the loader module asks for ts-morph.
import { onCompilerLoaded, onMorphLoaded } from './compiler-stand-in.js';
import morph from './ts-morph-loader.cjs';

/**
 * The TypeScript compiler API. Until first used it is a stand-in that loads the compiler on its first
 * property access (so `const K = ts.SyntaxKind` at a module's top level loads it when that module is
 * imported); from then on the binding is the compiler itself, so hot paths pay nothing for the laziness.
 */
export import ts = morph.ts;
/** ts-morph's `Project`, loaded on first use like `ts`. */
export import Project = morph.Project;
export type { SourceFile as MorphSourceFile, ProjectOptions } from 'ts-morph';

// Importers hold live bindings to `ts` and `Project`: once loaded, they see the real ones. The compiler
// loads on its own (a scan needs no more); `Project` with the rest of ts-morph.
onCompilerLoaded((loaded) => {
  // @ts-expect-error -- TypeScript treats the alias as read-only; it is emitted as a plain exported variable.
  ts = loaded;
});
onMorphLoaded((loaded) => {
  // @ts-expect-error -- as above
  Project = loaded.Project;
});

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
 *   work-queue walk, which costs about a third of the parse on its own; that pass also records the
 *   tree in depth-first order (see `preorderOf`), which detection walks many times.
 */
export function parseSourceForScan(fileName: string, text: string): ts.SourceFile {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const sourceFile = ts.createSourceFile(fileName, text, options, false, scriptKindFor(fileName));
  preorders.set(sourceFile, adoptAndOrder(sourceFile));
  return sourceFile;
}

/**
 * The nodes of a tree in the order `ts.forEachChild` visits them, depth first, parents before their
 * children: subtree walks become loops over an array instead of a callback per child and level.
 */
export interface Preorder {
  /** Every node of the tree, the root first. */
  readonly nodes: readonly ts.Node[];
  /** `ends[i]`: the index just after the last descendant of `nodes[i]`. */
  readonly ends: Int32Array;
  /** `starts[i]`: `nodes[i].pos`, for finding a node by position without reading the nodes. */
  readonly starts: Int32Array;
  /** `kinds[i]`: `nodes[i].kind`, so walks that want a few kinds skip the rest without reading the nodes. */
  readonly kinds: Uint16Array;
}

const preorders = new WeakMap<ts.SourceFile, Preorder>();

/** The depth-first order of a parsed file (recorded by `parseSourceForScan`, built here for other trees). */
export function preorderOf(sourceFile: ts.SourceFile): Preorder {
  let order = preorders.get(sourceFile);
  if (!order) preorders.set(sourceFile, (order = adoptAndOrder(sourceFile)));
  return order;
}

/**
 * Sets `parent` on every node below `root` (the same parent the compiler sets, where it already has)
 * and records the depth-first order. An explicit stack: deeply nested code cannot overflow it.
 */
function adoptAndOrder(root: ts.Node): Preorder {
  const nodes: ts.Node[] = [];
  let ends: Int32Array = new Int32Array(1024);
  let starts: Int32Array = new Int32Array(1024);
  let kinds: Uint16Array = new Uint16Array(1024);
  // Entries below zero close the subtree of node `~entry`; children go on in reverse so they come off in order.
  const stack: Array<ts.Node | number> = [root];
  const children: ts.Node[] = [];
  let current: ts.Node = root;
  const adopt = (child: ts.Node): void => {
    (child as { parent: ts.Node }).parent = current;
    children.push(child);
  };
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (typeof entry === 'number') {
      ends[~entry] = nodes.length;
      continue;
    }
    const index = nodes.length;
    if (index === ends.length) {
      ends = grow(ends);
      starts = grow(starts);
      const wider = new Uint16Array(kinds.length * 2);
      wider.set(kinds);
      kinds = wider;
    }
    nodes.push(entry);
    starts[index] = entry.pos;
    kinds[index] = entry.kind;
    stack.push(~index);
    current = entry;
    ts.forEachChild(entry, adopt);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    children.length = 0;
  }
  return { nodes, ends: ends.subarray(0, nodes.length), starts: starts.subarray(0, nodes.length), kinds: kinds.subarray(0, nodes.length) };
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
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
