/**
 * `--changed-since <ref>`: the files changed since the merge base of the ref and HEAD (committed and
 * uncommitted changes, both sides of a rename, deletions) plus untracked files, relative to the scan
 * root. The gate still scans the whole tree (a duplicate is a relation between files); this list only
 * decides which violations are reported.
 */
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { SsotError } from '../shared/errors.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

export async function changedFilesSince(root: string, ref: string): Promise<string[]> {
  const realRoot = await realpath(root);
  let top: string;
  try {
    top = (await git(realRoot, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new SsotError('git', `--changed-since needs a git repository, and ${root} is not inside one`, [
      { path: '--changed-since', message: 'run the check from a git checkout, or leave the option out to report every file' },
    ]);
  }
  try {
    await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new SsotError('git', `unknown git ref '${ref}' for --changed-since`, [
      { path: '--changed-since', message: 'fetch the ref first (on GitHub Actions: actions/checkout with fetch-depth: 0)' },
    ]);
  }
  // The merge base, so commits that landed on the ref after the branch started do not count as changes here.
  let base = ref;
  try {
    base = (await git(top, ['merge-base', ref, 'HEAD'])).trim() || ref;
  } catch {
    // No common history (or no HEAD yet): compare with the ref itself.
  }
  const diff = await git(top, ['diff', '--name-only', '--no-renames', '-z', base, '--']);
  const untracked = await git(top, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']);
  const prefix = relative(await realpath(top), realRoot).split(sep).join('/');
  const files = new Set<string>();
  for (const path of [...diff.split('\0'), ...untracked.split('\0')]) {
    if (path === '') continue;
    if (prefix === '') files.add(path);
    else if (path.startsWith(`${prefix}/`)) files.add(path.slice(prefix.length + 1));
  }
  return [...files].sort();
}

/** The scan root relative to the repository root (posix; '' at the top), or null outside a git repository. */
export async function rootInRepository(root: string): Promise<string | null> {
  try {
    const realRoot = await realpath(root);
    const top = (await git(realRoot, ['rev-parse', '--show-toplevel'])).trim();
    return relative(await realpath(top), realRoot).split(sep).join('/');
  } catch {
    return null;
  }
}
