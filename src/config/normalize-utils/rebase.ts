/**
 * Moving config paths from one base folder to another. Symbol references and globs in a config are
 * relative to the config's root; when `ssot scan <path>` scans another folder, they are rewritten
 * so they still name the same files relative to the new root.
 */
import { posix, relative, resolve, sep } from 'node:path';

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Rewrites paths written relative to `from` so they are relative to `to` (both absolute). */
export interface Rebaser {
  /** `src/a.ts#A` → `a.ts#A`; package references (`ssot/resilience#retry`) are left alone. */
  ref(reference: string): string;
  /** A glob, or null when it can only match files outside the new root. */
  glob(pattern: string): string | null;
}

/** Whether a reference names the ssot package rather than a file of the project. */
function isPackageReference(path: string): boolean {
  return path === 'ssot' || path.startsWith('ssot/');
}

export function createRebaser(from: string, to: string): Rebaser {
  // Where the old base sits, seen from the new root: '' (same), 'pkg' (below) or '../..' (above).
  const fromSeenFromTo = toPosix(relative(to, from));
  const toSeenFromFrom = toPosix(relative(from, to));
  return {
    ref(reference) {
      const hash = reference.indexOf('#');
      if (fromSeenFromTo === '' || hash <= 0) return reference;
      const path = reference.slice(0, hash);
      if (isPackageReference(path)) return reference;
      return `${toPosix(relative(to, resolve(from, path)))}${reference.slice(hash)}`;
    },
    glob(pattern) {
      if (fromSeenFromTo === '') return pattern;
      const negated = pattern.startsWith('!');
      const body = negated ? pattern.slice(1) : pattern;
      let rebased: string | null;
      if (body.startsWith('**/') || body === '**') rebased = body;
      else if (!fromSeenFromTo.startsWith('..')) rebased = posix.join(fromSeenFromTo, body);
      else if (body.startsWith(`${toSeenFromFrom}/`)) rebased = body.slice(toSeenFromFrom.length + 1);
      else rebased = null;
      return rebased === null ? null : `${negated ? '!' : ''}${rebased}`;
    },
  };
}
