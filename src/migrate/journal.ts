/**
 * The journal of applied phases under `.ssot/journal/<id>/`: a manifest (written first) listing every
 * file a phase touches with the hash of what it wrote, and a byte-exact copy of every original,
 * deleted files included. `ssot migrate --undo` pops the most recent entry; an entry left in a
 * non-final state marks a run that was interrupted, which `--undo` can still roll back.
 *
 * The folder holds a `.gitignore` of `*`, so git never shows or commits it, and `.ssot/` is left out
 * of scans by default.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SsotError } from '../shared/errors.js';

export const JOURNAL_DIR = '.ssot/journal';
const MANIFEST = 'manifest.json';

/**
 * - `preparing`: manifest written, originals being copied; no project file touched yet.
 * - `applying`: project files being written; if left so, the run was interrupted.
 * - `applied`: the phase is on disk; `--undo` restores the originals.
 * - `undoing`: an undo is restoring the originals; if left so, it was interrupted.
 */
export type JournalState = 'preparing' | 'applying' | 'applied' | 'undoing';

export interface JournalBlob {
  /** File name under the entry's `files/` folder. */
  blob: string;
  sha256: string;
  /** Permission bits of the original file. */
  mode: number;
  /** Set when the original was a symbolic link (deleted by the phase): its target, restored as a link. */
  link?: string;
}

export interface JournalFile {
  /** Posix path relative to the root. */
  path: string;
  action: 'modify' | 'create' | 'delete';
  /** The original (null for a created file). */
  before: JournalBlob | null;
  /** Hash of what the phase wrote (null for a deleted file), to tell whether the file changed since. */
  afterSha256: string | null;
}

export interface JournalManifest {
  version: 1;
  id: string;
  phase: string;
  /** The ssot version that wrote it. */
  tool: string;
  createdAt: string;
  state: JournalState;
  files: JournalFile[];
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function journalRoot(root: string): string {
  return join(root, JOURNAL_DIR);
}

export function entryDir(root: string, id: string): string {
  return join(journalRoot(root), id);
}

/** Writes a file through a temp name and a rename, so a crash never leaves half a manifest. */
async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/** Every journal entry of the root, oldest first. Entries that cannot be read are reported, not skipped. */
export async function listJournal(root: string): Promise<JournalManifest[]> {
  let names: string[];
  try {
    names = (await readdir(journalRoot(root), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const manifests: JournalManifest[] = [];
  for (const name of names.sort()) {
    const path = join(journalRoot(root), name, MANIFEST);
    try {
      manifests.push(JSON.parse(await readFile(path, 'utf8')) as JournalManifest);
    } catch (error) {
      throw new SsotError('migration', `the migration journal is damaged: ${JOURNAL_DIR}/${name}/${MANIFEST} cannot be read`, [
        { path: `${JOURNAL_DIR}/${name}`, message: (error as Error).message },
      ]);
    }
  }
  return manifests;
}

/** The most recent entry that is on disk or was interrupted: what `--undo` works on. */
export async function topOfJournal(root: string): Promise<JournalManifest | null> {
  const entries = await listJournal(root);
  return entries.length > 0 ? entries[entries.length - 1]! : null;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'phase';
}

export interface NewJournalFile {
  path: string;
  action: JournalFile['action'];
  /** Original bytes and permission bits (null for a file to create). */
  original: { data: Buffer; mode: number; link?: string } | null;
  /** What the phase will write (null for a file to delete). */
  after: Buffer | null;
}

/**
 * Starts an entry: the manifest first (state `preparing`), then a copy of every original, then the
 * state `applying`. Only after this returns may project files be touched.
 */
export async function openJournalEntry(root: string, phase: string, tool: string, files: NewJournalFile[]): Promise<JournalManifest> {
  await mkdir(journalRoot(root), { recursive: true });
  await writeFile(join(journalRoot(root), '.gitignore'), '*\n');
  const existing = await listJournal(root);
  const last = existing.length > 0 ? Number.parseInt(existing[existing.length - 1]!.id, 10) : 0;
  const id = `${String((Number.isFinite(last) ? last : 0) + 1).padStart(4, '0')}-${slug(phase)}`;
  const dir = entryDir(root, id);
  await mkdir(join(dir, 'files'), { recursive: true });
  const manifest: JournalManifest = {
    version: 1,
    id,
    phase,
    tool,
    createdAt: new Date().toISOString(),
    state: 'preparing',
    files: files.map((file, index) => ({
      path: file.path,
      action: file.action,
      before: file.original
        ? { blob: String(index), sha256: sha256(file.original.data), mode: file.original.mode, ...(file.original.link !== undefined ? { link: file.original.link } : {}) }
        : null,
      afterSha256: file.after ? sha256(file.after) : null,
    })),
  };
  await saveManifest(root, manifest);
  for (const [index, file] of files.entries()) {
    if (file.original) await writeFile(join(dir, 'files', String(index)), file.original.data);
  }
  return setJournalState(root, manifest, 'applying');
}

async function saveManifest(root: string, manifest: JournalManifest): Promise<void> {
  await writeAtomically(join(entryDir(root, manifest.id), MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function setJournalState(root: string, manifest: JournalManifest, state: JournalState): Promise<JournalManifest> {
  const next = { ...manifest, state };
  await saveManifest(root, next);
  return next;
}

/** Reads an original back, checking it is byte for byte what was saved. */
export async function readOriginal(root: string, manifest: JournalManifest, file: JournalFile): Promise<Buffer> {
  if (!file.before) throw new Error(`no original saved for ${file.path}`);
  const data = await readFile(join(entryDir(root, manifest.id), 'files', file.before.blob));
  if (sha256(data) !== file.before.sha256) {
    throw new SsotError('migration', `the migration journal is damaged: the saved original of ${file.path} does not match its hash`, [
      { path: `${JOURNAL_DIR}/${manifest.id}/files/${file.before.blob}`, message: 'hash mismatch' },
    ]);
  }
  return data;
}

export async function removeJournalEntry(root: string, id: string): Promise<void> {
  await rm(entryDir(root, id), { recursive: true, force: true });
}
