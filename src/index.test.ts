import { describe, expect, expectTypeOf, it } from 'vitest';
import * as api from './index.js';
import { backendResult } from './reporters/test-utils/scan-results.js';

describe('public API', () => {
  it('exports the scan, config and reporter entry points', () => {
    for (const name of ['scan', 'scanWithGraph', 'loadConfig', 'findConfigFile', 'validateConfig', 'normalizeConfig', 'defineConfig', 'configJsonSchema', 'explainFinding', 'isSsotError'] as const) {
      expect(typeof api[name], name).toBe('function');
    }
    expect(api.REPORTER_NAMES).toEqual(['table', 'json', 'markdown', 'sarif', 'html']);
    expect(api.isReporterName('sarif')).toBe(true);
    expect(api.isReporterName('toString')).toBe(false);
  });

  it('defineConfig returns the config unchanged and types it', () => {
    const config = { canonical: { retry: 'src/retry.ts#retry' } };
    expect(api.defineConfig(config)).toBe(config);
    expectTypeOf(api.defineConfig).parameter(0).toEqualTypeOf<api.SsotConfig>();
  });

  it('reporters render a result through the exported map', () => {
    const name = 'json' as api.ReporterName;
    expect(JSON.parse(api.reporters[name](backendResult, { color: false }))).toEqual(backendResult);
  });
});
