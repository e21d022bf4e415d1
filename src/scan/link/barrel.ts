/**
 * `index.ts`, `index.js`, `index.d.ts`...: barrels, the plumbing of a folder's public names. They get
 * no re-export findings, so the files they pass names through need not be remembered either.
 * (Called for every name followed through a module: no allocation.)
 */
export function isBarrel(file: string): boolean {
  const start = file.lastIndexOf('/') + 1;
  if (!file.startsWith('index', start)) return false;
  const after = start + 5;
  return after === file.length || file.charCodeAt(after) === 46; /* . */
}
