/**
 * The delete phase and entry points: a module nothing imports may still be run directly (`node
 * dist/queue/worker.js` in a script, a `bin`, the package's `main`, a worker thread or child process
 * started by path). Deleting it would break the product although the module graph calls it dead, so
 * the delete phase keeps it and says what refers to it.
 *
 * Two sources are read: the nearest package.json (`main`, `module`, `bin`, `exports` targets and the
 * words of each `scripts` command), and string literals in the scanned files that resolve to the module,
 * relative to the file holding them or to its package (`new Worker(new URL('./worker.js',
 * import.meta.url))`, `fork('dist/worker.js')`, `path.join(__dirname, 'queue', 'worker.js')`). A module
 * matches through its own path and through its build output (tsconfig `rootDir`/`outDir`, else `src/`
 * to `dist/`, `lib/`, `build/` or `out/`), with any JavaScript or TypeScript extension or none.
 */
import { posix } from 'node:path';
import type { PlanContext } from './context.js';
import { nearestManifest, type Manifest } from './manifest.js';
import { parseJsonc } from '../../../scan/resolve/jsonc.js';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs'];
const EXTENSION = /\.(?:d\.ts|[cm]?[jt]sx?)$/;
const OUTPUT_DIRS = ['dist', 'lib', 'build', 'out'];

/** What runs `file` directly (one entry per reference), empty when nothing does. */
export function entryPointReferences(context: PlanContext, file: string): string[] {
  const reasons: string[] = [];
  const manifest = nearestManifest(context, file);
  const dir = manifest?.dir ?? '';
  const names = aliases(context, dir, file);
  if (manifest) reasons.push(...manifestReferences(manifest, names, folderOf(dir, file)));
  for (const hit of literalIndex(context)) {
    if (hit.from === file) continue;
    const fromDir = posix.dirname(hit.from);
    const fromPackage = nearestManifest(context, hit.from)?.dir ?? '';
    const targets = hit.parts.map((parts) => parts.join('/'));
    const matched = targets.some((target) => [posix.join(fromDir, target), posix.join(fromPackage, target)].some((p) => names.has(posix.normalize(p))));
    if (matched) reasons.push(`${hit.from}:${hit.line} refers to it by path ('${hit.text}')`);
  }
  return [...new Set(reasons)];
}

/**
 * The repository-relative paths `file` may be run as: itself and its build output, each with every
 * extension, without one, and (for an index module) as its folder.
 */
function aliases(context: PlanContext, dir: string, file: string): Set<string> {
  const inPackage = dir ? posix.relative(dir, file) : file;
  const stem = inPackage.replace(EXTENSION, '');
  const stems = new Set([stem]);
  const { rootDir, outDir } = buildDirs(context, dir);
  if (outDir !== undefined) {
    const root = rootDir ?? 'src';
    if (root === '.' || root === '') stems.add(posix.join(outDir, stem));
    else if (stem.startsWith(`${root}/`)) stems.add(posix.join(outDir, stem.slice(root.length + 1)));
  }
  if (stem.startsWith('src/')) for (const out of OUTPUT_DIRS) stems.add(`${out}/${stem.slice(4)}`);
  const names = new Set<string>();
  for (const s of stems) {
    const full = dir ? posix.join(dir, s) : s;
    names.add(full);
    for (const ext of EXTENSIONS) names.add(full + ext);
  }
  return names;
}

/**
 * The folder an index module is resolved from as a package field (`"main": "dist/queue"`). Only package
 * fields count it: a script word such as `src` or `dist` (`tsc -p src`, `rm -rf dist`) runs no module.
 */
function folderOf(dir: string, file: string): ((value: string, names: ReadonlySet<string>) => boolean) {
  return (value, names) => [...names].some((name) => posix.basename(name).replace(EXTENSION, '') === 'index' && posix.dirname(name) === value && posix.basename(file).startsWith('index.') && value !== dir);
}

/** `rootDir` and `outDir` of the package's tsconfig.json, relative to the package, when it sets them. */
function buildDirs(context: PlanContext, dir: string): { rootDir?: string; outDir?: string } {
  const text = context.text(dir ? `${dir}/tsconfig.json` : 'tsconfig.json');
  if (text === null) return {};
  try {
    const options = (parseJsonc(text) as { compilerOptions?: { rootDir?: unknown; outDir?: unknown } }).compilerOptions ?? {};
    const clean = (value: unknown): string | undefined => (typeof value === 'string' ? posix.normalize(value).replace(/\/$/, '') : undefined);
    return { rootDir: clean(options.rootDir), outDir: clean(options.outDir) };
  } catch {
    return {};
  }
}

function manifestReferences(manifest: Manifest, names: ReadonlySet<string>, folder: (value: string, names: ReadonlySet<string>) => boolean): string[] {
  const reasons: string[] = [];
  const resolved = (value: string): string => posix.normalize(posix.join(manifest.dir, value.trim())).replace(/\/$/, '');
  const words = (value: string): boolean => names.has(resolved(value));
  const matches = (value: string): boolean => words(value) || folder(resolved(value), names);
  const { json } = manifest;
  for (const field of ['main', 'module'] as const) {
    const value = json[field];
    if (typeof value === 'string' && matches(value)) reasons.push(`${manifest.path} "${field}" is ${value}`);
  }
  if (typeof json.bin === 'string' && matches(json.bin)) reasons.push(`${manifest.path} "bin" is ${json.bin}`);
  else if (json.bin && typeof json.bin === 'object') {
    for (const [name, value] of Object.entries(json.bin)) if (typeof value === 'string' && matches(value)) reasons.push(`${manifest.path} "bin.${name}" is ${value}`);
  }
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(json.exports);
  for (const target of targets) if (!target.includes('*') && matches(target)) reasons.push(`${manifest.path} "exports" maps to ${target}`);
  if (json.scripts && typeof json.scripts === 'object') {
    for (const [name, command] of Object.entries(json.scripts)) {
      if (typeof command !== 'string') continue;
      // Scripts run in the package folder: a word of the command (or an `--opt=value` value) naming the module runs it.
      const parts = command.split(/[\s;&|()<>]+/).flatMap((w) => [w, w.slice(w.indexOf('=') + 1)]);
      if (parts.map((w) => w.replace(/^['"]|['"]$/g, '')).some((w) => w !== '' && words(w))) reasons.push(`${manifest.path} "scripts.${name}" runs it (${command})`);
    }
  }
  return reasons;
}

interface LiteralHit {
  from: string;
  line: number;
  text: string;
  /** The path segments the literal (or a `join(__dirname, ...)` call's literals) spell. */
  parts: string[][];
}

const indexes = new WeakMap<PlanContext, LiteralHit[]>();

/** A path-like string: it has a script extension or a slash (a bare word such as 'worker' is no path). */
const PATH_LIKE = /^[\w@.~/-]+$/;
const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
/** Import specifiers are the module graph's business, not a path to run. */
const SPECIFIER_BEFORE = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*$/;
const LITERAL = /(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g;
const DIRNAME_JOIN = /\b(?:join|resolve)\(\s*__dirname\s*,((?:\s*(['"])[^'"\n]*\2\s*,?)+)\s*\)/g;

/** Path-like string literals of every scanned file, read once per plan. */
function literalIndex(context: PlanContext): LiteralHit[] {
  const cached = indexes.get(context);
  if (cached) return cached;
  const hits: LiteralHit[] = [];
  for (const from of [...context.files].sort()) {
    const text = context.text(from);
    if (text === null) continue;
    const lineAt = (index: number): number => text.slice(0, index).split('\n').length;
    for (const match of text.matchAll(LITERAL)) {
      const value = match[2]!;
      if (!PATH_LIKE.test(value) || !(SCRIPT.test(value) || value.includes('/'))) continue;
      if (SPECIFIER_BEFORE.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
      hits.push({ from, line: lineAt(match.index), text: value, parts: [[value]] });
    }
    for (const match of text.matchAll(DIRNAME_JOIN)) {
      const parts = [...match[1]!.matchAll(/(['"])([^'"\n]*)\1/g)].map((m) => m[2]!);
      if (parts.length > 1) hits.push({ from, line: lineAt(match.index), text: parts.join("', '"), parts: [parts] });
    }
  }
  indexes.set(context, hits);
  return hits;
}
