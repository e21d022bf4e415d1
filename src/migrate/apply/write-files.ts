/**
 * All-or-nothing file writes. Every new content is first written to a temp file next to its target
 * (so the final step is a rename on the same file system), then the temps are renamed into place and
 * the deletions done. If any step fails, every file already replaced or deleted gets its previous
 * bytes and permission bits back, temps and created folders are removed, and the error says so.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readdir, readlink, realpath, rename, rmdir, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';

export interface FileWrite {
  /** Posix path relative to the root. */
  path: string;
  /** New bytes, or null to delete the file. */
  data: Buffer | null;
  /** Permission bits for the written file; default: the current file's, or the process default. */
  mode?: number;
  /** Restore a symbolic link with this target instead of writing bytes (used by undo). */
  link?: string;
}

/** One step of the write, announced to `beforeStep` (tests use it to break the file system mid-way). */
export interface WriteStep {
  kind: 'stage' | 'replace' | 'delete';
  path: string;
}

export interface WriteHooks {
  beforeStep?: (step: WriteStep) => void | Promise<void>;
}

/** Thrown when a write failed; `restored` tells whether the rollback put every file back. */
export class WriteFailure extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly restored: boolean,
    readonly unrestored: string[],
  ) {
    super(message);
    this.name = 'WriteFailure';
  }
}

interface Previous {
  data: Buffer | null;
  mode: number | null;
  link: string | null;
}

interface Planned {
  write: FileWrite;
  /** Where bytes really go (the link's target when the path is a symbolic link being rewritten). */
  target: string;
  previous: Previous;
  temp: string | null;
  done: boolean;
}

async function snapshot(root: string, write: FileWrite): Promise<{ target: string; previous: Previous }> {
  const path = join(root, ...write.path.split('/'));
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { target: path, previous: { data: null, mode: null, link: null } };
    throw error;
  }
  if (info.isSymbolicLink()) {
    // Rewriting a linked file writes through the link; deleting it removes the link alone.
    if (write.data !== null && write.link === undefined) {
      const target = await realpath(path);
      const real = await stat(target);
      return { target, previous: { data: await readFile(target), mode: real.mode & 0o7777, link: null } };
    }
    return { target: path, previous: { data: null, mode: null, link: await readlink(path) } };
  }
  if (!info.isFile()) throw new Error(`${write.path} is not a regular file`);
  return { target: path, previous: { data: await readFile(path), mode: info.mode & 0o7777, link: null } };
}

/** Creates the missing folders above `dir` and returns them, outermost first. */
async function ensureDir(dir: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    try {
      await stat(current);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.unshift(current);
      if (dirname(current) === current) break;
    }
  }
  await mkdir(dir, { recursive: true });
  created.push(...missing);
}

async function placeBytes(target: string, data: Buffer, mode: number | null): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.ssot-${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, data);
  if (mode !== null) await chmod(temp, mode);
  await rename(temp, target);
}

/** Writes and deletes every file, or none: on failure everything is put back before it throws. */
export async function writeAllOrNothing(root: string, writes: readonly FileWrite[], hooks: WriteHooks = {}): Promise<void> {
  const planned: Planned[] = [];
  for (const write of writes) {
    const { target, previous } = await snapshot(root, write);
    planned.push({ write, target, previous, temp: null, done: false });
  }
  const createdDirs: string[] = [];
  let failedPath = '';
  try {
    for (const item of planned) {
      if (item.write.data === null && item.write.link === undefined) continue;
      failedPath = item.write.path;
      await hooks.beforeStep?.({ kind: 'stage', path: item.write.path });
      await ensureDir(dirname(item.target), createdDirs);
      if (item.write.link !== undefined) continue;
      const temp = join(dirname(item.target), `.${basename(item.target)}.ssot-${randomBytes(4).toString('hex')}.tmp`);
      item.temp = temp;
      await writeFile(temp, item.write.data!);
      const mode = item.write.mode ?? item.previous.mode;
      if (mode !== null) await chmod(temp, mode);
    }
    for (const item of planned) {
      if (item.write.data === null && item.write.link === undefined) continue;
      failedPath = item.write.path;
      await hooks.beforeStep?.({ kind: 'replace', path: item.write.path });
      if (item.write.link !== undefined) {
        if (item.previous.data !== null || item.previous.link !== null) await unlink(item.target);
        item.done = true;
        await symlink(item.write.link, item.target);
      } else {
        await rename(item.temp!, item.target);
        item.temp = null;
        item.done = true;
      }
    }
    for (const item of planned) {
      if (item.write.data !== null || item.write.link !== undefined) continue;
      failedPath = item.write.path;
      await hooks.beforeStep?.({ kind: 'delete', path: item.write.path });
      if (item.previous.data === null && item.previous.link === null) continue;
      await unlink(item.target);
      item.done = true;
    }
  } catch (error) {
    const unrestored = await rollBack(planned, createdDirs);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const outcome = unrestored.length === 0 ? 'every file was put back as it was' : `could not put back: ${unrestored.join(', ')}`;
    throw new WriteFailure(`could not write ${failedPath} (${reason}); ${outcome}`, failedPath, unrestored.length === 0, unrestored);
  }
  await pruneEmptyDirs(root, planned);
}

async function rollBack(planned: Planned[], createdDirs: string[]): Promise<string[]> {
  const unrestored: string[] = [];
  for (const item of [...planned].reverse()) {
    try {
      if (item.temp) await unlink(item.temp).catch(() => undefined);
      if (!item.done) continue;
      const { data, mode, link } = item.previous;
      if (link !== null) {
        await unlink(item.target).catch(() => undefined);
        await mkdir(dirname(item.target), { recursive: true });
        await symlink(link, item.target);
      } else if (data === null) {
        await unlink(item.target);
      } else {
        await mkdir(dirname(item.target), { recursive: true });
        await placeBytes(item.target, data, mode);
      }
    } catch {
      unrestored.push(item.write.path);
    }
  }
  for (const dir of [...createdDirs].reverse()) await rmdir(dir).catch(() => undefined);
  return unrestored;
}

/** Folders emptied by deletions go too (git does not keep empty folders either); never the root. */
async function pruneEmptyDirs(root: string, planned: Planned[]): Promise<void> {
  const deleted = planned.filter((p) => p.write.data === null && p.write.link === undefined && p.done);
  for (const start of new Set(deleted.map((p) => dirname(p.target)))) {
    for (let dir = start; isStrictlyInside(root, dir); dir = dirname(dir)) {
      try {
        if ((await readdir(dir)).length > 0) break;
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }
}

function isStrictlyInside(root: string, dir: string): boolean {
  const rel = relative(root, dir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
