/**
 * The projected tree of a dry run: a temporary copy of the root with the planned changes applied,
 * so the report's "after" figures come from a real scan without touching the user's files.
 */
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { FileChange } from './types.js';

/** Folders never copied: version control, installed packages, ssot's own state. */
const SKIPPED = new Set(['.git', 'node_modules', '.ssot']);

export interface ProjectedTree {
  /** The temporary root holding the tree as it would be after the phase. */
  dir: string;
  dispose(): Promise<void>;
}

export async function projectTree(root: string, changes: readonly FileChange[]): Promise<ProjectedTree> {
  const dir = await mkdtemp(join(tmpdir(), 'ssot-projected-'));
  try {
    await cp(root, dir, { recursive: true, filter: (source) => source === root || !SKIPPED.has(basename(source)) });
    // Packages stay resolvable for a scanner that follows them.
    if (existsSync(join(root, 'node_modules'))) await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const change of changes) {
      const target = join(dir, ...change.path.split('/'));
      if (change.after === null) {
        await rm(target, { force: true });
      } else {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, change.after);
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
