/**
 * The README documents what the binary does: the quick start, every `ssot scan` option and
 * `--fail-on` level, and the JSON contract with an example that satisfies the published schema.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test-utils/fixtures.js';
import { scanResultSchemaErrors } from '../../test-utils/scan-result-schema.js';
import { createProgram } from '../program.js';
import { FAIL_ON_LEVELS } from './scan-utils/fail-on.js';

let readme: string;
let scanSection: string;
beforeAll(async () => {
  readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  scanSection = readme.slice(readme.indexOf('<!-- section: scan -->'), readme.indexOf('<!-- section: compare -->'));
});

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: repoRoot };

describe('README', () => {
  it('starts with the two-command quick start', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'));
    const block = /```sh\n([\s\S]*?)```/.exec(quickStart)![1]!;
    expect(block.split('\n').filter(Boolean).map((line) => line.replace(/\s+#.*$/, ''))).toEqual(['npm ci && npm run demo', 'npm test']);
  });

  it('documents every option of ssot scan and every --fail-on level in its tables', () => {
    const scan = createProgram(io, () => undefined).commands.find((command) => command.name() === 'scan')!;
    const rows = scanSection.split('\n').filter((line) => line.startsWith('| `'));
    for (const option of scan.options) {
      expect(rows.some((row) => row.includes(`\`${option.flags.replace('|', '\\|')}\``) || row.includes(`\`${option.long}\``)), option.flags).toBe(true);
    }
    for (const level of Object.keys(FAIL_ON_LEVELS)) expect(rows.some((row) => row.startsWith(`| \`${level}\` |`)), level).toBe(true);
  });

  it('documents every key of the JSON contract', async () => {
    const schema = JSON.parse(await readFile(join(repoRoot, 'schema', 'scan-result.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: Record<string, { properties: Record<string, unknown> }>;
    };
    const documented = (key: string) => new RegExp(`^\\| (\`[\\w]+\`, )*\`${key}\`[ ,|]`, 'm').test(scanSection);
    for (const key of Object.keys(schema.properties)) expect(documented(key), key).toBe(true);
    for (const key of Object.keys(schema.definitions.finding!.properties)) expect(documented(key), `finding.${key}`).toBe(true);
    for (const key of Object.keys(schema.definitions.cluster!.properties)) expect(documented(key), `cluster.${key}`).toBe(true);
  });

  it('has a JSON example whose first finding and clusters satisfy the schema', () => {
    const example = /```json\n(\{\n {2}"schemaVersion"[\s\S]*?)```/.exec(scanSection)![1]!;
    const parsed = JSON.parse(example) as { findings: unknown[] };
    expect(scanResultSchemaErrors({ ...parsed, findings: parsed.findings.slice(0, 1) })).toEqual([]);
  });
});
