/** Reading and writing the baseline file on disk (the format itself is in baseline.ts). */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseBaseline, serializeBaseline } from './baseline.js';
import type { Baseline } from './types.js';

/** The baseline at `path`, or null when the file does not exist; a malformed file throws (exit 2). */
export async function readBaselineFile(path: string, display = path): Promise<Baseline | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseBaseline(text, display);
}

/** Writes atomically (temp file, then rename), so an interrupted write never leaves half a baseline. */
export async function writeBaselineFile(path: string, baseline: Baseline): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, serializeBaseline(baseline));
  await rename(temp, path);
}
