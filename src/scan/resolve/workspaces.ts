/**
 * Workspace packages of a monorepo: from the config's globs, or else from the root `package.json`
 * (`workspaces` as an array or `{ packages }`) or `pnpm-workspace.yaml` (its `packages` list).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import fg from 'fast-glob';
import type { ResolvedConfig } from '../../config/types.js';
import type { WorkspacePackage } from '../graph-types.js';

/** What resolution needs from a package's manifest. */
export interface PackageManifest {
  name?: string;
  exports?: unknown;
  /** Subpath imports (`#internal/*`). */
  imports?: unknown;
  source?: string;
  types?: string;
  typings?: string;
  module?: string;
  main?: string;
  workspaces?: string[] | { packages?: string[] };
}

export interface Workspace extends WorkspacePackage {
  manifest: PackageManifest;
}

/** Reads and parses a package.json; null when missing or invalid. */
export function readManifest(path: string): PackageManifest | null {
  // Most folders the resolver asks about have none: a missing file costs no thrown error this way.
  if (!existsSync(path)) return null;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return value && typeof value === 'object' ? (value as PackageManifest) : null;
  } catch {
    return null;
  }
}

/** The workspace globs declared at the root, or [] when the repository declares none. */
export function declaredWorkspaceGlobs(root: string): string[] {
  const manifest = readManifest(join(root, 'package.json'));
  const fromManifest = manifest?.workspaces;
  if (Array.isArray(fromManifest)) return fromManifest.filter((g) => typeof g === 'string');
  if (fromManifest && Array.isArray(fromManifest.packages)) return fromManifest.packages.filter((g) => typeof g === 'string');
  try {
    return parsePnpmWorkspace(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  } catch {
    return [];
  }
}

/** The `packages:` list of a pnpm-workspace.yaml (block or flow style; quotes optional). */
export function parsePnpmWorkspace(text: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    if (/^packages\s*:/.test(line)) {
      const flow = line.slice(line.indexOf(':') + 1).trim();
      if (flow.startsWith('[')) {
        for (const item of flow.replace(/^\[|\]$/g, '').split(',')) {
          const glob = unquote(item.trim());
          if (glob) globs.push(glob);
        }
        return globs;
      }
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s*-\s*(.+?)\s*$/.exec(line);
    if (item) globs.push(unquote(item[1]!));
    else if (/^\S/.test(line)) inPackages = false;
  }
  return globs;
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/, '$2');
}

/**
 * The folder whose manifest declares the workspaces the scan root belongs to: the root itself, else the
 * nearest folder above it that declares any, up to the repository root (a `.git`). A scan of a
 * subfolder of a monorepo (`ssot migrate packages`) then still knows the packages by their names.
 */
function declaringFolder(root: string): { base: string; globs: string[] } | undefined {
  for (let dir = root; ; ) {
    const globs = declaredWorkspaceGlobs(dir);
    if (globs.length > 0) return { base: dir, globs };
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

/** The workspace packages (name and folder) inside the scan root, sorted by folder. */
export async function findWorkspaces(config: Pick<ResolvedConfig, 'root' | 'workspaces' | 'exclude'>): Promise<Workspace[]> {
  if (config.workspaces === false) return [];
  const declared = config.workspaces === 'auto' ? declaringFolder(config.root) : { base: config.root, globs: config.workspaces };
  if (!declared || declared.globs.length === 0) return [];
  const { base, globs } = declared;
  const positive = globs.filter((g) => !g.startsWith('!')).map((g) => g.replace(/\/+$/, '').replace(/^\.\//, ''));
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1).replace(/\/+$/, '').replace(/^\.\//, ''));
  const found = await fg(positive, {
    cwd: base,
    onlyDirectories: true,
    ignore: [...negative, '**/node_modules/**', '**/.git/**'],
    followSymbolicLinks: false,
    suppressErrors: true,
  });
  const workspaces: Workspace[] = [];
  const seen = new Set<string>();
  // Folders as the scan sees them: relative to its root; packages outside the scan are not resolved to.
  const dirs = found.map((dir) => relative(config.root, join(base, dir)).split(sep).join('/')).filter((dir) => dir !== '' && !dir.startsWith('..') && !isAbsolute(dir));
  for (const dir of dirs.sort()) {
    const manifest = readManifest(join(config.root, dir, 'package.json'));
    if (!manifest || typeof manifest.name !== 'string' || seen.has(manifest.name)) continue;
    seen.add(manifest.name);
    workspaces.push({ name: manifest.name, dir, manifest });
  }
  return workspaces;
}

/** The workspace a file belongs to (the deepest package folder containing it), or undefined. */
export function workspaceOf(file: string, workspaces: readonly WorkspacePackage[]): WorkspacePackage | undefined {
  let best: WorkspacePackage | undefined;
  for (const workspace of workspaces) {
    if (file.startsWith(`${workspace.dir}/`) && (!best || workspace.dir.length > best.dir.length)) best = workspace;
  }
  return best;
}
