/**
 * `--output <file>` for the commands that write a report: checked before the (long) scan, so a
 * folder or an empty name fails at once, and written with errors a user can act on instead of an
 * "internal error: EISDIR".
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { SsotError } from '../shared/errors.js';

/** commander argument parser for `--output`: a non-empty file name. */
export function parseOutputFile(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a file name');
  return value;
}

/** Throws SsotError('usage') when `output` names an existing folder. */
export async function checkOutputFile(cwd: string, output: string | undefined): Promise<void> {
  if (output === undefined) return;
  const info = await stat(resolve(cwd, output)).catch(() => null);
  if (info?.isDirectory()) {
    throw new SsotError('usage', `cannot write the report to ${output}`, [{ path: output, message: 'is a folder; give a file name, such as ssot-report.json inside it' }]);
  }
}

/** Writes the report, creating folders; a failure is an SsotError naming the file and the reason. */
export async function writeOutputFile(cwd: string, output: string, text: string): Promise<void> {
  const target = resolve(cwd, output);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EISDIR'
        ? 'is a folder'
        : code === 'EEXIST' || code === 'ENOTDIR'
          ? 'a file stands where a folder of the path should be'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code ?? String(error);
    throw new SsotError('input', `cannot write the report to ${output}`, [{ path: output, message: reason }]);
  }
}
