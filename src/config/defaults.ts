import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { ResolvedConfig } from './types.js';

/** Every TS/JS source kind. */
export const DEFAULT_INCLUDE = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/** Always left out, in addition to the user's `exclude`. */
export const DEFAULT_EXCLUDE = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/.git/**',
  '**/.ssot/**',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/*.min.js',
];

/** The seeds' order: unify config types, move imports onto the canonical and shim, delete what is left. */
export const DEFAULT_PHASES = [
  { name: 'config', codemods: ['config-types'], description: 'superseded config types become aliases or compatibility types' },
  { name: 'imports', codemods: ['call-recipes', 'inline-retry', 'data-class-construct', 'merge-factory', 'collapse-double-init', 'rewrite-imports', 'shim-modules'], description: 'importers move onto the canonical module; superseded modules become shims' },
  { name: 'delete', codemods: ['delete-superseded'], description: 'shims and superseded files nothing imports any more are deleted' },
];

export const DEFAULT_MIN_CONFIDENCE = 0.5;
export const DEFAULT_BASELINE = '.ssot/baseline.json';
export const DEFAULT_CACHE_DIR = '.ssot/cache';

/** Worker threads: one per core, at most 4 (parsing is CPU bound; more threads only add memory). */
export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** The resolved config used when there is no config file (or as the base that a config file overrides). */
export function resolvedDefaults(root: string): ResolvedConfig {
  const absoluteRoot = resolve(root);
  return {
    root: absoluteRoot,
    configFile: null,
    include: [...DEFAULT_INCLUDE],
    exclude: [...DEFAULT_EXCLUDE],
    gitignore: true,
    tsconfig: 'auto',
    workspaces: 'auto',
    scope: 'repo',
    minConfidence: DEFAULT_MIN_CONFIDENCE,
    rules: {},
    rulesDir: [],
    concepts: [],
    canonical: {},
    mappings: {},
    recipes: [],
    merge: [],
    phases: DEFAULT_PHASES.map((phase) => ({ ...phase, codemods: [...phase.codemods] })),
    forbid: { files: [], symbols: [], imports: [], boundaries: [] },
    max: {},
    baseline: resolve(absoluteRoot, DEFAULT_BASELINE),
    cache: { enabled: true, dir: resolve(absoluteRoot, DEFAULT_CACHE_DIR) },
    concurrency: defaultConcurrency(),
  };
}
