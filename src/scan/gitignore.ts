/**
 * A small `.gitignore` matcher: nested files, negations, directory-only and anchored patterns, `**`,
 * character classes and escapes, with git's rule that nothing under an ignored directory comes back.
 */

export interface GitignoreRule {
  regex: RegExp;
  negate: boolean;
  /** Pattern ended with `/`: matches directories only. */
  dirOnly: boolean;
  /** The pattern as written, for debugging. */
  source: string;
}

/** Parses the text of one `.gitignore` file into rules (order kept: the last match wins). */
export function parseGitignore(text: string): GitignoreRule[] {
  const rules: GitignoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const rule = parseLine(rawLine);
    if (rule) rules.push(rule);
  }
  return rules;
}

function parseLine(rawLine: string): GitignoreRule | null {
  // Trailing spaces are ignored unless escaped with a backslash.
  let line = rawLine.replace(/(?<!\\)\s+$/, '');
  if (line === '' || line.startsWith('#')) return null;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return null;
  // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = globToRegex(line);
  const regex = new RegExp(anchored || line.startsWith('**') ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { regex, negate, dirOnly, source: rawLine };
}

/** Translates gitignore glob syntax to a regular expression body over posix relative paths. */
export function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === glob.length) {
            // trailing `**`: everything inside
            out += '.*';
            i += 2;
          } else {
            // `**/`: zero or more folders
            out += '(?:.*/)?';
            i += 3;
          }
          continue;
        }
      }
      out += '[^/]*';
      i++;
      while (glob[i] === '*') i++;
      continue;
    }
    if (c === '?') {
      out += '[^/]';
      i++;
      continue;
    }
    if (c === '[') {
      const close = findClassEnd(glob, i);
      if (close !== -1) {
        let inner = glob.slice(i + 1, close);
        let negated = false;
        if (inner.startsWith('!') || inner.startsWith('^')) {
          negated = true;
          inner = inner.slice(1);
        }
        const escaped = inner.replace(/\\(.)/g, '$1').replace(/[\\\]^]/g, (m) => `\\${m}`);
        out += negated ? `[^/${escaped}]` : `[${escaped}]`;
        i = close + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 2;
      continue;
    }
    out += escapeRegex(c);
    i++;
  }
  return out;
}

function findClassEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === ']') return i;
  }
  return -1;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

interface IgnoreFile {
  /** Folder of the .gitignore, posix relative to the scan root ('' for the root or above it). */
  dir: string;
  /** Path from the .gitignore's folder down to the scan root, for files above the root ('' otherwise). */
  prefix: string;
  rules: GitignoreRule[];
  /** Precedence: files with a higher rank are consulted later and win. */
  rank: number;
}

/** Decides ignored paths (posix, relative to the scan root) against every .gitignore that applies. */
export class GitignoreMatcher {
  private readonly files: IgnoreFile[] = [];
  private readonly dirCache = new Map<string, boolean>();
  /** Per folder: is it, or a folder above it, ignored. */
  private readonly chainCache = new Map<string, boolean>();

  /**
   * Adds the rules of a .gitignore found in `dir` (relative to the root). For a file above the scan
   * root, pass `dir` '' and the `prefix` from that file's folder down to the root (`packages/app/`),
   * and a `rank` below 0 (outer files rank lower; files in the root's subfolders rank by depth).
   */
  add(dir: string, text: string, prefix = '', rank?: number): void {
    const rules = parseGitignore(text);
    if (rules.length === 0) return;
    this.files.push({ dir, prefix, rules, rank: rank ?? depthOf(dir) });
    // Outer files first, so deeper ones override them (git's precedence).
    this.files.sort((a, b) => a.rank - b.rank);
    this.dirCache.clear();
    this.chainCache.clear();
  }

  get size(): number {
    return this.files.length;
  }

  /** True when `path` (a file, or a folder with `isDir`) is ignored, itself or through a parent folder. */
  isIgnored(path: string, isDir = false): boolean {
    if (this.files.length === 0) return false;
    const last = path.lastIndexOf('/');
    if (last !== -1 && this.isInIgnoredDir(path.slice(0, last))) return true;
    return isDir ? this.isDirIgnored(path) : this.decide(path, false);
  }

  /** True when `dir` or a folder above it is ignored; memoized per folder, as files come many to a folder. */
  private isInIgnoredDir(dir: string): boolean {
    let cached = this.chainCache.get(dir);
    if (cached === undefined) {
      cached = false;
      for (let slash = dir.indexOf('/'); slash !== -1 && !cached; slash = dir.indexOf('/', slash + 1)) cached = this.isDirIgnored(dir.slice(0, slash));
      cached ||= this.isDirIgnored(dir);
      this.chainCache.set(dir, cached);
    }
    return cached;
  }

  private isDirIgnored(dir: string): boolean {
    let cached = this.dirCache.get(dir);
    if (cached === undefined) {
      cached = this.decide(dir, true);
      this.dirCache.set(dir, cached);
    }
    return cached;
  }

  /** The last matching rule wins, deeper files after outer ones. */
  private decide(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const file of this.files) {
      let relative: string;
      if (file.dir === '') relative = file.prefix + path;
      else if (path.startsWith(file.dir + '/')) relative = path.slice(file.dir.length + 1);
      else continue;
      for (const rule of file.rules) {
        if (rule.dirOnly && !isDir) continue;
        if (rule.negate === ignored) {
          if (rule.regex.test(relative)) ignored = !rule.negate;
        }
      }
    }
    return ignored;
  }
}

function depthOf(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}
