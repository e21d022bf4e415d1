/**
 * The git safety net around a migration: is the root inside a git work tree, and which of the files a
 * phase would touch hold work git could not give back (uncommitted edits, staged changes, untracked or
 * ignored files). A migration refuses to write over such files unless the user passes --allow-dirty.
 *
 * Outside a git repository there is no way to tell saved from unsaved work and nothing to fall back
 * on but ssot's own journal, so writing is refused there too unless --allow-dirty is given.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SsotError } from '../shared/errors.js';

export type DirtyReason = 'modified' | 'staged' | 'deleted' | 'conflicted' | 'untracked' | 'ignored';

export interface DirtyFile {
  /** Posix path relative to the migration root. */
  path: string;
  reason: DirtyReason;
}

export interface WorkTreeState {
  /** True when the root is inside a git work tree. */
  repository: boolean;
  /** Why it is not (git missing, not a repository), when `repository` is false. */
  reason?: string;
  /** Files among the checked ones whose current content git could not restore. */
  dirty: DirtyFile[];
}

const REASON_TEXT: Record<DirtyReason, string> = {
  modified: 'modified, not committed',
  staged: 'staged, not committed',
  deleted: 'deleted, not committed',
  conflicted: 'unresolved merge conflict',
  untracked: 'untracked: not in git, would be overwritten',
  ignored: 'ignored by git: no committed copy',
};

interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
  missing?: boolean;
}

function runGit(cwd: string, args: string[], input?: string): Promise<GitRun> {
  return new Promise((resolve) => {
    if (input === undefined) {
      execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
      });
      return;
    }
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: -1, stdout, stderr, missing: error.code === 'ENOENT' }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The root's path inside its git work tree (`''` at the top, `pkg/a/` below it), or null outside git. */
export async function gitPrefix(root: string): Promise<{ prefix: string } | { prefix: null; reason: string }> {
  const run = await runGit(root, ['rev-parse', '--is-inside-work-tree', '--show-prefix']);
  if (run.missing) return { prefix: null, reason: 'git is not installed' };
  const [inside, prefix = ''] = run.stdout.split('\n');
  if (run.code !== 0 || inside !== 'true') return { prefix: null, reason: 'not inside a git work tree' };
  return { prefix };
}

function classify(xy: string): DirtyReason {
  const [x, y] = [xy[0], xy[1]];
  if (xy === '??') return 'untracked';
  if (xy === '!!') return 'ignored';
  if (x === 'U' || y === 'U' || xy === 'AA' || xy === 'DD') return 'conflicted';
  if (y === 'D') return 'deleted';
  if (y === 'M' || y === 'T') return 'modified';
  return x === 'D' ? 'deleted' : 'staged';
}

/**
 * Checks the files a phase would touch (posix paths relative to `root`). A file is dirty when git has
 * uncommitted changes for it (modified, staged, deleted, conflicted), or when it exists but git has no
 * copy of it (untracked or ignored) and the phase would overwrite or delete it.
 */
export async function checkWorkTree(root: string, paths: readonly string[]): Promise<WorkTreeState> {
  const where = await gitPrefix(root);
  if (where.prefix === null) return { repository: false, reason: where.reason, dirty: [] };
  if (paths.length === 0) return { repository: true, dirty: [] };
  const wanted = new Set(paths);
  const status = await runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', '.']);
  if (status.code !== 0) throw new SsotError('git', `git status failed: ${status.stderr.trim()}`);
  const dirty = new Map<string, DirtyReason>();
  for (const entry of status.stdout.split('\0')) {
    if (entry.length < 4) continue;
    const fromTop = entry.slice(3);
    if (!fromTop.startsWith(where.prefix)) continue;
    const path = fromTop.slice(where.prefix.length);
    if (wanted.has(path)) dirty.set(path, classify(entry.slice(0, 2)));
  }
  // Existing files git does not report are clean and tracked, or ignored: ask which.
  const unreported = paths.filter((path) => !dirty.has(path) && existsSync(join(root, path)));
  if (unreported.length > 0) {
    const ignored = await runGit(root, ['check-ignore', '-z', '--stdin'], unreported.join('\0') + '\0');
    if (ignored.code === 0) {
      for (const path of ignored.stdout.split('\0')) if (path && wanted.has(path)) dirty.set(path, 'ignored');
    } else if (ignored.code !== 1) {
      throw new SsotError('git', `git check-ignore failed: ${ignored.stderr.trim()}`);
    }
  }
  const list = [...dirty].map(([path, reason]) => ({ path, reason })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { repository: true, dirty: list };
}

/** A short description of why a file counts as dirty. */
export function describeDirty(reason: DirtyReason): string {
  return REASON_TEXT[reason];
}

/**
 * The refusal to write, as an error listing every dirty file, or null when writing is safe (or the
 * user allowed it).
 */
export function workTreeRefusal(state: WorkTreeState, allowDirty: boolean): SsotError | null {
  if (allowDirty) return null;
  if (!state.repository) {
    return new SsotError(
      'git',
      `refusing to write: ${state.reason ?? 'not inside a git work tree'}, so unsaved work cannot be told apart and git cannot restore it. ` +
        'Run inside a git repository, or pass --allow-dirty to write anyway (ssot migrate --undo still restores every file from the journal).',
    );
  }
  if (state.dirty.length === 0) return null;
  const count = state.dirty.length === 1 ? '1 file it would change has' : `${state.dirty.length} files it would change have`;
  return new SsotError(
    'git',
    `refusing to write: ${count} uncommitted changes. Commit or stash them first, or pass --allow-dirty to write anyway.`,
    state.dirty.map((file) => ({ path: file.path, message: describeDirty(file.reason) })),
  );
}
