/**
 * Which compiler options a file is checked with: the nearest `tsconfig.json` or `jsconfig.json` above
 * it within the project (`extends` and `paths` honoured by the compiler's own parser), following
 * project references of a solution-style config to the project that lists the file. Files with no
 * config get lenient defaults.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ts } from '../parser/ts.js';
import { toCompilerPath } from './verify-host.js';

export interface ProjectConfig {
  /** Absolute path of the config file, or null for the defaults. */
  path: string | null;
  options: ts.CompilerOptions;
  /** Files the config lists (absolute compiler paths). */
  fileNames: string[];
  fileSet: ReadonlySet<string>;
  /** Problems reading the config (the check still runs, with what could be read). */
  problems: string[];
}

// No inputs found / no files matched: harmless here, verification supplies its own roots.
const IGNORED_CONFIG_ERRORS = new Set([18003, 6053]);

/** Options for files no config covers: lenient, resolving both extensionless and `.js` specifiers. */
export function defaultOptions(): ts.CompilerOptions {
  return {
    allowJs: true,
    checkJs: false,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    jsx: ts.JsxEmit.Preserve,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
  };
}

/**
 * The config's options adjusted for an in-memory check of part of the program: nothing is emitted,
 * and options that only make sense for a full build (composite file lists, build info) are off, so
 * they cannot report the partial root list itself as an error.
 */
export function verificationOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  // Declarations only, caught in memory: a changed file's emitted declarations are its public shape,
  // and only the importers of files whose shape changed need checking again.
  const adjusted: ts.CompilerOptions = {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    noEmitOnError: false,
    declarationMap: false,
    sourceMap: false,
    inlineSourceMap: false,
    composite: false,
    incremental: false,
    ignoreDeprecations: '6.0',
  };
  delete adjusted.tsBuildInfoFile;
  delete adjusted.declarationDir;
  delete adjusted.outFile;
  delete adjusted.outDir;
  return adjusted;
}

/**
 * The folder above which no config is looked for: the top of the git work tree holding `root`, else
 * the nearest folder with a `package.json` (at or above `root`), else `root`. A tsconfig in a folder
 * that merely contains the project (a home folder, a checkout of something else) is not the project's.
 */
export function configBoundary(root: string): string {
  const start = resolve(root);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) break;
  }
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

export class ConfigResolver {
  /** @param boundary the folder the search for a config stops at (see `configBoundary`); none: the file system root. */
  constructor(readonly boundary: string | null = null) {}

  private readonly parsed = new Map<string, ProjectConfig>();
  private readonly nearest = new Map<string, string | null>();
  private readonly extendedCache = new Map<string, ts.ExtendedConfigCacheEntry>();
  private defaults: ProjectConfig | null = null;

  /** The config that checks `file` (absolute path). */
  configFor(file: string): ProjectConfig {
    const nearest = this.nearestConfig(dirname(file));
    if (!nearest) return (this.defaults ??= { path: null, options: defaultOptions(), fileNames: [], fileSet: new Set(), problems: [] });
    const config = this.parse(nearest);
    const target = toCompilerPath(file);
    if (config.fileSet.has(target)) return config;
    return this.referenceListing(config, target, new Set([nearest])) ?? config;
  }

  private referenceListing(config: ProjectConfig, file: string, seen: Set<string>): ProjectConfig | null {
    const references = this.references.get(config.path ?? '') ?? [];
    for (const reference of references) {
      if (seen.has(reference)) continue;
      seen.add(reference);
      const child = this.parse(reference);
      if (child.fileSet.has(file)) return child;
      const deeper = this.referenceListing(child, file, seen);
      if (deeper) return deeper;
    }
    return null;
  }

  private readonly references = new Map<string, string[]>();

  private nearestConfig(dir: string): string | null {
    const cached = this.nearest.get(dir);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const candidate = join(dir, name);
      if (ts.sys.fileExists(candidate)) {
        found = candidate;
        break;
      }
    }
    if (!found && dirname(dir) !== dir && dir !== this.boundary) found = this.nearestConfig(dirname(dir));
    this.nearest.set(dir, found);
    return found;
  }

  private parse(path: string): ProjectConfig {
    const cached = this.parsed.get(path);
    if (cached) return cached;
    const problems: string[] = [];
    const host: ts.ParseConfigFileHost = {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
    };
    const result = ts.getParsedCommandLineOfConfigFile(path, undefined, host, this.extendedCache);
    let config: ProjectConfig;
    if (!result) {
      config = { path, options: defaultOptions(), fileNames: [], fileSet: new Set(), problems };
    } else {
      for (const error of result.errors) {
        if (!IGNORED_CONFIG_ERRORS.has(error.code)) problems.push(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
      }
      const fileNames = result.fileNames.map(toCompilerPath);
      config = { path, options: result.options, fileNames, fileSet: new Set(fileNames), problems };
      this.references.set(
        path,
        (result.projectReferences ?? []).map((ref) => (ref.path.endsWith('.json') ? ref.path : join(ref.path, 'tsconfig.json'))),
      );
    }
    this.parsed.set(path, config);
    return config;
  }
}
