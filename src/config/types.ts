/**
 * The user's configuration, as written in `ssot.config.*`, `.ssotrc*` or `package.json#ssot`.
 * `normalizeConfig` turns it into a frozen `ResolvedConfig` with every default filled in.
 * The JSON schema in `schema/ssot.config.schema.json` is generated from the same definitions.
 */
import type { RuleDefinition } from '../rules/types.js';

/** `path#Symbol` (path relative to the config root) or `ssot/resilience#Symbol`. */
export type SymbolRef = string;

export interface MappingConfig {
  /** Config field renames for phase 1 converters: `{ maxRetries: "maxAttempts" }`; null drops the field. */
  fields?: Record<string, string | null>;
  /** Method/property renames for phase 2 adapters: `{ canExecute: "isCallPermitted" }`; null drops it. */
  members?: Record<string, string | null>;
  /** Option-object key renames at call sites: `{ retries: "maxAttempts" }`. */
  options?: Record<string, string | null>;
}

export interface RecipeConfig {
  /** Optional id, shown in plans and reports. */
  id?: string;
  /** Call pattern with placeholders: `withDbRetry($op, $opts)`. */
  match: string;
  /** Template: `retryManager.execute($op, { domain: 'database', ...$opts })`. */
  replace: string;
  /** Imports the template needs: `["src/core/retry-manager#retryManager"]`. */
  imports?: SymbolRef[];
  /** Globs restricting the files the recipe applies to. */
  files?: string[];
}

export interface PhaseConfig {
  /** Phase name, e.g. `config`, `imports`, `delete`. */
  name: string;
  /** Codemod ids run in this phase, in order. */
  codemods: string[];
  description?: string;
}

export interface ForbidConfig {
  /** Globs of files that must not exist (deleted modules stay deleted). */
  files?: string[];
  /** Symbol names (or `path#Symbol`) that must not be declared again, e.g. `WebSocketManagerFactory`. */
  symbols?: string[];
  /** Module specifiers or globs of resolved paths that must not be imported. */
  imports?: string[];
  /** Architecture boundaries: files matching `from` must not import files matching `to`. */
  boundaries?: Array<{ from: string; to: string; except?: string[]; message?: string }>;
}

export interface SsotConfig {
  $schema?: string;
  /** Scan root, relative to the config file. Default: the config file's folder (or the CLI path). */
  root?: string;
  /** Globs of files to scan. Default: all TS/JS sources. */
  include?: string[];
  /** Globs to leave out, added to the defaults (node_modules, dist, build, coverage, .git, *.d.ts). */
  exclude?: string[];
  /** Respect .gitignore files. Default true. */
  gitignore?: boolean;
  /** tsconfig file(s) whose `paths`/`baseUrl` resolve aliases. Default: discovered per workspace. */
  tsconfig?: string | string[];
  /** Workspace package globs; default from package.json `workspaces` or pnpm-workspace.yaml. `false` disables. */
  workspaces?: boolean | string[];
  /** Cluster per whole repo (default) or per workspace package. */
  scope?: 'repo' | 'workspace';
  /** Findings below this confidence are dropped. Default 0.5. */
  minConfidence?: number;
  /** Turn built-in or user concepts off, or change their minimum confidence. */
  rules?: Record<string, 'off' | 'on' | { minConfidence?: number }>;
  /** Folder(s) of extra rule files (`<id>.yaml`/`.json`), relative to the config root. */
  rulesDir?: string | string[];
  /** Concepts declared inline, in the same format as rule files. */
  concepts?: RuleDefinition[];
  /** Canonical member per cluster id or concept id. */
  canonical?: Record<string, SymbolRef>;
  /** Per superseded symbol (`path#Symbol`): how its fields/members/options map onto the canonical. */
  mappings?: Record<SymbolRef, MappingConfig>;
  /** Call-site rewrites used in the `imports` phase. */
  recipes?: RecipeConfig[];
  /** Superseded factories (`path#Symbol`) or cluster ids whose unique members should move into the canonical. */
  merge?: string[];
  /** Migration phases; default `config`, `imports`, `delete`. */
  phases?: PhaseConfig[];
  /** What `ssot check` forbids. */
  forbid?: ForbidConfig;
  /** Maximum number of implementations per concept (or cluster id) before `ssot check` fails. */
  max?: Record<string, number>;
  /** Baseline file for `ssot check`. Default `.ssot/baseline.json`. */
  baseline?: string;
  /** Per-file result cache. Default true, in `.ssot/cache`. */
  cache?: boolean | { dir?: string };
  /** Worker threads for scanning: a number or `auto` (cores). */
  concurrency?: number | 'auto';
}

/** The normalized, frozen config every command works with. Paths are absolute. */
export interface ResolvedConfig {
  /** Absolute path of the scan root. */
  root: string;
  /** Absolute path of the config file, or null when defaults are used. */
  configFile: string | null;
  include: string[];
  exclude: string[];
  gitignore: boolean;
  tsconfig: string[] | 'auto';
  workspaces: string[] | 'auto' | false;
  scope: 'repo' | 'workspace';
  minConfidence: number;
  rules: Record<string, 'off' | 'on' | { minConfidence?: number }>;
  rulesDir: string[];
  concepts: RuleDefinition[];
  canonical: Record<string, SymbolRef>;
  mappings: Record<SymbolRef, MappingConfig>;
  recipes: RecipeConfig[];
  merge: string[];
  phases: PhaseConfig[];
  forbid: Required<ForbidConfig>;
  max: Record<string, number>;
  baseline: string;
  cache: { enabled: boolean; dir: string };
  concurrency: number;
}
