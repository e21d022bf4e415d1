/**
 * Normalization: a valid user config becomes a complete, frozen `ResolvedConfig`. Defaults come from
 * `defaults.ts`, paths are made absolute against the config file's folder, the CLI's path and flags
 * win over the file.
 */
import { resolve } from 'node:path';
import type { RuleDefinition } from '../rules/types.js';
import { DEFAULT_BASELINE, DEFAULT_CACHE_DIR, DEFAULT_EXCLUDE, defaultConcurrency, resolvedDefaults } from './defaults.js';
import { deepFreeze } from './deep-freeze.js';
import { createRebaser, type Rebaser } from './normalize-utils/rebase.js';
import type { ForbidConfig, MappingConfig, ResolvedConfig, SsotConfig } from './types.js';

/** Settings given on the command line; each one, when set, wins over the config file. */
export interface ConfigOverrides {
  minConfidence?: number;
  concurrency?: number | 'auto';
  /** `false` for `--no-cache`. */
  cache?: boolean;
}

export interface NormalizeOptions {
  /** Absolute path of the config file, or null when there is none. */
  configFile: string | null;
  /** Absolute folder that relative paths in the config resolve against (the config file's folder). */
  baseDir: string;
  /** Absolute scan root from the command line; overrides the config's `root`. */
  root?: string;
  /** Absolute scan root when neither the command line nor the config names one. */
  defaultRoot: string;
  overrides?: ConfigOverrides;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function rebaseGlobs(globs: readonly string[], rebaser: Rebaser): string[] {
  return globs.map((glob) => rebaser.glob(glob)).filter((glob): glob is string => glob !== null);
}

/** A `path#Symbol` reference is rebased; a plain cluster id or name is not. */
function rebaseRefOrId(value: string, rebaser: Rebaser): string {
  return value.includes('#') ? rebaser.ref(value) : value;
}

function normalizeForbid(forbid: ForbidConfig | undefined, rebaser: Rebaser): Required<ForbidConfig> {
  return {
    files: rebaseGlobs(forbid?.files ?? [], rebaser),
    symbols: (forbid?.symbols ?? []).map((symbol) => rebaseRefOrId(symbol, rebaser)),
    imports: [...(forbid?.imports ?? [])],
    boundaries: (forbid?.boundaries ?? []).flatMap((boundary) => {
      const from = rebaser.glob(boundary.from);
      const to = rebaser.glob(boundary.to);
      if (from === null || to === null) return [];
      return [{ ...boundary, from, to, ...(boundary.except ? { except: rebaseGlobs(boundary.except, rebaser) } : {}) }];
    }),
  };
}

/**
 * Turns a validated user config into the resolved config every command works with. The result is
 * deeply frozen: nothing downstream can change it by accident.
 */
export function normalizeConfig(config: SsotConfig, options: NormalizeOptions): ResolvedConfig {
  const { baseDir } = options;
  const configRoot = config.root !== undefined ? resolve(baseDir, config.root) : baseDir;
  const root = options.root ?? (config.root !== undefined ? configRoot : options.defaultRoot);
  const rebaser = createRebaser(configRoot, root);
  const defaults = resolvedDefaults(root);
  const overrides = options.overrides ?? {};

  const cacheSetting = config.cache ?? true;
  const cacheEnabled = overrides.cache ?? cacheSetting !== false;
  const cacheDir = typeof cacheSetting === 'object' && cacheSetting.dir !== undefined ? cacheSetting.dir : DEFAULT_CACHE_DIR;
  const concurrency = overrides.concurrency ?? config.concurrency ?? 'auto';

  const mappings: Record<string, MappingConfig> = {};
  for (const [reference, mapping] of Object.entries(config.mappings ?? {})) mappings[rebaser.ref(reference)] = structuredClone(mapping);
  const canonical: Record<string, string> = {};
  for (const [key, reference] of Object.entries(config.canonical ?? {})) canonical[key] = rebaser.ref(reference);

  const resolved: ResolvedConfig = {
    root,
    configFile: options.configFile,
    include: config.include ? rebaseGlobs(config.include, rebaser) : defaults.include,
    exclude: [...DEFAULT_EXCLUDE, ...rebaseGlobs(config.exclude ?? [], rebaser)],
    gitignore: config.gitignore ?? defaults.gitignore,
    tsconfig: config.tsconfig === undefined ? 'auto' : list(config.tsconfig).map((path) => resolve(baseDir, path)),
    workspaces: config.workspaces === undefined || config.workspaces === true ? 'auto' : config.workspaces === false ? false : [...config.workspaces],
    scope: config.scope ?? defaults.scope,
    minConfidence: overrides.minConfidence ?? config.minConfidence ?? defaults.minConfidence,
    rules: structuredClone(config.rules ?? {}),
    rulesDir: list(config.rulesDir).map((path) => resolve(baseDir, path)),
    concepts: structuredClone(config.concepts ?? []) as RuleDefinition[],
    canonical,
    mappings,
    recipes: (config.recipes ?? []).map((recipe) => ({
      ...structuredClone(recipe),
      ...(recipe.imports ? { imports: recipe.imports.map((reference) => rebaser.ref(reference)) } : {}),
      ...(recipe.files ? { files: rebaseGlobs(recipe.files, rebaser) } : {}),
    })),
    merge: (config.merge ?? []).map((entry) => rebaseRefOrId(entry, rebaser)),
    phases: config.phases ? structuredClone(config.phases) : defaults.phases,
    forbid: normalizeForbid(config.forbid, rebaser),
    max: { ...(config.max ?? {}) },
    baseline: resolve(baseDir, config.baseline ?? DEFAULT_BASELINE),
    cache: { enabled: cacheEnabled, dir: resolve(baseDir, cacheDir) },
    concurrency: concurrency === 'auto' ? defaultConcurrency() : concurrency,
  };
  return deepFreeze(resolved);
}
