import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-utils/fixtures.js';
import { CONFIG_TABLE_END, CONFIG_TABLE_START, configFieldsMarkdown, replaceConfigTable } from './config-docs.js';
import { configSpec } from './config-fields.js';
import { configJsonSchema, configJsonSchemaText } from './config-schema.js';
import { validateConfig } from './validate-config.js';
import { CONFIG_SCHEMA_PATH } from './write-schema.js';

describe('config JSON schema', () => {
  it('is committed and up to date (run `npm run schema` after changing config-fields.ts)', async () => {
    const committed = await readFile(join(repoRoot, CONFIG_SCHEMA_PATH), 'utf8');
    expect(committed).toBe(configJsonSchemaText());
  });

  it('has every top-level field, with a description, and no others', () => {
    const schema = configJsonSchema() as { properties: Record<string, { description?: string }>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(Object.keys(configSpec.properties));
    expect(schema.additionalProperties).toBe(false);
    for (const [key, property] of Object.entries(schema.properties)) expect(property.description, key).toBeTruthy();
  });

  // The schema (for editors) and the validator (for the CLI) come from one description; these
  // configs prove they agree on what is valid.
  const valid: unknown[] = [
    {},
    { minConfidence: 0.5, concurrency: 'auto', cache: false, workspaces: ['packages/*'] },
    { canonical: { retry: 'src/retry.ts#retry' }, rules: { retry: 'off', backoff: { minConfidence: 0.3 } } },
    { phases: [{ name: 'imports', codemods: ['rewrite-imports'] }], forbid: { boundaries: [{ from: 'a/**', to: 'b/**' }] } },
    { mappings: { 'src/a.ts#A': { fields: { old: null, retries: 'maxAttempts' } } }, tsconfig: 'tsconfig.json', concepts: [{ id: 'rate-limiter' }] },
  ];
  const invalid: unknown[] = [
    { minConfidence: 1.5 },
    { concurrency: 0 },
    { canonical: { retry: 'src/retry.ts' } },
    { unknownKey: true },
    { rules: { Retry: 'on' } },
    { recipes: [{ match: 'a()' }] },
    { cache: { dir: 1 } },
    { mappings: { 'src/a.ts#A': { fields: { old: 1 } } } },
    { scope: 'everything' },
  ];
  const validator = new Validator(configJsonSchema() as never, '7', false);

  it.each(valid.map((config) => [JSON.stringify(config), config]))('schema and validator both accept %s', (_, config) => {
    expect(validateConfig(config)).toEqual([]);
    expect(validator.validate(config).valid).toBe(true);
  });

  it.each(invalid.map((config) => [JSON.stringify(config), config]))('schema and validator both reject %s', (_, config) => {
    expect(validateConfig(config)).not.toEqual([]);
    expect(validator.validate(config).valid).toBe(false);
  });
});

describe('README config table', () => {
  it('is up to date (run `npm run schema`)', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(CONFIG_TABLE_START);
    expect(replaceConfigTable(readme)).toBe(readme);
  });

  it('documents every field, nested ones included, with its default', () => {
    const table = configFieldsMarkdown();
    for (const key of Object.keys(configSpec.properties).filter((key) => key !== '$schema')) expect(table).toContain(`| \`${key}\` |`);
    expect(table).toContain('| `forbid.boundaries[].from` |');
    expect(table).toContain('| `cache.dir` | `string` | `".ssot/cache"` |');
    expect(table).toContain('| `minConfidence` | `number` | `0.5` |');
    expect(table).toMatch(/\| `recipes\[\]\.match` \|.*Required\. \|/);
  });

  it('replaces only the text between the markers', () => {
    const readme = `intro\n${CONFIG_TABLE_START}\nstale\n${CONFIG_TABLE_END}\noutro\n`;
    const updated = replaceConfigTable(readme);
    expect(updated.startsWith(`intro\n${CONFIG_TABLE_START}\n| key |`)).toBe(true);
    expect(updated.endsWith(`${CONFIG_TABLE_END}\noutro\n`)).toBe(true);
    expect(updated).not.toContain('stale');
  });
});
