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
  lastOrder = { sourceFile, order: adoptAndOrder(sourceFile) };
  return sourceFile;
}

/**
 * The nodes of a tree in the order `ts.forEachChild` visits them, depth first, parents before their
 * children: subtree walks become loops over an array instead of a callback per child and level.
 * The arrays are shared by every order and rewritten for each new file, from the start: an order is
 * current until the next one is made, and its first `size` entries are its own.
 */
export interface Preorder {
  /** How many nodes the tree has (the entries of the arrays that belong to it). */
  readonly size: number;
  /** Every node of the tree, the root first. */
  readonly nodes: readonly ts.Node[];
  /** `ends[i]`: the index just after the last descendant of `nodes[i]`. */
  readonly ends: Int32Array;
  /** `starts[i]`: `nodes[i].pos`, for finding a node by position without reading the nodes. */
  readonly starts: Int32Array;
  /** `kinds[i]`: `nodes[i].kind`, so walks that want a few kinds skip the rest without reading the nodes. */
  readonly kinds: Uint16Array;
}

/**
 * The order of the file parsed (or asked for) last: a file is analysed right after its parse. One
 * entry, not a weak map keyed by file: a weak map whose values hold their keys' trees makes every
 * garbage collection trace them over again, which cost more than the walks saved.
 */
let lastOrder: { sourceFile: ts.SourceFile; order: Preorder } | undefined;

/**
 * Makes the depth-first order of a parsed file the current one (see `currentOrder`): recorded by
 * `parseSourceForScan`, built here for other trees (and again for a file parsed before the last one).
 */
export function preorderOf(sourceFile: ts.SourceFile): Preorder {
  if (lastOrder?.sourceFile !== sourceFile) lastOrder = { sourceFile, order: adoptAndOrder(sourceFile) };
  return lastOrder.order;
}

/** The current order: of the file parsed, or passed to `preorderOf`, last. */
export function currentOrder(): Preorder | undefined {
  return lastOrder?.order;
}

// The arrays of every order and the work arrays that build them, kept between files: allocating,
// growing or truncating arrays per file cost a tenth of the parse. Entries past the current order
// are stale and never read as its own.
const orderNodes: ts.Node[] = [];
let orderEnds = new Int32Array(4096);
let orderStarts = new Int32Array(4096);
let orderKinds = new Uint16Array(4096);
const orderStack: Array<ts.Node | number> = [];
const orderChildren: ts.Node[] = [];

/**
 * Sets `parent` on every node below `root` (the same parent the compiler sets, where it already has)
 * and records the depth-first order. An explicit stack: deeply nested code cannot overflow it.
 */
function adoptAndOrder(root: ts.Node): Preorder {
  const nodes = orderNodes;
  let size = 0;
  // Entries below zero close the subtree of node `~entry`; children go on in reverse so they come off in order.
  const stack = orderStack;
  let top = 0;
  stack[top++] = root;
  let count = 0;
  let current: ts.Node = root;
  const adopt = (child: ts.Node): void => {
    (child as { parent: ts.Node }).parent = current;
    orderChildren[count++] = child;
  };
  while (top > 0) {
    const entry = stack[--top]!;
    if (typeof entry === 'number') {
      orderEnds[~entry] = size;
      continue;
    }
    const index = size++;
    if (index === orderEnds.length) growOrder();
    nodes[index] = entry;
    orderStarts[index] = entry.pos;
    orderKinds[index] = entry.kind;
    stack[top++] = ~index;
    current = entry;
    count = 0;
    ts.forEachChild(entry, adopt);
    for (let i = count - 1; i >= 0; i--) stack[top++] = orderChildren[i]!;
  }
  // A stale entry is a node of an earlier tree, and through its parents holds all of that tree: they
  // are let go, so a large file parsed once is not kept alive for the rest of the scan.
  if (nodes.length > size) nodes.length = size;
  orderStack.length = 0;
  orderChildren.length = 0;
  return { size, nodes, ends: orderEnds, starts: orderStarts, kinds: orderKinds };
}

function growOrder(): void {
  const length = orderEnds.length * 2;
  const ends = new Int32Array(length);
  const starts = new Int32Array(length);
  const kinds = new Uint16Array(length);
  ends.set(orderEnds);
  starts.set(orderStarts);
  kinds.set(orderKinds);
  orderEnds = ends;
  orderStarts = starts;
  orderKinds = kinds;
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
