/**
 * Helpers for tests that touch real files: fixture copies in temp folders, real git repositories,
 * and the built `ssot` binary run as a user would run it.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { packageInfo } from '../shared/package-root.js';

/** The repository root of ssot itself (where `fixtures/`, `bin/` and `node_modules/` are). */
export const repoRoot = packageInfo().root;

/** A fresh, empty temp folder. */
export async function makeTempDir(prefix = 'ssot-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Copies `fixtures/<name>` into a fresh temp folder and returns the copy's path. A `node_modules`
 * left in the fixture by running its own tool chain in place is not copied (`linkNodeModules` adds one).
 */
export async function copyFixture(name: string): Promise<string> {
  const dir = await makeTempDir(`ssot-${name.replace(/[^\w-]/g, '_')}-`);
  await cp(join(repoRoot, 'fixtures', name), dir, { recursive: true, filter: (source) => basename(source) !== 'node_modules' });
  return dir;
}

/** Writes a tree of files `{ 'src/a.ts': '...' }` into a fresh temp folder. */
export async function writeTree(files: Record<string, string>, prefix?: string): Promise<string> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  const dir = await makeTempDir(prefix);
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  return dir;
}

/** Lets a copied fixture resolve ssot's dev dependencies (typescript, vitest) as if installed. */
export async function linkNodeModules(dir: string): Promise<void> {
  await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/** Turns a folder into a git repository with everything committed. */
export function gitInit(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'ssot test');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial', '--allow-empty');
}

/** Runs a git command in `dir` and returns its stdout. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built binary (`node bin/ssot.js ...`); tests must run after `npm run build`. */
export function runSsot(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ssot.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CI: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * A hash per file of a tree (`.git` and `node_modules` left out), to prove that an undo restored
 * every byte, deleted files included.
 */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  async function walk(current: string): Promise<void> {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        hashes[relative(dir, full).split(sep).join('/')] = createHash('sha256').update(await readFile(full)).digest('hex');
      }
    }
  }
  await walk(dir);
  return hashes;
}

/** Removes a temp folder (tests call it in afterEach/afterAll). */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Runs an ES module script in a child `node` process and resolves with its stdout: for tests of the
 * built package's threads and module loading, which the test process itself cannot exercise.
 */
export function runModuleScript(script: string, options: { nodeFlags?: string[]; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<string> {
  const { nodeFlags = [], env, timeout } = options;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeFlags, '--input-type=module', '-e', script],
      { maxBuffer: 64 * 1024 * 1024, ...(env ? { env } : {}), ...(timeout ? { timeout } : {}) },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}
