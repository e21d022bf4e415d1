/**
 * `ssot migrate --undo`: restores the most recent journal entry byte for byte (deleted files come back,
 * created files go), all or nothing, then drops the entry so the next undo reaches the phase before.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SsotError } from '../../shared/errors.js';
import { JOURNAL_DIR, readOriginal, removeJournalEntry, setJournalState, sha256, topOfJournal, type JournalFile, type JournalManifest } from '../journal.js';
import type { StaleFile } from './apply-changes.js';
import { WriteFailure, writeAllOrNothing, type FileWrite, type WriteHooks } from './write-files.js';

export type UndoResult =
  | { status: 'nothing' }
  | { status: 'refused'; entry: JournalManifest; changed: StaleFile[] }
  | {
      status: 'undone';
      entry: JournalManifest;
      /** Files given back their original bytes (modified or deleted by the phase). */
      restored: string[];
      /** Files the phase had created, now removed. */
      removed: string[];
      /** True when the entry was an interrupted run rather than a completed phase. */
      interrupted: boolean;
    };

export interface UndoOptions {
  /** Restore even files that changed after the phase was applied (their later edits are lost). */
  force?: boolean;
  hooks?: WriteHooks;
}

async function currentHash(root: string, path: string): Promise<string | null> {
  try {
    return sha256(await readFile(join(root, ...path.split('/'))));
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return null;
    return `unreadable:${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/** Why a file no longer matches what the phase left (null when it does). */
function changedSince(file: JournalFile, current: string | null, interrupted: boolean): string | null {
  const after = file.afterSha256;
  const before = file.before?.sha256 ?? null;
  if (current === after) return null;
  // An interrupted run may have stopped before or after any given file.
  if (interrupted && current === before) return null;
  if (current === null) return 'deleted since the phase was applied';
  if (after === null) return 'created again since the phase deleted it';
  return 'changed since the phase was applied';
}

/** A run killed between staging and renaming leaves `.<name>.ssot-<hex>.tmp` files next to its targets. */
async function removeLeftoverTemps(root: string, files: readonly JournalFile[]): Promise<void> {
  for (const file of files) {
    const full = join(root, ...file.path.split('/'));
    const prefix = `.${basename(full)}.ssot-`;
    const names = await readdir(dirname(full)).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith(prefix) && /^[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length))) await rm(join(dirname(full), name), { force: true });
    }
  }
}

export async function undoLastPhase(root: string, options: UndoOptions = {}): Promise<UndoResult> {
  const entry = await topOfJournal(root);
  if (!entry) return { status: 'nothing' };
  if (entry.state === 'preparing') {
    // The run stopped while saving originals: no project file had been touched yet.
    await removeJournalEntry(root, entry.id);
    return { status: 'undone', entry, restored: [], removed: [], interrupted: true };
  }
  const interrupted = entry.state !== 'applied';
  const changed: StaleFile[] = [];
  for (const file of entry.files) {
    const reason = changedSince(file, await currentHash(root, file.path), interrupted);
    if (reason) changed.push({ path: file.path, reason });
  }
  if (changed.length > 0 && !options.force) return { status: 'refused', entry, changed };

  const writes: FileWrite[] = [];
  for (const file of entry.files) {
    if (file.before?.link !== undefined) writes.push({ path: file.path, data: null, link: file.before.link });
    else if (file.before) writes.push({ path: file.path, data: await readOriginal(root, entry, file), mode: file.before.mode });
    else writes.push({ path: file.path, data: null });
  }
  const previousState = entry.state;
  const undoing = await setJournalState(root, entry, 'undoing');
  try {
    await writeAllOrNothing(root, writes, options.hooks);
  } catch (error) {
    if (error instanceof WriteFailure && !error.restored) {
      throw new SsotError('migration', `undo failed: ${error.message}; run \`ssot migrate --undo\` again to finish from ${JOURNAL_DIR}/${entry.id}`);
    }
    await setJournalState(root, undoing, previousState);
    if (error instanceof WriteFailure) throw new SsotError('migration', `nothing was undone: ${error.message}`);
    throw error;
  }
  if (interrupted) await removeLeftoverTemps(root, entry.files);
  await removeJournalEntry(root, entry.id);
  return {
    status: 'undone',
    entry,
    restored: entry.files.filter((f) => f.before).map((f) => f.path),
    removed: entry.files.filter((f) => !f.before).map((f) => f.path),
    interrupted,
  };
}
