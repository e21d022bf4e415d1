/**
 * File discovery: `include` globs minus `exclude` globs, minus what `.gitignore` files ignore (root,
 * nested, and those between the enclosing git repository's root and the scan root). Paths come back
 * posix, relative to the root, sorted. A folder that cannot be read becomes an error, never a crash.
 */
import * as fs from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import fg from 'fast-glob';
import type { ResolvedConfig } from '../config/types.js';
import { SsotError } from '../shared/errors.js';
import { globToRegExp } from '../shared/glob.js';
import { GitignoreMatcher } from './gitignore.js';
import type { ScanError } from './types.js';

export interface Discovery {
  /** Posix paths relative to the root, sorted. */
  files: string[];
  /** Folders or files that could not be read. */
  errors: ScanError[];
  /**
   * The files named in `DiscoverOptions.alsoFind` under the root, posix relative to it, in no set
   * order; undefined when they were not looked for on the way (no .gitignore walk), so the caller
   * walks for them itself.
   */
  alsoFound?: string[];
}

/** Converts an OS path relative to the root into the posix form used everywhere in results. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void;

/**
 * A `fs` for fast-glob whose `readdir` records unreadable folders instead of failing the whole walk,
 * and reports the running count of files it has listed (matching or not).
 */
export function recordingFs(root: string, errors: ScanError[], onFilesSeen?: (count: number) => void): Partial<typeof fs> {
  let seen = 0;
  const readdir = (path: fs.PathLike, optionsOrCallback: unknown, maybeCallback?: ReaddirCallback): void => {
    const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback) as ReaddirCallback;
    const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
    fs.readdir(path, options as { withFileTypes: true }, (error, entries) => {
      if (error && error.code !== 'ENOENT' && error.code !== 'ENOTDIR') {
        errors.push({ file: toPosix(relative(root, String(path))) || '.', message: `cannot read folder: ${error.code ?? error.message}` });
        callback(null, []);
        return;
      }
      if (onFilesSeen && entries) {
        for (const entry of entries as fs.Dirent[]) if (entry.isFile()) seen++;
        onFilesSeen(seen);
      }
      callback(error, entries as fs.Dirent[]);
    });
  };
  return { readdir: readdir as unknown as typeof fs.readdir };
}

export interface DiscoverOptions {
  /**
   * Called as folders are listed with the number of files seen so far, matching or not (an upper
   * bound of the files found until the walk ends): lets the scan prepare for a large tree early.
   */
  onFilesSeen?: (count: number) => void;
  /**
   * File names (`tsconfig.json`, none starting with a dot) to list too, anywhere under the root but in
   * excluded and dot folders (what a glob of the name in any folder finds without `dot`). The walk for
   * .gitignore files finds them: it lists the same folders (and dot folders, whose hits are left out),
   * so the tree is not walked once more for them.
   */
  alsoFind?: readonly string[];
}

/** Lists the files a scan of `config` covers. Throws SsotError('input') when the root is not a folder. */
export async function discoverFiles(config: ResolvedConfig, discoverOptions: DiscoverOptions = {}): Promise<Discovery> {
  const root = config.root;
  const rootStat = await stat(root).catch(() => null);
  if (!rootStat?.isDirectory()) throw new SsotError('input', `scan root is not a folder: ${root}`);
  const errors: ScanError[] = [];
  const options = {
    cwd: root,
    ignore: config.exclude,
    onlyFiles: true,
    followSymbolicLinks: false,
    unique: true,
    suppressErrors: false,
    fs: recordingFs(root, errors),
  };
  const alsoFind = config.gitignore ? (discoverOptions.alsoFind ?? []) : [];
  const [found, sideFiles] = await Promise.all([
    // Only this walk counts the files seen: the .gitignore walk lists the same folders.
    fg(config.include, { ...options, dot: false, fs: recordingFs(root, errors, discoverOptions.onFilesSeen) }),
    config.gitignore ? fg(['**/.gitignore', ...alsoFind.map((name) => `**/${name}`)], { ...options, dot: true }) : Promise.resolve([]),
  ]);
  let files = found;
  let alsoFound: string[] | undefined;
  if (config.gitignore) {
    const gitignores = alsoFind.length === 0 ? sideFiles : sideFiles.filter((file) => baseName(file) === '.gitignore');
    if (alsoFind.length > 0) alsoFound = sideFiles.filter((file) => alsoFind.includes(baseName(file)) && !inDotFolder(file));
    const matcher = await loadGitignores(root, gitignores, errors);
    if (matcher.size > 0) files = files.filter((file) => !matcher.isIgnored(file));
  }
  files = files.filter((file) => {
    // A name that is not valid UTF-8 comes back with U+FFFD in it, and that name opens nothing.
    if (!file.includes('\uFFFD') || fs.existsSync(join(root, file))) return true;
    errors.push({ file, message: 'file name is not valid UTF-8: ssot cannot open it; rename the file' });
    return false;
  });
  files.sort();
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return alsoFound ? { files, errors: dedupeErrors(errors), alsoFound } : { files, errors: dedupeErrors(errors) };
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** True for a path below a folder whose name starts with a dot: a walk without `dot` never enters one. */
function inDotFolder(file: string): boolean {
  return `/${file.slice(0, file.lastIndexOf('/') + 1)}`.includes('/.');
}

function dedupeErrors(errors: ScanError[]): ScanError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.file}\0${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The matcher for every .gitignore under the root, plus those above it up to the git repository's root. */
async function loadGitignores(root: string, found: string[], errors: ScanError[]): Promise<GitignoreMatcher> {
  const matcher = new GitignoreMatcher();
  for (const file of found) {
    try {
      const dir = file === '.gitignore' ? '' : file.slice(0, -'/.gitignore'.length);
      matcher.add(dir, await readFile(join(root, file), 'utf8'));
    } catch (error) {
      errors.push({ file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    }
  }
  let rank = -1_000_000;
  for (const outer of outerGitignores(root)) {
    const text = await readFile(outer.path, 'utf8').catch(() => null);
    if (text !== null) matcher.add('', text, outer.prefix, rank);
    rank++;
  }
  return matcher;
}

/**
 * The .gitignore files between the enclosing repository's root and the scan root (exclusive), and
 * the repository's `.git/info/exclude`, each with the path from its folder down to the scan root.
 * The exclude file comes first: every .gitignore overrides it.
 */
function outerGitignores(root: string): Array<{ path: string; prefix: string }> {
  const prefixOf = (folder: string): string => (folder === root ? '' : `${toPosix(relative(folder, root))}/`);
  const chain: string[] = [];
  for (let dir = root; ; ) {
    if (fs.existsSync(join(dir, '.git'))) {
      const outer = chain.reverse().map((folder) => ({ path: join(folder, '.gitignore'), prefix: prefixOf(folder) }));
      return [{ path: join(dir, '.git', 'info', 'exclude'), prefix: prefixOf(dir) }, ...(dir === root ? [] : [{ path: join(dir, '.gitignore'), prefix: prefixOf(dir) }]), ...outer];
    }
    const parent = dirname(dir);
    if (parent === dir) return [];
    if (dir !== root) chain.push(dir);
    dir = parent;
  }
}

/** Why a scan found no file: what `include` matches, and which `exclude` glob or .gitignore left each out. */
export interface EmptyDiscovery {
  /** Files matching `include` before any `exclude` (dependencies and `.git` are never counted). */
  matched: number;
  /** Per exclude glob, the files it left out (each file counted under the first glob matching it), most first. */
  excluded: Array<{ glob: string; files: number; folder?: string }>;
  /** Files left out by .gitignore files only. */
  gitignored: number;
}

/** Never walked to explain an empty scan: a folder of dependencies says nothing about the user's code. */
const NEVER_COUNTED = ['**/node_modules/**', '**/.git/**'];

/**
 * Explains a discovery that found no file, so the user learns what to change: the files `include`
 * matches under the root and the `exclude` glob (or .gitignore) that left each of them out, with the
 * shallowest excluded folder holding them (`dist`), which a scan can be pointed at directly.
 */
export async function explainEmptyDiscovery(config: ResolvedConfig): Promise<EmptyDiscovery> {
  const errors: ScanError[] = [];
  const all = await fg(config.include, { cwd: config.root, ignore: NEVER_COUNTED, onlyFiles: true, followSymbolicLinks: false, unique: true, dot: false, fs: recordingFs(config.root, errors) });
  const globs = config.exclude.filter((glob) => !NEVER_COUNTED.includes(glob)).map((glob) => ({ glob, regexp: globToRegExp(glob, { matchBase: false }), files: 0, folder: undefined as string | undefined }));
  let rest = 0;
  for (const file of all) {
    const hit = globs.find((entry) => entry.regexp.test(file));
    if (!hit) {
      rest++;
      continue;
    }
    hit.files++;
    hit.folder ??= excludedFolder(file, hit.regexp);
  }
  const excluded = globs
    .filter((entry) => entry.files > 0)
    .sort((a, b) => b.files - a.files)
    .map(({ glob, files, folder }) => (folder === undefined ? { glob, files } : { glob, files, folder }));
  return { matched: all.length, excluded, gitignored: config.gitignore ? rest : 0 };
}

/** The shallowest folder of `file` whose whole content the glob leaves out (`dist` for `dist/a/b.js` under the default exclude of dist folders). */
function excludedFolder(file: string, regexp: RegExp): string | undefined {
  const segments = file.split('/');
  for (let depth = 1; depth < segments.length; depth++) {
    const folder = segments.slice(0, depth).join('/');
    if (regexp.test(`${folder}/any.js`) && regexp.test(`${folder}/any/any.ts`)) return folder;
  }
  return undefined;
}
