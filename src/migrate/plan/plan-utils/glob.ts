/**
 * Recipe `files` scopes: globs relative to the root (a pattern without `/` names root-level files
 * only, unlike forbid lists), with `!` negation.
 */
import { matchesAny } from '../../../shared/glob.js';

const SCOPE = { matchBase: false } as const;

/** Whether `path` matches the globs (any positive one, and no negated one); no globs match everything. */
export function matchesGlobs(path: string, globs: readonly string[] | undefined): boolean {
  if (!globs || globs.length === 0) return true;
  const positive = globs.filter((g) => !g.startsWith('!'));
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  if (matchesAny(path, negative, SCOPE)) return false;
  return positive.length === 0 || matchesAny(path, positive, SCOPE);
}
