import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { configKeyLine, locateConfigKey, parseConfigPath } from './config-location.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await removeDir(dir);
  dir = undefined;
});

describe('locateConfigKey', () => {
  it('finds the line of a nested key in JSON, YAML and package.json, relative to cwd', async () => {
    dir = await writeTree({
      'ssot.config.json': '{\n  "retry": 1,\n  "canonical": {\n    "backoff": "a#b",\n    "retry": "a#c"\n  }\n}\n',
      'cfg/.ssotrc.yaml': 'retry: 1\ncanonical:\n  retry: a#c\n',
      'package.json': '{\n  "name": "x",\n  "ssot": {\n    "canonical": { "retry": "a#c" }\n  }\n}\n',
    });
    expect(locateConfigKey(join(dir, 'ssot.config.json'), ['canonical', 'retry'], dir)).toBe('ssot.config.json:5: canonical.retry');
    expect(locateConfigKey(join(dir, 'cfg/.ssotrc.yaml'), ['canonical', 'retry'], dir)).toBe('cfg/.ssotrc.yaml:3: canonical.retry');
    expect(locateConfigKey(join(dir, 'package.json'), ['canonical', 'retry'], dir)).toBe('package.json:4: ssot.canonical.retry');
  });

  it('leaves the line out when the key cannot be found or the file read', async () => {
    dir = await writeTree({ 'ssot.config.js': 'export default Object.fromEntries([["canonical", { retry: "a#c" }]]);\n' });
    expect(locateConfigKey(join(dir, 'ssot.config.js'), ['canonical', 'retry'], dir)).toBe('ssot.config.js: canonical.retry');
    expect(locateConfigKey(join(dir, 'gone.json'), ['canonical', 'retry'], join(dir, 'sub'))).toBe('../gone.json: canonical.retry'.replace('../gone.json', join(dir, 'gone.json')));
  });
});

describe('configKeyLine', () => {
  const json = [
    '{', //                                            1
    '  "include": ["src"],', //                        2
    '  "phases": [', //                                3
    '    { "name": "config", "codemods": ["a"] },', // 4
    '    {', //                                         5
    '      "name": "imports",', //                      6
    '      "codemods": ["rewrite-imports", "x"]', //    7
    '    }', //                                         8
    '  ],', //                                          9
    '  "canonical": { "factory:Engine": "a.ts#B" }', // 10
    '}',
  ].join('\n');
  const yaml = ['include: [src]', 'phases:', '  - name: config', '    codemods: [a]', '  - name: imports', '    codemods:', '      - rewrite-imports', '      - x', 'canonical:', '  retry: a#b'].join('\n');
  const ts = ['import { defineConfig } from "ssot";', 'export default defineConfig({', '  minConfidence: 7,', '  phases: [{ name: "a", codemods: [] }, { name: "b", codemods: ["y"] }],', '});'].join('\n');

  it.each([
    ['JSON key', json, 'include', 2],
    ['JSON element of a nested array in the second object', json, 'phases[1].codemods[1]', 7],
    ['JSON first element of an inline object', json, 'phases[0].codemods[0]', 4],
    ['JSON quoted key that is not plain', json, 'canonical["factory:Engine"]', 10],
    ['JSON required key left out: the line of its object', json, 'phases[1].retries', 5],
    ['YAML block sequence item', yaml, 'phases[1].codemods[1]', 8],
    ['YAML flow array in a block item', yaml, 'phases[0].codemods[0]', 4],
    ['YAML nested key', yaml, 'canonical.retry', 10],
    ['TS config object', ts, 'minConfidence', 3],
    ['TS second element of an inline array', ts, 'phases[1].codemods[0]', 4],
  ])('%s', (_name, source, path, line) => {
    expect(configKeyLine(source, parseConfigPath(path))).toBe(line);
  });

  it('gives no line when not even the first key is written', () => {
    expect(configKeyLine(json, parseConfigPath('scope'))).toBeUndefined();
    expect(configKeyLine(json, parseConfigPath('(root)'))).toBeUndefined();
  });

  it('parses the paths formatPath writes', () => {
    expect(parseConfigPath('phases[10].codemods[0]')).toEqual(['phases', 10, 'codemods', 0]);
    expect(parseConfigPath('mappings["src/a.ts#B"].members.run')).toEqual(['mappings', 'src/a.ts#B', 'members', 'run']);
    expect(parseConfigPath('(root)')).toEqual([]);
  });
});
