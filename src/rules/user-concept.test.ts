import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../config/defaults.js';
import { parseSource } from '../parser/ts.js';
import { analyzeFile, compileRules, mayHoldFinding } from '../scan/detect/analyze-file.js';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { loadRuleSet } from './load-rules.js';

// A user adds a concept without writing TypeScript: a YAML rule in their rules folder.
const files = {
  'ssot-rules/feature-flag-client.yaml': `id: feature-flag-client
description: Wrappers around a feature-flag SDK, or clients that evaluate flags themselves.
keywords: ['flag', 'variation', 'launchdarkly', 'unleash']
signals:
  - id: sdk
    imports: { from: '^(launchdarkly-node-server-sdk|@launchdarkly/node-server-sdk|unleash-client)$' }
    weight: 0.6
  - id: flag-members
    members: { pattern: '^(isEnabled|getVariation|variation|allFlags|evaluate)$', min: 2 }
    weight: 0.5
  - id: name
    name: 'flag|feature|toggle'
    weight: 0.3
threshold: 0.6
requires:
  anyOf: [sdk, flag-members]
cluster: { by: concept }
`,
  'src/flags/launchdarkly.ts': `import * as LaunchDarkly from 'launchdarkly-node-server-sdk';

export class FeatureFlagClient {
  private client = LaunchDarkly.init(process.env.LD_KEY ?? '');
  isEnabled(flag: string, user: { key: string }) {
    return this.client.variation(flag, user, false);
  }
}
`,
  'src/flags/home-made.ts': `export class Toggles {
  private flags = new Map<string, boolean>();
  isEnabled(name: string) { return this.flags.get(name) ?? false; }
  getVariation(name: string) { return this.flags.get(name) ? 'on' : 'off'; }
}
`,
  'src/ui/flag-icon.ts': `export function flagIcon(country: string) { return country.toUpperCase(); }
`,
  'src/math.ts': `export const add = (a: number, b: number) => a + b;
`,
};

const root = await writeTree(files);
afterAll(() => removeDir(root));

describe('a user concept declared in YAML', () => {
  it('is found in a temp project, with its look-alike left out', async () => {
    const set = await loadRuleSet({ ...resolvedDefaults(root), rulesDir: ['ssot-rules'] });
    const rules = compileRules(set.definitions);
    const found: string[] = [];
    for (const file of ['src/flags/launchdarkly.ts', 'src/flags/home-made.ts', 'src/ui/flag-icon.ts', 'src/math.ts']) {
      const text = await readFile(join(root, file), 'utf8');
      if (!mayHoldFinding(text, rules)) continue;
      const analysis = analyzeFile(parseSource(file, text), file, rules);
      for (const c of analysis.candidates) if (c.concept === 'feature-flag-client') found.push(`${file}#${c.symbol}:${c.startLine}-${c.endLine}`);
    }
    expect(found.sort()).toEqual(['src/flags/home-made.ts#Toggles:1-5', 'src/flags/launchdarkly.ts#FeatureFlagClient:3-8']);
  });

  it('lets the prefilter skip files without any keyword of any rule', async () => {
    const set = await loadRuleSet({ ...resolvedDefaults(root), rulesDir: ['ssot-rules'], rules: Object.fromEntries(['retry', 'circuit-breaker', 'backoff', 'retry-config', 'circuit-breaker-config', 'factory', 'reliability-manager'].map((id) => [id, 'off' as const])) });
    const rules = compileRules(set.definitions);
    expect(mayHoldFinding(files['src/math.ts'], rules)).toBe(false);
    expect(mayHoldFinding(files['src/flags/home-made.ts'], rules)).toBe(true);
  });
});
