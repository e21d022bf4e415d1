/**
 * When generated shims warn, run for real in Node on the codemod's output, in ES modules and CommonJS
 * alike: an adapter warns when it is first used (called or constructed), a re-export shim (which hands
 * out the canonical itself, so it has no call to hook) when its module is first loaded; each once per
 * process, with code SSOT_DEPRECATED.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../../../test-utils/fixtures.js';
import { createCodemodApi, type Codemod } from '../codemod.js';
import { builtinCodemods } from '../registry.js';

const canonical = { specifier: '', name: '', ref: '' };
const options = (specifier: string) => ({
  shims: [
    { name: 'LegacyBreaker', kind: 're-export', canonical: { ...canonical, specifier, name: 'Breaker', ref: 'src/core.js#Breaker' } },
    { name: 'legacyRetry', kind: 'adapter', canonical: { ...canonical, specifier, name: 'retry', ref: 'src/core.js#retry' } },
  ],
});

const sources = {
  cjs: {
    canonical: `class Breaker {}\nasync function retry(operation) {\n  return operation();\n}\nmodule.exports = { Breaker, retry };\n`,
    legacy: `'use strict';\nconst { retry } = require('./core.cjs');\n\nclass LegacyBreaker {}\n\nfunction legacyRetry(operation) {\n  return retry(operation);\n}\n\nfunction other() {\n  return 1;\n}\n\nmodule.exports = { LegacyBreaker, legacyRetry, other };\n`,
    load: `const legacy = require('./legacy.cjs');`,
  },
  mjs: {
    canonical: `export class Breaker {}\nexport async function retry(operation) {\n  return operation();\n}\n`,
    legacy: `import { retry } from './core.mjs';\n\nexport class LegacyBreaker {}\n\nexport function legacyRetry(operation) {\n  return retry(operation);\n}\n\nexport function other() {\n  return 1;\n}\n`,
    load: `const legacy = await import('./legacy.mjs');`,
  },
};

describe.each(['cjs', 'mjs'] as const)('shims in .%s modules', (ext) => {
  let dir: string;
  let shimmed: unknown;
  beforeAll(async () => {
    dir = await makeTempDir();
    const source = sources[ext];
    shimmed = (builtinCodemods.get('shim-modules') as Codemod<unknown>).transform({ path: `legacy.${ext}`, text: source.legacy }, options(`./core.${ext}`), createCodemodApi());
    expect(typeof shimmed).toBe('string');
    writeFileSync(join(dir, `core.${ext}`), source.canonical);
    writeFileSync(join(dir, `legacy.${ext}`), shimmed as string);
    const script = [
      "const events = [];",
      "process.on('warning', (w) => events.push(`${w.code}: ${w.message.split(' ')[0]}`));",
      source.load,
      "await new Promise((resolve) => setImmediate(resolve));",
      "events.push('loaded');",
      "await legacy.legacyRetry(async () => 1);",
      "await legacy.legacyRetry(async () => 2);",
      "legacy.other();",
      "await new Promise((resolve) => setImmediate(resolve));",
      "console.log(JSON.stringify(events));",
    ].join('\n');
    writeFileSync(join(dir, 'run.mjs'), ext === 'cjs' ? `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${script}` : script);
  });
  afterAll(async () => removeDir(dir));

  const run = (env: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(process.execPath, [join(dir, 'run.mjs')], { cwd: dir, encoding: 'utf8', env: { ...process.env, SSOT_NO_DEPRECATION: '', ...env } });
    expect(result.stderr.replace(/.*DeprecationWarning.*\n?|.*--trace-deprecation.*\n?/g, '')).toBe('');
    return JSON.parse(result.stdout) as string[];
  };

  it('warns for the re-export at load and for the adapter at its first call, once each', () => {
    expect(run()).toEqual(['SSOT_DEPRECATED: LegacyBreaker', 'loaded', 'SSOT_DEPRECATED: legacyRetry']);
  });

  it("delegates through the module's own binding of the canonical (an import or a require)", () => {
    expect(shimmed).toContain('  return retry(operation);');
    expect(shimmed).not.toContain('retry2');
  });

  it('is silenced by SSOT_NO_DEPRECATION=1', () => {
    expect(run({ SSOT_NO_DEPRECATION: '1' })).toEqual(['loaded']);
  });
});
