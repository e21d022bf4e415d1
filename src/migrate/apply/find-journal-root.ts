/**
 * Where `ssot migrate --undo` finds the journal: the given folder or the nearest one above it that holds
 * `.ssot/journal` (like git finds `.git`), so undo works from any subfolder and never needs the config,
 * which a broken migration might have broken too.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { JOURNAL_DIR } from '../journal.js';

export function findJournalRoot(start: string): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, JOURNAL_DIR))) return dir;
    if (dirname(dir) === dir) return null;
  }
}
