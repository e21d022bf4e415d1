import type { SsotConfig } from './types.js';

/**
 * Identity helper for `ssot.config.ts` / `ssot.config.js`: gives editors the config's types.
 *
 * @example
 * import { defineConfig } from 'ssot';
 * export default defineConfig({ canonical: { retry: 'src/core/retry.ts#retry' } });
 */
export function defineConfig(config: SsotConfig): SsotConfig {
  return config;
}
