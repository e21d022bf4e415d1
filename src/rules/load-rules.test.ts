import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { resolvedDefaults } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/types.js';
import { isSsotError, type SsotError } from '../shared/errors.js';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { BUILTIN_CONCEPTS } from '../scan/types.js';
import { loadRuleSet } from './load-rules.js';
import type { RuleDefinition } from './types.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(files);
  dirs.push(dir);
  return dir;
}

function config(root: string, overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return { ...resolvedDefaults(root), ...overrides };
}

async function loadError(cfg: ResolvedConfig): Promise<SsotError> {
  try {
    await loadRuleSet(cfg);
  } catch (error) {
    if (isSsotError(error)) return error;
    throw error;
  }
  throw new Error('expected loadRuleSet to throw');
}

const featureFlagYaml = `id: feature-flag-client
description: Clients that evaluate feature flags.
keywords: ['flag', 'variation']
signals:
  - id: flag-members
    members: { pattern: '^(isEnabled|getVariation|variation|allFlags)$', min: 2 }
    weight: 0.5
  - id: name
    name: 'flag'
    weight: 0.3
  - id: sdk
    imports: { from: '^(launchdarkly-node-server-sdk|unleash-client)$' }
    weight: 0.6
threshold: 0.6
requires:
  anyOf: [flag-members, sdk]
examples:
  valid: ['export const x = 1;']
  invalid: ['export class Flags { isEnabled() {} getVariation() {} }']
`;

describe('loadRuleSet', () => {
  it('loads every built-in concept with the global minimum confidence and a stable hash', async () => {
    const root = await project({});
    const first = await loadRuleSet(config(root));
    expect(first.definitions.map((d) => d.id).sort()).toEqual([...BUILTIN_CONCEPTS].sort());
    expect(first.definitions.every((d) => d.minConfidence === 0.5)).toBe(true);
    const second = await loadRuleSet(config(root));
    expect(second.hash).toBe(first.hash);
    const stricter = await loadRuleSet(config(root, { minConfidence: 0.8 }));
    expect(stricter.hash).not.toBe(first.hash);
  });

  it('adds user concepts from rulesDir folders (.yaml, .yml, .json)', async () => {
    const root = await project({
      'ssot-rules/feature-flag-client.yaml': featureFlagYaml,
      'more/queue-consumer.json': JSON.stringify({ id: 'queue-consumer', signals: [{ id: 'consume', calls: 'consume', weight: 0.6 }], requires: { anyOf: ['consume'] } }),
      'more/notes.txt': 'not a rule',
    });
    const set = await loadRuleSet(config(root, { rulesDir: [join(root, 'ssot-rules'), 'more'] }));
    const ids = set.definitions.map((d) => d.id);
    expect(ids).toContain('feature-flag-client');
    expect(ids).toContain('queue-consumer');
    expect(ids).toContain('retry');
  });

  it('reads rule files that start with a byte-order mark', async () => {
    const root = await project({
      'ssot-rules/queue-consumer.json': `\uFEFF${JSON.stringify({ id: 'queue-consumer', signals: [{ id: 'consume', calls: 'consume', weight: 0.6 }], requires: { anyOf: ['consume'] } })}`,
      'ssot-rules/feature-flag-client.yaml': `\uFEFF${featureFlagYaml}`,
    });
    const ids = (await loadRuleSet(config(root, { rulesDir: ['ssot-rules'] }))).definitions.map((d) => d.id);
    expect(ids).toContain('queue-consumer');
    expect(ids).toContain('feature-flag-client');
  });

  it('adds inline concepts, and a user rule with a built-in id replaces it', async () => {
    const root = await project({});
    const replacement: RuleDefinition = { id: 'retry', signals: [{ id: 'loop', matcher: 'retry-loop', weight: 0.9 }], requires: { anyOf: ['loop'] } };
    const inline: RuleDefinition = { id: 'cache', signals: [{ id: 'n', name: 'cache', weight: 0.7 }] };
    const set = await loadRuleSet(config(root, { concepts: [replacement, inline] }));
    const retry = set.definitions.find((d) => d.id === 'retry')!;
    expect(retry.signals).toEqual(replacement.signals);
    expect(set.definitions.map((d) => d.id)).toContain('cache');
    expect(set.definitions.filter((d) => d.id === 'retry')).toHaveLength(1);
  });

  it('applies rules overrides: off removes a concept, minConfidence wins over the global one', async () => {
    const root = await project({});
    const set = await loadRuleSet(config(root, { minConfidence: 0.6, rules: { factory: 'off', retry: { minConfidence: 0.9 }, backoff: 'on' } }));
    expect(set.definitions.map((d) => d.id)).not.toContain('factory');
    expect(set.definitions.find((d) => d.id === 'retry')!.minConfidence).toBe(0.9);
    expect(set.definitions.find((d) => d.id === 'backoff')!.minConfidence).toBe(0.6);
  });

  it('reports every problem of every file in one SsotError', async () => {
    const root = await project({
      'r/a.yaml': 'id: a\nsignals:\n  - id: x\n    matcher: retryloop\n',
      'r/b.yaml': 'id: not-b\nsignals:\n  - id: x\n    name: b\n',
      'r/c.yaml': 'id: c\nsignals: [oops\n',
      'r/d.json': '{ "id": "d", "signals": [{ "id": "x", "name": "(" }] }',
    });
    const error = await loadError(config(root, { rulesDir: ['r', 'missing'], concepts: [{ id: 'Bad Id', signals: [] } as unknown as RuleDefinition] }));
    expect(error.code).toBe('rule');
    const text = error.issues.map((i) => `${i.path}: ${i.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        'r/a.yaml: signals[0].matcher: unknown matcher "retryloop" (did you mean "retry-loop"?)',
        'r/b.yaml: id: "not-b" must equal the file name "b"',
        expect.stringMatching(/^r\/c\.yaml: cannot parse/),
        expect.stringMatching(/^r\/d\.json: signals\[0\]\.name: invalid regular expression/),
        expect.stringMatching(/^missing: cannot read rules folder: ENOENT/),
        expect.stringMatching(/^config: concepts\[0\]\.id: "Bad Id" is not a kebab-case id/),
      ]),
    );
  });

  it('rejects the same user concept id twice, and overrides of unknown concepts', async () => {
    const root = await project({ 'r/feature-flag-client.yaml': featureFlagYaml });
    const duplicate = { id: 'feature-flag-client', signals: [{ id: 'n', name: 'x' }] };
    const error = await loadError(config(root, { rulesDir: ['r'], concepts: [duplicate], rules: { retyr: 'off' } }));
    const text = error.issues.map((i) => `${i.path}: ${i.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        'config: concepts[0]: duplicate concept id "feature-flag-client" (also defined in r/feature-flag-client.yaml)',
        'config: rules.retyr: unknown concept "retyr" (did you mean "retry"?)',
      ]),
    );
  });

  it('gives an override of an unknown concept the line of its key in the config file', async () => {
    const json = '{\n  "include": ["src"],\n  "rules": {\n    "retry": "on",\n    "bogus": "off"\n  }\n}\n';
    const root = await project({ 'ssot.config.json': json });
    const error = await loadError(config(root, { configFile: join(root, 'ssot.config.json'), rules: { retry: 'on', bogus: 'off' } }));
    expect(error.issues.map((i) => i.path)).toEqual(['ssot.config.json:5: rules.bogus']);
    expect(error.issues[0]!.message).toMatch(/^unknown concept "bogus"/);
  });
});
