/**
 * ssot's own records that a written phase keeps in the repository next to the code it changes:
 * the canonicals each write used (`.ssot/canonicals.json`) and what the delete phase removed for
 * `ssot check` (`.ssot/forbidden.json`). Journalled and undone with the phase like every file, but
 * reported as records, not as the user's files changed or created.
 */
import { CANONICALS_FILE } from './plan/canonicals-record.js';
import { FORBIDDEN_FILE } from './plan/forbidden.js';

export const RECORD_FILES: readonly string[] = [CANONICALS_FILE, FORBIDDEN_FILE];

export function isRecordFile(path: string): boolean {
  return RECORD_FILES.includes(path);
}
