import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-utils/fixtures.js';
import { GATE_RULE_IDS } from './rules.js';

async function checkSection(): Promise<string> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  return readme.slice(readme.indexOf('<!-- section: check -->'), readme.indexOf('<!-- section: resilience -->'));
}

describe('the check section of the README', () => {
  it('shows exactly the shipped GitHub Actions workflow', async () => {
    const workflow = await readFile(join(repoRoot, 'examples/github-actions/ssot.yml'), 'utf8');
    const shown = /```yaml\n([\s\S]*?)```/.exec(await checkSection())?.[1];
    expect(shown).toBe(workflow);
  });

  it('documents every rule the gate can fail on', async () => {
    const section = await checkSection();
    for (const rule of GATE_RULE_IDS) expect(section, rule).toContain(rule);
  });

  it('the workflow uploads SARIF from a full-history checkout on pull requests', async () => {
    const workflow = await readFile(join(repoRoot, 'examples/github-actions/ssot.yml'), 'utf8');
    expect(workflow).toMatch(/^on:\n {2}pull_request:/m);
    expect(workflow).toContain('fetch-depth: 0');
    expect(workflow).toContain('node-version: 20');
    expect(workflow).toContain('npx ssot check --changed-since origin/${{ github.base_ref }} --format sarif --output ssot.sarif');
    expect(workflow).toContain('uses: github/codeql-action/upload-sarif@v3');
    expect(workflow).toContain('--format github');
  });
});
