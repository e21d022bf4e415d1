/**
 * Glob matching for posix paths relative to the scan root, shared by the gate's forbid lists and the
 * planner's recipe scopes: `**` spans folders, `*` and `?` stay within one, `{a,b}` alternates,
 * `[...]` is a class.
 */
export interface GlobOptions {
  /**
   * A pattern without a `/` matches the base name in any folder (as in .gitignore), so
   * `execution_factory.ts` forbids that file wherever it is re-created. Default true.
   */
  matchBase?: boolean;
}

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string, options: GlobOptions = {}): RegExp {
  const matchBase = options.matchBase ?? true;
  const key = `${matchBase ? 'b' : 'p'}:${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let body = pattern.replace(/^\.\//, '');
  const anywhere = matchBase && !body.includes('/');
  let source = '';
  let braces = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '*') {
      if (body[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches everything below.
        const slash = body[i + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      braces++;
      source += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (ch === ',' && braces > 0) source += '|';
    else if (ch === '[') {
      const end = body.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const inner = body.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${inner}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < body.length) {
      source += escape(body[i + 1] as string);
      i++;
    } else source += escape(ch);
  }
  body = source;
  const regexp = new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${body}$`);
  cache.set(key, regexp);
  return regexp;
}

/** True when `path` (posix, relative) matches any of the patterns. */
export function matchesAny(path: string, patterns: readonly string[], options: GlobOptions = {}): boolean {
  return patterns.some((pattern) => globToRegExp(pattern, options).test(path));
}

function escape(ch: string): string {
  return /[.+^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
