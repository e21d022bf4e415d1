/**
 * Reads the scanned files' texts and collects the gate's notes (shim tags, suppressions, forbidden
 * declarations, finding shapes). Only files holding a marker or a forbidden name are parsed. A file
 * that cannot be read is skipped: the scanner reports it.
 *
 * Reads are synchronous on purpose: for thousands of small files, `readFileSync` is several times
 * faster than promise-based reads through the thread pool, and the gate has nothing else to do
 * meanwhile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../scan/types.js';
import { noteFile } from './file-note.js';
import type { FileNotes } from './types.js';

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
  for (const file of [...files].sort()) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const note = noteFile(file, text, { findings: findingsByFile.get(file) ?? [], forbiddenNames });
    if (note) notes[file] = note;
  }
  return notes;
}
