import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../../../test-utils/fixtures.js';
import { parseSource } from '../../../parser/ts.js';
import { shimDoc, shimsOf, warnCall, warnHelper } from './shim-text.js';
import type { FileStyle } from './style.js';

const jsStyle: FileStyle = { quote: "'", semi: true, eol: '\n', indent: '  ', typescript: false };
const canonical = { specifier: './core.js', name: 'Breaker', ref: 'src/core.ts#Breaker' };

describe('the generated deprecation warning', () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    script = join(dir, 'shim.mjs');
    const body = [
      "process.on('warning', (w) => console.log(JSON.stringify({ name: w.name, code: w.code, message: w.message })));",
      warnCall(jsStyle, 'src/old.ts', 'OldBreaker', canonical),
      warnCall(jsStyle, 'src/old.ts', 'OldBreaker', canonical),
      warnCall(jsStyle, 'src/other.ts', 'OtherBreaker', canonical),
      'await new Promise((resolve) => setTimeout(resolve, 20));',
      warnHelper(jsStyle),
    ].join('\n');
    writeFileSync(script, body);
  });
  afterAll(async () => removeDir(dir));

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(process.execPath, [...args, script], { encoding: 'utf8', env: { ...process.env, ...env, SSOT_NO_DEPRECATION: env.SSOT_NO_DEPRECATION ?? '' } });
    return result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { name: string; code: string; message: string });
  };

  it('emits one DeprecationWarning with code SSOT_DEPRECATED per shim and process', () => {
    const warnings = run([]);
    expect(warnings).toEqual([
      { name: 'DeprecationWarning', code: 'SSOT_DEPRECATED', message: 'OldBreaker (src/old.ts) is deprecated: use Breaker from src/core.ts instead.' },
      { name: 'DeprecationWarning', code: 'SSOT_DEPRECATED', message: 'OtherBreaker (src/other.ts) is deprecated: use Breaker from src/core.ts instead.' },
    ]);
  });

  it('is silenced by SSOT_NO_DEPRECATION=1', () => {
    expect(run([], { SSOT_NO_DEPRECATION: '1' })).toEqual([]);
  });

  it('is silenced by node --no-deprecation', () => {
    expect(run(['--no-deprecation'])).toEqual([]);
  });
});

describe('shim tags', () => {
  it('finds shims by their @ssot-shim tag on export specifiers and declarations', () => {
    const text = [
      'export {',
      shimDoc(canonical, '  '),
      '  Breaker as OldBreaker,',
      "} from './core.js';",
      shimDoc({ ...canonical, ref: 'src/types.ts#Config' }),
      'export type OldConfig = { a: number };',
      'export const untouched = 1;',
    ].join('\n');
    const shims = shimsOf(parseSource('x.ts', text));
    expect([...shims]).toEqual([
      ['OldBreaker', 'src/core.ts#Breaker'],
      ['OldConfig', 'src/types.ts#Config'],
    ]);
  });
});
