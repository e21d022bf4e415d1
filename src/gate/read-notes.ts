/**
 * Reads the scanned files' texts and collects the gate's notes (shim tags, suppressions, forbidden
 * declarations, finding shapes). Only files holding a marker or a forbidden name are parsed. A file
 * that cannot be read is skipped: the scanner reports it.
 *
 * Reads are synchronous on purpose: for thousands of small files, `readFileSync` is several times
 * faster than promise-based reads through the thread pool, and the gate has nothing else to do
 * meanwhile. With `cache`, notes of files whose text and findings are unchanged come from the
 * cache (see notes-cache.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../scan/types.js';
import { noteFile } from './file-note.js';
import { noteKey, openNotesCache } from './notes-cache.js';
import type { FileNote, FileNotes } from './types.js';

export async function readNotes(
  root: string,
  files: readonly string[],
  findings: readonly Finding[],
  forbiddenNames: ReadonlySet<string>,
  cache?: { file: string; tool: string },
): Promise<FileNotes> {
  const notesCache = cache ? openNotesCache(cache.file, forbiddenNames, cache.tool) : null;
  const findingsByFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = findingsByFile.get(finding.file);
    if (list) list.push(finding);
    else findingsByFile.set(finding.file, [finding]);
  }
  const notes: FileNotes = {};
  for (const file of [...files].sort()) {
    const path = join(root, file);
    const fileFindings = findingsByFile.get(file) ?? [];
    let note: FileNote | null | undefined;
    let key = '';
    let text: string;
    try {
      if (notesCache) {
        const stat = statSync(path);
        key = noteKey(stat.size, stat.mtimeMs, fileFindings);
        note = notesCache.get(file, key);
      }
      text = note === undefined ? readFileSync(path, 'utf8') : '';
    } catch {
      continue;
    }
    if (note === undefined) {
      note = noteFile(file, text, { findings: fileFindings, forbiddenNames });
      notesCache?.set(file, key, note);
    }
    if (note) notes[file] = note;
  }
  notesCache?.save();
  return notes;
}
