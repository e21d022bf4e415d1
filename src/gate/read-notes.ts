/**
 * Reads the scanned files' texts and collects the gate's notes (shim tags, suppressions, forbidden
 * declarations, finding shapes). Files are read with bounded concurrency; only files holding a marker
 * or a forbidden name are parsed. A file that cannot be read is skipped: the scanner reports it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../scan/types.js';
import { noteFile } from './file-note.js';
import type { FileNotes } from './types.js';

const CONCURRENCY = 32;

export async function readNotes(
  root: string,
  files: readonly string[],
  findings: readonly Finding[],
  forbiddenNames: ReadonlySet<string>,
): Promise<FileNotes> {
  const findingsByFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = findingsByFile.get(finding.file);
    if (list) list.push(finding);
    else findingsByFile.set(finding.file, [finding]);
  }
  const notes: FileNotes = {};
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      let text: string;
      try {
        text = await readFile(join(root, file), 'utf8');
      } catch {
        continue;
      }
      const note = noteFile(file, text, { findings: findingsByFile.get(file) ?? [], forbiddenNames });
      if (note) notes[file] = note;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  // Insertion order depends on read timing; rebuild in file order so the notes are deterministic.
  const ordered: FileNotes = {};
  for (const file of Object.keys(notes).sort()) ordered[file] = notes[file] as FileNotes[string];
  return ordered;
}
