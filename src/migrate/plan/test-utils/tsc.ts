/**
 * The real TypeScript compiler on a project folder, for tests that check a migration keeps the build green.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../../test-utils/fixtures.js';

/** Diagnostics of `tsc -p dir` ('' when clean). */
export function tsc(dir: string): string {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim();
}
