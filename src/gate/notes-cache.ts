/**
 * The gate's per-file notes, cached by the file's size and mtime and the facts that shape its note (its
 * findings' ids and lines, the forbidden names). A check over unchanged files then neither parses nor
 * token-shapes anything, so a warm `ssot check` never loads the TypeScript compiler. A missing,
 * unreadable or foreign cache file is an empty cache; a failed write only costs speed next time.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Finding } from '../scan/types.js';
import type { FileNote } from './types.js';

/** File name inside the scan's cache folder. */
export const NOTES_CACHE_FILE = 'gate-notes.json';

/** Bump when what a note holds, or how a shape is computed, changes: old entries are then ignored. */
const FORMAT = 'ssot-gate-notes/1';

interface CacheFile {
  format: string;
  /** The tool that wrote it (shapes may be computed differently by another version). */
  tool: string;
  /** The forbidden names the notes were read with (declarations depend on them). */
  forbidden: string;
  entries: Record<string, { key: string; note: FileNote | null }>;
}

export interface NotesCache {
  /** The cached note (null: nothing notable) or undefined when the file's inputs changed. */
  get(file: string, key: string): FileNote | null | undefined;
  set(file: string, key: string, note: FileNote | null): void;
  /** Writes the entries of this run (files no longer scanned drop out). */
  save(): void;
}

/**
 * What a file's note depends on besides the forbidden names: its text, known by size and mtime (as the
 * scan's cache knows it, so an unchanged file is not even read), and its findings' extents.
 */
export function noteKey(size: number, mtimeMs: number, findings: readonly Finding[]): string {
  const stat = `${size}:${mtimeMs}`;
  return findings.length === 0 ? stat : `${stat} ${findings.map((f) => `${f.id}:${f.startLine}-${f.endLine}`).join(',')}`;
}

export function openNotesCache(path: string, forbiddenNames: ReadonlySet<string>, tool: string): NotesCache {
  const forbidden = [...forbiddenNames].sort().join(',');
  let previous: CacheFile['entries'] = {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
    if (parsed.format === FORMAT && parsed.tool === tool && parsed.forbidden === forbidden && parsed.entries && typeof parsed.entries === 'object') previous = parsed.entries;
  } catch {
    // No cache yet, or not ours: start empty.
  }
  const next: CacheFile['entries'] = {};
  let changed = false;
  return {
    get(file, key) {
      const entry = previous[file];
      if (entry?.key !== key) return undefined;
      next[file] = entry;
      return entry.note;
    },
    set(file, key, note) {
      next[file] = { key, note };
      changed = true;
    },
    save() {
      if (!changed && Object.keys(next).length === Object.keys(previous).length) return;
      try {
        mkdirSync(dirname(path), { recursive: true });
        // Written aside and renamed, so a concurrent or interrupted run never reads half a file.
        const temp = `${path}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify({ format: FORMAT, tool, forbidden, entries: next } satisfies CacheFile));
        renameSync(temp, path);
      } catch {
        // A read-only checkout still checks; it is only slower next time.
      }
    },
  };
}
