/**
 * Applies a change set to disk, all or nothing, behind a journal entry that `undoLastPhase` can
 * reverse byte for byte.
 */
import { lstat, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SsotError, type ErrorIssue } from '../../shared/errors.js';
import { JOURNAL_DIR, openJournalEntry, removeJournalEntry, setJournalState, topOfJournal, type JournalManifest, type NewJournalFile } from '../journal.js';
import type { FileChange } from '../types.js';
import { WriteFailure, writeAllOrNothing, type FileWrite, type WriteHooks } from './write-files.js';

/** Changes that really change something (a codemod may hand back a file unchanged). */
export function effectiveChanges(changes: readonly FileChange[]): FileChange[] {
  return changes.filter((change) => change.before !== change.after);
}

/** Paths must stay inside the root, be posix and relative, and not point into `.git` or the journal. */
export function invalidPaths(changes: readonly FileChange[]): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const seen = new Set<string>();
  for (const { path } of changes) {
    const parts = path.split('/');
    if (path === '' || path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\\') || parts.some((p) => p === '..' || p === '.' || p === '')) {
      issues.push({ path, message: 'not a posix path relative to the root' });
    } else if (parts[0] === '.git' || (parts[0] === '.ssot' && parts[1] === 'journal')) {
      issues.push({ path, message: 'inside .git or the migration journal, which a migration never touches' });
    } else if (seen.has(path)) {
      issues.push({ path, message: 'changed twice in one change set' });
    }
    seen.add(path);
  }
  return issues;
}

export interface StaleFile {
  path: string;
  reason: string;
}

/**
 * Files whose bytes on disk are no longer what the plan was computed from (edited since, created,
 * deleted, or not UTF-8 text so a rewrite would alter bytes the plan never saw).
 */
export async function findStaleFiles(root: string, changes: readonly FileChange[]): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const change of changes) {
    const current = await readCurrent(root, change.path);
    if (change.before === null) {
      if (current !== null) stale.push({ path: change.path, reason: 'exists, but the plan creates it' });
    } else if (current === null) {
      stale.push({ path: change.path, reason: 'no longer exists' });
    } else if (!current.equals(Buffer.from(change.before, 'utf8'))) {
      stale.push({ path: change.path, reason: 'changed since the plan read it (or is not UTF-8 text)' });
    }
  }
  return stale;
}

async function readCurrent(root: string, path: string): Promise<Buffer | null> {
  const full = join(root, ...path.split('/'));
  try {
    const info = await stat(full);
    if (!info.isFile()) return Buffer.from([]);
    return await readFile(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return null;
    if (code === 'ENOENT') {
      // A dangling link still occupies the path.
      const link = await lstat(full).catch(() => null);
      return link ? Buffer.from([]) : null;
    }
    throw error;
  }
}

/** Throws when an earlier write or undo was interrupted: its entry must be undone first. */
export async function assertNoInterruptedRun(root: string): Promise<void> {
  const top = await topOfJournal(root);
  if (top && top.state !== 'applied') {
    throw new SsotError(
      'migration',
      `an earlier migration run (${top.phase}) was interrupted and its files may be half written; run \`ssot migrate --undo\` to restore them from ${JOURNAL_DIR}/${top.id}`,
    );
  }
}

/** The bytes to save; a symbolic link the phase deletes is saved as a link so undo recreates it. */
async function readOriginalFile(full: string, deleting: boolean): Promise<{ data: Buffer; mode: number; link?: string }> {
  const info = await lstat(full);
  const data = await readFile(full);
  if (deleting && info.isSymbolicLink()) return { data, mode: (await stat(full)).mode & 0o7777, link: await readlink(full) };
  return { data, mode: (await stat(full)).mode & 0o7777 };
}

export interface ApplyOptions {
  /** Phase name, recorded in the journal. */
  phase: string;
  /** Tool name and version, recorded in the journal. */
  tool: string;
  hooks?: WriteHooks;
}

/**
 * Writes the change set: journal first (manifest, then every original), then all files at once. On
 * failure every file is put back and the journal entry removed; the error says what failed.
 */
export async function applyChangeSet(root: string, changes: readonly FileChange[], options: ApplyOptions): Promise<JournalManifest> {
  const effective = effectiveChanges(changes);
  const invalid = invalidPaths(effective);
  if (invalid.length > 0) throw new SsotError('migration', 'the change set has invalid paths', invalid);
  await assertNoInterruptedRun(root);
  const stale = await findStaleFiles(root, effective);
  if (stale.length > 0) {
    throw new SsotError(
      'migration',
      'files changed since the plan was computed; run the phase again',
      stale.map((file) => ({ path: file.path, message: file.reason })),
    );
  }
  const journalFiles: NewJournalFile[] = [];
  for (const change of effective) {
    const full = join(root, ...change.path.split('/'));
    const original = change.before === null ? null : await readOriginalFile(full, change.after === null);
    journalFiles.push({
      path: change.path,
      action: change.before === null ? 'create' : change.after === null ? 'delete' : 'modify',
      original,
      after: change.after === null ? null : Buffer.from(change.after, 'utf8'),
    });
  }
  let entry = await openJournalEntry(root, options.phase, options.tool, journalFiles);
  const writes: FileWrite[] = effective.map((change) => ({ path: change.path, data: change.after === null ? null : Buffer.from(change.after, 'utf8') }));
  try {
    await writeAllOrNothing(root, writes, options.hooks);
  } catch (error) {
    if (error instanceof WriteFailure && !error.restored) {
      throw new SsotError('migration', `${error.message}; run \`ssot migrate --undo\` to restore them from ${JOURNAL_DIR}/${entry.id}`);
    }
    // Nothing of the project changed (rolled back, or failed before the first write): drop the entry.
    await removeJournalEntry(root, entry.id);
    if (error instanceof WriteFailure) throw new SsotError('migration', `nothing was written: ${error.message}`);
    throw error;
  }
  entry = await setJournalState(root, entry, 'applied');
  return entry;
}
