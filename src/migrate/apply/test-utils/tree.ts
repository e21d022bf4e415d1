/**
 * Test helpers for migration runs on real folders: tree hashes without ssot's own `.ssot/` folder
 * (journal and cache are ssot's bookkeeping, not the user's tree), and hand-made change sets.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashTree } from '../../../test-utils/fixtures.js';
import type { FileChange } from '../../types.js';

/** Hash per file of the user's tree: `.git`, `node_modules` and `.ssot` left out. */
export async function userTree(dir: string): Promise<Record<string, string>> {
  const hashes = await hashTree(dir);
  return Object.fromEntries(Object.entries(hashes).filter(([path]) => !path.startsWith('.ssot/')));
}

/** A change of an existing file, its `before` read from disk as a planner would. */
export async function modify(dir: string, path: string, edit: (text: string) => string, codemods: string[] = ['test']): Promise<FileChange> {
  const before = await readFile(join(dir, path), 'utf8');
  return { path, before, after: edit(before), codemods };
}

/** The deletion of an existing file. */
export async function remove(dir: string, path: string): Promise<FileChange> {
  return { path, before: await readFile(join(dir, path), 'utf8'), after: null, codemods: ['test'] };
}

/** The creation of a new file. */
export function create(path: string, after: string): FileChange {
  return { path, before: null, after, codemods: ['test'] };
}
