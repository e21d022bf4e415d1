/**
 * Glob matching for recipe `files` (posix paths relative to the root): `**` any depth, `*` and `?`
 * within a segment, `{a,b}` alternatives, `!` negation.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((part) => part.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Whether `path` matches the globs (any positive one, and no negated one); no globs match everything. */
export function matchesGlobs(path: string, globs: readonly string[] | undefined): boolean {
  if (!globs || globs.length === 0) return true;
  const positive = globs.filter((g) => !g.startsWith('!'));
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  if (negative.some((g) => globToRegExp(g).test(path))) return false;
  return positive.length === 0 || positive.some((g) => globToRegExp(g).test(path));
}
