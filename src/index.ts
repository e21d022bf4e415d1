/**
 * ssot's programmatic API. The CLI is a thin layer over these functions; nothing here prints or exits.
 */
export type * from './scan/types.js';
export { BUILTIN_CONCEPTS } from './scan/types.js';
export type { ModuleGraph } from './scan/graph-types.js';
export { scan, scanWithGraph, type ScanOptions, type ScanProgress } from './scan/scan.js';

export type { SsotConfig, ResolvedConfig } from './config/types.js';
export { defineConfig } from './config/define-config.js';
export { loadConfig, findConfigFile, CONFIG_SEARCH_PLACES, type LoadConfigOptions } from './config/load-config.js';
export { validateConfig, type ValidateConfigOptions } from './config/validate-config.js';
export { normalizeConfig, type ConfigOverrides, type NormalizeOptions } from './config/normalize-config.js';
export { configJsonSchema } from './config/config-schema.js';
export { resolvedDefaults } from './config/defaults.js';

export { reporters, isReporterName, REPORTER_NAMES, explainFinding, type ReporterName, type Reporter, type ReporterOptions } from './reporters/index.js';

export { SsotError, isSsotError, type ErrorIssue, type SsotErrorCode } from './shared/errors.js';
