/**
 * Interim config loading for the gate commands until the shared loader (`src/config/load-config.ts`)
 * lands: `ssot.config.json` found upward from the scan path (stopping at the project root), paths
 * resolved against the config file's folder (globs and symbol references are relative to the scan root), no validation beyond JSON. Same call shape as the shared
 * `loadConfig`, so switching is a one-line import change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_BASELINE, resolvedDefaults } from '../config/defaults.js';
import type { ResolvedConfig, SsotConfig } from '../config/types.js';
import { SsotError } from '../shared/errors.js';

export interface InterimLoadOptions {
  cwd: string;
  path?: string;
  configFile?: string | false;
  overrides?: { cache?: boolean };
}

export async function loadConfig(options: InterimLoadOptions): Promise<ResolvedConfig> {
  const start = resolve(options.cwd, options.path ?? '.');
  if (!existsSync(start)) throw new SsotError('input', `path not found: ${options.path}`, [{ path: options.path ?? start, message: 'no such folder' }]);
  let file: string | null = null;
  if (typeof options.configFile === 'string') {
    file = resolve(options.cwd, options.configFile);
    if (!existsSync(file)) throw new SsotError('config', `config file not found: ${options.configFile}`, [{ path: options.configFile, message: 'no such file' }]);
  } else if (options.configFile !== false) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'ssot.config.json'))) {
        file = join(dir, 'ssot.config.json');
        break;
      }
      if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
    }
  }
  let user: SsotConfig = {};
  if (file) {
    try {
      user = JSON.parse(readFileSync(file, 'utf8')) as SsotConfig;
    } catch (error) {
      throw new SsotError('config', `cannot load config ${file}`, [{ path: file, message: (error as Error).message }]);
    }
  }
  const baseDir = file ? dirname(file) : start;
  const root = options.path !== undefined ? start : user.root !== undefined ? resolve(baseDir, user.root) : start;
  const defaults = resolvedDefaults(root);
  const cacheEnabled = options.overrides?.cache ?? (user.cache === undefined ? true : user.cache !== false);
  return {
    ...defaults,
    configFile: file,
    include: user.include ?? defaults.include,
    exclude: [...defaults.exclude, ...(user.exclude ?? [])],
    canonical: user.canonical ?? {},
    forbid: {
      files: user.forbid?.files ?? [],
      symbols: user.forbid?.symbols ?? [],
      imports: user.forbid?.imports ?? [],
      boundaries: user.forbid?.boundaries ?? [],
    },
    max: user.max ?? {},
    baseline: resolve(baseDir, user.baseline ?? DEFAULT_BASELINE),
    cache: { enabled: cacheEnabled, dir: defaults.cache.dir },
  };
}
