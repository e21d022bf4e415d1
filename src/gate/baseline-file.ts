/** Reading and writing the baseline file on disk (the format itself is in baseline.ts). */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SsotError } from '../shared/errors.js';
import { parseBaseline, serializeBaseline } from './baseline.js';
import type { Baseline } from './types.js';

/** The baseline at `path`, or null when the file does not exist; a malformed file throws (exit 2). */
export async function readBaselineFile(path: string, display = path): Promise<Baseline | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new SsotError('baseline', `cannot read the baseline ${display}`, [{ path: display, message: code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? String(error) }]);
  }
  return parseBaseline(text, display);
}

/** Writes atomically (temp file, then rename), so an interrupted write never leaves half a baseline. */
export async function writeBaselineFile(path: string, baseline: Baseline): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, serializeBaseline(baseline));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a file stands where a folder of the path should be' : code ?? String(error);
    throw new SsotError('baseline', `cannot write the baseline ${path}`, [{ path, message: `${reason}; the baseline on disk is unchanged` }]);
  }
}
