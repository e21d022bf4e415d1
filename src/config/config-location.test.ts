import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { locateConfigKey } from './config-location.js';

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
    dir = await writeTree({ 'ssot.config.js': 'export default { canonical: Object.fromEntries([["retry", "a#c"]]) };\n' });
    expect(locateConfigKey(join(dir, 'ssot.config.js'), ['canonical', 'retry'], dir)).toBe('ssot.config.js: canonical.retry');
    expect(locateConfigKey(join(dir, 'gone.json'), ['canonical', 'retry'], join(dir, 'sub'))).toBe('../gone.json: canonical.retry'.replace('../gone.json', join(dir, 'gone.json')));
  });
});
