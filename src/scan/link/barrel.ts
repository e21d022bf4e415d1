import { posix } from 'node:path';

/**
 * `index.ts`, `index.js`, `index.d.ts`...: barrels, the plumbing of a folder's public names. They get
 * no re-export findings, so the files they pass names through need not be remembered either.
 */
export function isBarrel(file: string): boolean {
  const base = posix.basename(file);
  const dot = base.indexOf('.');
  return (dot === -1 ? base : base.slice(0, dot)) === 'index';
}
