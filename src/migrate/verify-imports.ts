/**
 * Import facts for verification, without building a program: the module specifiers of a file (static
 * imports, re-exports, dynamic imports, require calls) and what each resolves to under the file's own
 * compiler options, on disk or through the planned overlay.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ts } from '../parser/ts.js';
import type { ProjectConfig } from './verify-config.js';
import { createOverlayHost, type Overlay, type SourceFileCache } from './verify-host.js';

export interface ImportRef {
  specifier: string;
  /** 1-based line of the specifier. */
  line: number;
}

/** Every module specifier a file mentions, with its line. */
export function importsOf(text: string): ImportRef[] {
  const info = ts.preProcessFile(text, true, true);
  const refs: ImportRef[] = [];
  for (const ref of info.importedFiles) refs.push({ specifier: ref.fileName, line: lineAt(text, ref.pos) });
  return refs;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const RE_EXPORTS = [
  /(^|[\s;])export\s*(type\s*)?(\*|\{[^}]*\})\s*(as\s+[\w$]+\s*)?from\s*['"]/,
  // CommonJS barrels: `module.exports = require(...)`, `...require(...)`, `exports.x = require(...)`.
  /module\.exports\s*=\s*require\s*\(/,
  /\.\.\.\s*require\s*\(/,
  /(^|[\s;])(module\.)?exports\.[\w$]+\s*=\s*require\s*\(/,
];

/** True when the file passes on another module's exports (a barrel or facade). */
export function reExports(text: string): boolean {
  return RE_EXPORTS.some((pattern) => pattern.test(text));
}

export interface Resolution {
  /** Resolved file (absolute compiler path), or null when the specifier does not resolve. */
  file: string | null;
  /** True for packages from node_modules. */
  external: boolean;
}

/** Resolves specifiers per config, in one state of the tree (the disk, or the disk plus an overlay). */
export class ImportResolver {
  private readonly perConfig = new Map<ProjectConfig, { host: ts.CompilerHost; cache: ts.ModuleResolutionCache }>();

  constructor(
    private readonly overlay: Overlay | null,
    private readonly sourceFiles: SourceFileCache,
  ) {}

  resolve(specifier: string, containingFile: string, config: ProjectConfig): Resolution {
    let state = this.perConfig.get(config);
    if (!state) {
      const host = createOverlayHost(config.options, this.overlay, this.sourceFiles);
      const cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (s) => s, config.options);
      state = { host, cache };
      this.perConfig.set(config, state);
    }
    const mode = ts.getImpliedNodeFormatForFile(containingFile, state.cache.getPackageJsonInfoCache(), state.host, config.options);
    const resolved = ts.resolveModuleName(specifier, containingFile, config.options, state.host, state.cache, undefined, mode).resolvedModule;
    if (!resolved) return { file: null, external: false };
    return { file: resolved.resolvedFileName, external: resolved.isExternalLibraryImport === true };
  }
}

/** The package a bare specifier names (`@scope/name`, `name`), or null for relative and absolute paths. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export interface BrokenRef {
  line: number;
  specifier: string;
  /** Absolute path it resolved to before, or null for an import the change adds. */
  before: string | null;
}

/**
 * Imports that resolved before and no longer do, and imports the change adds that do not resolve.
 * A package that is there but does not resolve (a workspace whose exports point at output not built
 * yet, an installed package without that subpath in this environment), or that already failed to
 * resolve elsewhere before the change, is the environment's doing, not the change's. A package that
 * is not there at all is reported: the change would need it installed.
 */
export class ImportCheck {
  private readonly before: ImportResolver;
  private readonly after: ImportResolver;
  private readonly unresolvedPackages = new Set<string>();
  private readonly environmentSpecifiers = new Set<string>();
  private readonly installed = new Map<string, boolean>();

  constructor(
    overlay: Overlay,
    sourceFiles: SourceFileCache,
    /** Names of the repository's workspace packages (present even when not linked or built). */
    private readonly workspacePackages: ReadonlySet<string> = new Set(),
  ) {
    this.before = new ImportResolver(null, sourceFiles);
    this.after = new ImportResolver(overlay, sourceFiles);
  }

  /** True when a specifier's failure to resolve is the environment's, not the change's. */
  unavailable(specifier: string): boolean {
    const name = packageOf(specifier);
    return this.environmentSpecifiers.has(specifier) || (name !== null && this.unresolvedPackages.has(name));
  }

  /** Whether the package is a workspace of this repository or has a `node_modules` folder above the file. */
  private present(name: string, file: string): boolean {
    if (this.workspacePackages.has(name)) return true;
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const key = `${dir}\0${name}`;
      let found = this.installed.get(key);
      if (found === undefined) {
        found = existsSync(join(dir, 'node_modules', ...name.split('/')));
        this.installed.set(key, found);
      }
      if (found) return true;
      if (dirname(dir) === dir) return false;
    }
  }

  check(file: string, beforeText: string | null, afterText: string | null, config: ProjectConfig): BrokenRef[] {
    const previous = new Map<string, string | null>();
    for (const ref of beforeText === null ? [] : importsOf(beforeText)) {
      if (previous.has(ref.specifier)) continue;
      const resolved = this.before.resolve(ref.specifier, file, config).file;
      previous.set(ref.specifier, resolved);
      const name = packageOf(ref.specifier);
      if (resolved === null && name !== null) this.unresolvedPackages.add(name);
    }
    if (afterText === null) return [];
    const broken: BrokenRef[] = [];
    for (const ref of importsOf(afterText)) {
      if (this.after.resolve(ref.specifier, file, config).file !== null) continue;
      const was = previous.get(ref.specifier);
      // Unresolved before and after: not this change's doing.
      if (was === null) continue;
      const name = packageOf(ref.specifier);
      if (was === undefined && name !== null && this.present(name, file) && this.before.resolve(ref.specifier, file, config).file === null) {
        this.environmentSpecifiers.add(ref.specifier);
        continue;
      }
      broken.push({ line: ref.line, specifier: ref.specifier, before: was ?? null });
    }
    return broken;
  }

  /** Drops new imports of packages found unavailable before (call once every file was checked). */
  settle(broken: Array<{ specifier: string; before: string | null }>): void {
    for (let i = broken.length - 1; i >= 0; i--) {
      if (broken[i]!.before === null && this.unavailable(broken[i]!.specifier)) broken.splice(i, 1);
    }
  }
}
