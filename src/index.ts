/**
 * ssot's programmatic API. The CLI is a thin layer over these functions; nothing here prints or exits.
 */
export type * from './scan/types.js';
export type { SsotConfig, ResolvedConfig } from './config/types.js';
export { SsotError, isSsotError } from './shared/errors.js';
