/**
 * Import facts for verification, without building a program: the module specifiers of a file (static
 * imports, re-exports, dynamic imports, require calls) and what each resolves to under the file's own
 * compiler options, on disk or through the planned overlay.
 */
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
