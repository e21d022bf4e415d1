/**
 * Reading config files: which loader reads which file, `package.json`'s `"ssot"` key, empty files.
 * Only cosmiconfig's loaders are used, not its explorer: the explorer also reads the working
 * folder's `package.json` and `.config/config.*` for settings of its own (its "meta config"), so a
 * broken or BOM-prefixed `package.json` in the folder ssot runs from crashed every command as an
 * internal error, even one scanning another folder.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { defaultLoaders } from 'cosmiconfig';
import { loadJsConfig } from './load-js-config.js';
import { loadTsConfig } from './load-ts-config.js';

/** A config file found and loaded; `isEmpty` when the file holds nothing. */
export interface FoundConfig {
  filepath: string;
  config: unknown;
  isEmpty?: boolean;
}

/** The error of a config file that exists but cannot be loaded, with the file. */
export class ConfigFileError extends Error {
  constructor(
    readonly filepath: string,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

type Loader = (filepath: string, content: string) => unknown;

/**
 * The loader without a leading byte-order mark: editors on Windows write one into UTF-8 files, and
 * JSON.parse rejects it ("Unexpected token").
 */
function withoutBom(loader: Loader): Loader {
  return (filepath, content) => loader(filepath, content.charCodeAt(0) === 0xfeff ? content.slice(1) : content);
}

const LOADERS: Record<string, Loader> = {
  '.json': withoutBom(defaultLoaders['.json']),
  '.yaml': withoutBom(defaultLoaders['.yaml']),
  '.yml': withoutBom(defaultLoaders['.yml']),
  '': withoutBom(defaultLoaders.noExt),
  '.js': loadJsConfig,
  '.mjs': loadJsConfig,
  '.cjs': loadJsConfig,
  '.ts': loadTsConfig,
};

function loaderFor(file: string): Loader {
  const loader = LOADERS[extname(file)];
  if (!loader) throw new ConfigFileError(file, new Error(`no loader for "${extname(file)}" files; use .json, .yaml, .yml, .js, .mjs, .cjs or .ts`));
  return loader;
}

/**
 * Loads one config file: for `package.json`, its `"ssot"` key (null when it has none). Throws
 * ConfigFileError when the file cannot be read or parsed.
 */
export async function loadConfigFile(file: string): Promise<FoundConfig | null> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, error);
  }
  if (content.trim() === '') return { filepath: file, config: undefined, isEmpty: true };
  let loaded: unknown;
  try {
    loaded = await loaderFor(file)(file, content);
  } catch (error) {
    if (error instanceof ConfigFileError) throw error;
    // A package.json that does not parse is the project's problem, not a config of ours, unless it
    // is where the user keeps the ssot settings.
    if (basename(file) === 'package.json' && !/"ssot"\s*:/.test(content)) return null;
    throw new ConfigFileError(file, error);
  }
  if (basename(file) === 'package.json') {
    const settings = (loaded as Record<string, unknown> | null)?.ssot;
    return settings === undefined ? null : { filepath: file, config: settings };
  }
  return loaded === undefined ? { filepath: file, config: undefined, isEmpty: true } : { filepath: file, config: loaded };
}

/** The first config of `places` in `dir` that exists and holds settings (empty files are passed over). */
export async function searchConfigFolder(dir: string, places: readonly string[]): Promise<FoundConfig | null> {
  for (const place of places) {
    const file = join(dir, place);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    const found = await loadConfigFile(file);
    if (found && !found.isEmpty) return found;
  }
  return null;
}
