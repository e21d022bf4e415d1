/**
 * The bundled fixture as a user's repository: a copy in a temp folder, its tool chain linked, a
 * `.gitignore` like a real project's, everything committed; and the fixture's own checks (tsc, its
 * test suite) run the way its developers run them.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFixture, git, gitInit, hashTree, linkNodeModules, repoRoot } from '../../../test-utils/fixtures.js';

/** A copy of `fixtures/<name>` in a fresh git repository, everything committed. */
export async function fixtureRepo(name: string): Promise<string> {
  const dir = await copyFixture(name);
  await linkNodeModules(dir);
  // What a project using ssot ignores: installed packages and the scan cache (the journal ignores itself).
  await writeFile(join(dir, '.gitignore'), 'node_modules\n.ssot/cache/\n');
  gitInit(dir);
  return dir;
}

/** Commits everything (a phase the user accepted). */
export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

/**
 * Hash per file of what the user owns: `.git`, `node_modules`, the scan cache and the journal left
 * out; `.ssot/forbidden.json`, which a phase writes for `ssot check`, kept.
 */
export async function projectTree(dir: string): Promise<Record<string, string>> {
  const hashes = await hashTree(dir);
  return Object.fromEntries(Object.entries(hashes).filter(([path]) => !path.startsWith('.ssot/cache/') && !path.startsWith('.ssot/journal/')));
}

/** Paths whose hash differs between two trees (added, removed or changed), sorted. */
export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((path) => before[path] !== after[path]).sort();
}

/** `tsc --noEmit -p dir`: its output, '' when the project type-checks. */
export function typeCheck(dir: string): string {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', dir, '--pretty', 'false'], {
    encoding: 'utf8',
  });
  return `${result.stdout}${result.stderr}`.trim();
}

/** The project's own test suite (`vitest run` in its folder): exit status and output. */
export function projectTests(dir: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
