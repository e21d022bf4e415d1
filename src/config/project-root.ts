import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest folder at or above `start` that holds a `package.json` or a `.git`: where config
 * discovery stops, and where `.ssot/` lives when there is no config file. Falls back to `start`.
 */
export function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (isProjectRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

export function isProjectRoot(dir: string): boolean {
  return existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git'));
}
