/**
 * The config pipeline: discover → load → validate → normalize → freeze.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { SsotError, type ErrorIssue } from '../shared/errors.js';
import { configKeyPlace, parseConfigPath } from './config-location.js';
import { knownCodemods } from './known-codemods.js';
import { ConfigFileError, loadConfigFile, searchConfigFolder, type FoundConfig } from './config-files.js';
import { ConfigLoadError } from './load-ts-config.js';
import { normalizeConfig, type ConfigOverrides } from './normalize-config.js';
import { findProjectRoot, isProjectRoot } from './project-root.js';
import type { ResolvedConfig, SsotConfig } from './types.js';
import { validateConfig } from './validate-config.js';

/** Where ssot looks for its config in each folder, in this order. */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.ssotrc',
  '.ssotrc.json',
  '.ssotrc.yaml',
  '.ssotrc.yml',
  '.ssotrc.js',
  '.ssotrc.mjs',
  '.ssotrc.cjs',
  'ssot.config.json',
  'ssot.config.yaml',
  'ssot.config.yml',
  'ssot.config.js',
  'ssot.config.mjs',
  'ssot.config.cjs',
  'ssot.config.ts',
] as const;

export interface LoadConfigOptions {
  /** Folder relative paths on the command line resolve against. */
  cwd: string;
  /** The scan path (a folder), relative to `cwd`: discovery starts there, and it overrides `root`. */
  path?: string;
  /** An explicit config file (`--config`), or `false` to use no config file (`--no-config`). */
  configFile?: string | false;
  /** Command-line settings that win over the config file. */
  overrides?: ConfigOverrides;
}

/** A path for messages: relative to the working folder when inside it. */
function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** Lines of a parser's code frame (`> 1 | {...`, `    |   ^`, `-----^`), which the issue line replaces. */
const CODE_FRAME = /^\s*(>?\s*\d*\s*\|.*|-+\^)$/;

/** The 1-based line a loader error points at, when it says. */
function errorLine(error: unknown, message: string): number | undefined {
  if (error instanceof ConfigLoadError) return error.line;
  const mark = (error as { mark?: { line?: number } }).mark;
  if (typeof mark?.line === 'number') return mark.line + 1;
  const frame = /^>\s*(\d+)\s*\|/m.exec(message);
  return frame ? Number(frame[1]) : undefined;
}

/** Turns a loader's exception (JSON, YAML, JS or TS error) into a config error at the file. */
function loadError(error: unknown, file: string, cwd: string): SsotError {
  const shown = display(file, cwd);
  const raw = error instanceof Error ? error.message : String(error);
  // cosmiconfig prefixes "JSON Error in /abs/path:"; the issue names the file already, and the code
  // frame that parsers append does not fit on one line.
  const lines = raw
    .replace(/^\w+ Error in [^\n]*\n/, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !CODE_FRAME.test(line));
  const message = lines[0]?.trim() ?? raw;
  const line = errorLine(error, raw);
  return new SsotError('config', `cannot load config ${shown}`, [{ path: line ? `${shown}:${line}` : shown, message }]);
}

async function loadFile(file: string, cwd: string): Promise<FoundConfig | null> {
  try {
    return await loadConfigFile(file);
  } catch (error) {
    throw loadError(error instanceof ConfigFileError ? error.original : error, file, cwd);
  }
}

/** Searches each folder from `start` upward, stopping after the project root (package.json or .git). */
async function searchConfig(start: string, cwd: string): Promise<FoundConfig | null> {
  let dir = start;
  for (;;) {
    let found: FoundConfig | null;
    try {
      found = await searchConfigFolder(dir, CONFIG_SEARCH_PLACES);
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      throw loadError(error.original, error.filepath, cwd);
    }
    if (found) return found;
    const parent = dirname(dir);
    if (isProjectRoot(dir) || parent === dir) return null;
    dir = parent;
  }
}

/** Finds the config file that applies to a scan path, or null. Does not validate it. */
export async function findConfigFile(options: { cwd: string; path?: string }): Promise<string | null> {
  const found = await searchConfig(startFolder(resolve(options.cwd, options.path ?? '.')), options.cwd);
  return found?.filepath ?? null;
}

function startFolder(path: string): string {
  return existsSync(path) && !statSync(path).isDirectory() ? dirname(path) : path;
}

/**
 * Loads, validates and normalizes the config for a scan of `path` (default: `cwd`). Throws
 * `SsotError('config')` listing every problem (file and dotted path each) when the file is missing,
 * unreadable or invalid; the result is deeply frozen.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd);
  const scanPath = options.path === undefined ? undefined : resolve(cwd, options.path);
  if (scanPath !== undefined && !existsSync(scanPath)) {
    throw new SsotError('input', `path not found: ${options.path}`, [{ path: options.path!, message: 'no such folder' }]);
  }
  if (scanPath !== undefined && !statSync(scanPath).isDirectory()) {
    throw new SsotError('input', `not a folder: ${options.path}`, [{ path: options.path!, message: 'ssot scans folders; pass the folder that holds the file' }]);
  }
  const start = scanPath ?? cwd;

  let found: FoundConfig | null = null;
  if (typeof options.configFile === 'string') {
    const file = resolve(cwd, options.configFile);
    if (!existsSync(file)) {
      throw new SsotError('config', `config file not found: ${options.configFile}`, [{ path: options.configFile, message: 'no such file' }]);
    }
    if (statSync(file).isDirectory()) {
      throw new SsotError('config', `config file is a folder: ${options.configFile}`, [{ path: options.configFile, message: 'pass the config file itself (ssot.config.json, .ssotrc.yaml...), or leave --config out to search from the scanned folder' }]);
    }
    found = (await loadFile(file, cwd)) ?? { filepath: file, config: {}, isEmpty: true };
  } else if (options.configFile !== false) {
    found = await searchConfig(start, cwd);
  }

  const raw: unknown = found === null || found.isEmpty ? {} : found.config;
  if (found !== null) {
    const issues = validateConfig(raw, { codemods: knownCodemods() });
    if (issues.length > 0) {
      const shown = display(found.filepath, cwd);
      // Each problem at the line its key is written on, where a text search finds it.
      const located: ErrorIssue[] = issues.map((issue) => {
        const { path, line } = configKeyPlace(found.filepath, parseConfigPath(issue.path));
        return { path: `${shown}${line !== undefined ? `:${line}` : ''}: ${path}`, message: issue.message };
      });
      throw new SsotError('config', `invalid config ${shown}`, located);
    }
  }

  const configFile = found?.filepath ?? null;
  const normalized = normalizeConfig(raw as SsotConfig, {
    configFile,
    baseDir: configFile ? dirname(configFile) : findProjectRoot(start),
    ...(scanPath !== undefined ? { root: scanPath } : {}),
    defaultRoot: cwd,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  if (found !== null) checkConfiguredFiles(normalized, raw, found.filepath, cwd);
  return normalized;
}

/**
 * Files the config names that must exist: a `tsconfig` that is not there would silently leave every
 * alias it declares unresolved (and every importer through one uncounted).
 */
function checkConfiguredFiles(config: ResolvedConfig, raw: unknown, configFile: string, cwd: string): void {
  if (config.tsconfig === 'auto') return;
  const shown = display(configFile, cwd);
  const issues: ErrorIssue[] = [];
  config.tsconfig.forEach((file, index) => {
    if (existsSync(file) && statSync(file).isFile()) return;
    const segments = Array.isArray((raw as { tsconfig?: unknown }).tsconfig) ? ['tsconfig', index] : ['tsconfig'];
    const { path, line } = configKeyPlace(configFile, segments);
    issues.push({ path: `${shown}${line !== undefined ? `:${line}` : ''}: ${path}`, message: `no such file: ${display(file, cwd)}` });
  });
  if (issues.length > 0) throw new SsotError('config', `invalid config ${shown}`, issues);
}
