/**
 * `ssot scan` end to end with configuration: invalid configs, configured canonicals (project files
 * and packages), user-declared concepts without TypeScript, and the bundled demo with `--explain`.
 * The built binary and the real scanner, on temp folders and fixture copies.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../scan/types.js';
import { copyFixture, removeDir, repoRoot, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { scanResultSchemaErrors } from '../../test-utils/scan-result-schema.js';

const retry = (name: string) => `export async function ${name}<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await fn();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
  throw lastError;
}
`;

const twoRetries: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'two-retries', type: 'module', dependencies: { '@acme/resilience': '1.0.0' } }),
  'src/retry-a.ts': retry('retryA'),
  'src/retry-b.ts': retry('retryB'),
  'src/app.ts': `import { retryA } from './retry-a.js';\nimport { retryB } from './retry-b.js';\nexport const run = () => retryA(() => retryB(async () => 1));\n`,
};

const dirs: string[] = [];
async function project(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(files, 'ssot-scan-config-');
  dirs.push(dir);
  return dir;
}
async function fixture(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('invalid config', () => {
  it('exits 2 and lists every problem with its file, line or path, before scanning anything', async () => {
    const config = ['minConfidence: 1.5', 'scope: galaxy', 'canonical:', '  retry: 42', 'rulesDir: [1]', 'concurrency: 0', ''].join('\n');
    const dir = await project({ ...twoRetries, '.ssotrc.yaml': config });
    const { code, stdout, stderr } = await runSsot(['scan', '-f', 'json'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('ssot: invalid config .ssotrc.yaml');
    expect(lines.slice(1)).toEqual([
      '  .ssotrc.yaml:1: minConfidence: expected a number between 0 and 1, got 1.5',
      '  .ssotrc.yaml:2: scope: expected one of "repo", "workspace", got "galaxy"',
      '  .ssotrc.yaml:4: canonical.retry: expected "path#Symbol", got 42',
      '  .ssotrc.yaml:5: rulesDir[0]: expected a path, got 1',
      '  .ssotrc.yaml:6: concurrency: expected an integer >= 1 or "auto", got 0',
    ]);
  });

  it('an invalid user concept names the concept and the field', async () => {
    const concept = { id: 'feature-flag-client', kind: 'implementation', signals: [{ id: 'name', name: '(unclosed', weight: 2 }], threshold: 0.5 };
    const dir = await project({ ...twoRetries, 'ssot.config.json': JSON.stringify({ concepts: [concept] }) });
    const { code, stdout, stderr } = await runSsot(['scan'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      'ssot: invalid config ssot.config.json',
      '  ssot.config.json:1: concepts[0].signals[0].weight: must be at most 1, got 2',
      expect.stringMatching(/^ {2}ssot\.config\.json:1: concepts\[0\]\.signals\[0\]\.name: invalid regular expression "\(unclosed"/),
    ]);
  });
});

describe('configured canonicals', () => {
  const warningsOf = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('ssot: warning:'));

  it.each([['ssot/resilience#RetryPolicy'], ['ssot/resilience#retry']])(
    'a package canonical (%s) is the migration target, not a warning',
    async (reference) => {
      const dir = await project({ ...twoRetries, 'ssot.config.json': JSON.stringify({ canonical: { retry: reference, 'circuit-breaker': 'ssot/resilience#CircuitBreaker' } }) });
      const { code, stderr, stdout } = await runSsot(['scan', '-f', 'json'], { cwd: dir });
      expect(code).toBe(0);
      expect(warningsOf(stderr)).toEqual([]);
      const result = JSON.parse(stdout) as ScanResult;
      expect(scanResultSchemaErrors(result)).toEqual([]);
      expect(result.findings).toHaveLength(2);
    },
  );

  it('a project path that matches no finding still warns, naming the config file, line and key', async () => {
    const config = JSON.stringify({ canonical: { retry: 'src/retry-c.ts#retryC', backof: 'src/retry-a.ts#retryA', 'circuit-breaker': 'cockatiel#circuitBreaker' } }, null, 2);
    const dir = await project({ ...twoRetries, 'ssot.config.json': `${config}\n` });
    const { code, stderr } = await runSsot(['scan'], { cwd: dir });
    expect(code).toBe(0);
    expect(warningsOf(stderr)).toEqual([
      'ssot: warning: ssot.config.json:3: canonical.retry = "src/retry-c.ts#retryC" matches no finding of the scan',
      'ssot: warning: ssot.config.json:4: canonical.backof = "src/retry-a.ts#retryA" names no cluster or concept found by the scan',
      'ssot: warning: ssot.config.json:5: canonical.circuit-breaker = "cockatiel#circuitBreaker" matches no finding of the scan and "cockatiel" is neither a dependency of the project nor installed',
    ]);
  });

  it('a package the project declares, but the scan does not take as the target, gets the scanner\'s warning once', async () => {
    const config = JSON.stringify({ canonical: { retry: '@acme/resilience#retry' } }, null, 2);
    const dir = await project({ ...twoRetries, 'ssot.config.json': config });
    const { code, stderr, stdout } = await runSsot(['scan', '-f', 'json'], { cwd: dir });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ScanResult;
    const honoured = result.clusters[0]!.canonical === '@acme/resilience#retry';
    // Whatever the scanner decides, the user hears exactly what it did: silence when honoured, one warning when not.
    expect(warningsOf(stderr)).toEqual(
      honoured ? [] : [expect.stringMatching(/^ssot: warning: ssot\.config\.json:3: canonical\.retry: .*@acme\/resilience#retry/)],
    );
    expect(result.warnings ?? []).toHaveLength(honoured ? 0 : 1);
  });

  it('a reference into the shipped package that it does not export warns, with the closest export', async () => {
    const config = JSON.stringify({ canonical: { retry: 'ssot/resilience#RetryPolicyy', 'circuit-breaker': 'ssot/breakers#CircuitBreaker' } }, null, 2);
    const dir = await project({ ...twoRetries, 'ssot.config.json': config });
    const { code, stderr } = await runSsot(['scan'], { cwd: dir });
    expect(code).toBe(0);
    expect(warningsOf(stderr)).toEqual([
      'ssot: warning: ssot.config.json:3: canonical.retry = "ssot/resilience#RetryPolicyy" names "RetryPolicyy", which "ssot/resilience" does not export (did you mean "RetryPolicy"?)',
      'ssot: warning: ssot.config.json:4: canonical.circuit-breaker = "ssot/breakers#CircuitBreaker" names "ssot/breakers", which the ssot package does not export',
    ]);
  });

  it('a canonical that names a finding is honoured without a warning', async () => {
    const dir = await project({ ...twoRetries, 'package.json': JSON.stringify({ name: 'p', ssot: { canonical: { retry: 'src/retry-b#retryB' } } }) });
    const { stdout, stderr } = await runSsot(['scan', '-f', 'json'], { cwd: dir });
    expect(stderr).toBe('');
    const result = JSON.parse(stdout) as ScanResult;
    expect(result.clusters[0]).toMatchObject({ canonical: 'src/retry-b.ts#retryB', configured: true });
  });

  it('inside package.json the warning path starts at the ssot key', async () => {
    const manifest = JSON.stringify({ name: 'p', ssot: { canonical: { retry: 'src/gone.ts#gone' } } }, null, 2);
    const dir = await project({ ...twoRetries, 'package.json': manifest });
    const { stderr } = await runSsot(['scan'], { cwd: dir });
    expect(warningsOf(stderr)).toEqual(['ssot: warning: package.json:5: ssot.canonical.retry = "src/gone.ts#gone" matches no finding of the scan']);
  });
});

/** A user concept: clients that evaluate feature flags, found by imports, members and names. */
const featureFlagRule = {
  id: 'feature-flag-client',
  description: 'Clients that evaluate feature flags.',
  kind: 'implementation',
  declarations: ['class', 'function', 'object'],
  keywords: ['flag', 'toggle', 'variation'],
  signals: [
    { id: 'sdk', imports: { from: '^(launchdarkly-node-server-sdk|unleash-client)$' }, weight: 0.6 },
    { id: 'flag-members', members: { pattern: '^(isEnabled|getVariation|variation|evaluate)$', min: 2 }, weight: 0.5 },
    { id: 'name', name: 'flag|feature|toggle', weight: 0.3 },
  ],
  threshold: 0.6,
  requires: { anyOf: ['sdk', 'flag-members'] },
  cluster: { by: 'concept' },
};

const featureFlagYaml = `id: feature-flag-client
description: Clients that evaluate feature flags.
kind: implementation
declarations: [class, function, object]
keywords: ['flag', 'toggle', 'variation']
signals:
  - id: sdk
    imports: { from: '^(launchdarkly-node-server-sdk|unleash-client)$' }
    weight: 0.6
  - id: flag-members
    members: { pattern: '^(isEnabled|getVariation|variation|evaluate)$', min: 2 }
    weight: 0.5
  - id: name
    name: 'flag|feature|toggle'
    weight: 0.3
threshold: 0.6
requires:
  anyOf: [sdk, flag-members]
cluster: { by: concept }
`;

const flagProject: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'flags', type: 'module' }),
  'src/flags/ld-flags.js': `import * as LaunchDarkly from 'launchdarkly-node-server-sdk';

export class FeatureFlagClient {
  constructor(key) {
    this.client = LaunchDarkly.init(key);
  }
  isEnabled(flag, user) {
    return this.client.variation(flag, user, false);
  }
}
`,
  'src/flags/toggles.ts': `export class ToggleService {
  constructor(private readonly flags: Record<string, string>) {}
  isEnabled(name: string): boolean {
    return this.flags[name] === 'on';
  }
  evaluate(name: string, fallback: string): string {
    return this.flags[name] ?? fallback;
  }
}
`,
  // Look-alike: a flag icon has the word but evaluates nothing.
  'src/ui/flag-icon.ts': `export function flagIcon(country: string): string {\n  return country.toUpperCase();\n}\n`,
  'src/app.ts': `import { FeatureFlagClient } from './flags/ld-flags.js';\nimport { ToggleService } from './flags/toggles.js';\nexport const flags = [new FeatureFlagClient('k'), new ToggleService({ beta: 'on' })];\n`,
};

describe('a user-declared concept, without TypeScript', () => {
  it.each([
    ['inline in ssot.config.json', { 'ssot.config.json': JSON.stringify({ concepts: [featureFlagRule] }) }],
    ['in a rules folder', { 'ssot.config.json': JSON.stringify({ rulesDir: 'ssot-rules' }), 'ssot-rules/feature-flag-client.yaml': featureFlagYaml }],
  ])('%s is found by the scan', async (_where, config) => {
    const dir = await project({ ...flagProject, ...config });
    const { code, stdout, stderr } = await runSsot(['scan', '-f', 'json', '--concept', 'feature-flag-client', '--fail-on', 'duplicate'], { cwd: dir });
    expect(stderr).toBe('ssot: failing (--fail-on duplicate): 1 duplicate\n');
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as ScanResult;
    expect(result.findings.map((finding) => [finding.id, finding.concept, finding.kind]).sort()).toEqual([
      ['src/flags/ld-flags.js#FeatureFlagClient', 'feature-flag-client', 'implementation'],
      ['src/flags/toggles.ts#ToggleService', 'feature-flag-client', 'implementation'],
    ]);
    expect(result.clusters.map((cluster) => [cluster.id, cluster.members.length])).toEqual([['feature-flag-client', 2]]);
    const table = await runSsot(['scan'], { cwd: dir });
    expect(table.stdout).toContain('feature-flag-client  (1 canonical, 1 duplicate)');
    expect(table.stdout).not.toContain('flagIcon');
  });
});

describe('the bundled demo', () => {
  it('`npm run demo` scans fixtures/agent-backend and prints every built-in concept', async () => {
    // The demo's own command, with the cache off so the test leaves the repository untouched.
    const { code, stdout, stderr } = await runSsot(['scan', 'fixtures/agent-backend', '--no-cache'], { cwd: repoRoot });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const concept of ['retry', 'circuit-breaker', 'backoff', 'retry-config', 'circuit-breaker-config', 'factory:ExecutionEngine', 'reliability-manager']) {
      expect(stdout).toMatch(new RegExp(`^ {2}${concept} {2}\\d+ members, canonical \\S+ \\(configured\\)$`, 'm'));
    }
    expect(stdout).toMatch(/BaseAgent holds 2 members of cluster reliability-manager/);
    expect(stdout).toMatch(/^\d+ files scanned: \d+ findings in 7 concepts, \d+ duplicates/m);
  });

  it('--explain a finding of a copy of agent-backend prints its evidence, importers and cluster', async () => {
    const dir = await fixture('agent-backend');
    const json = JSON.parse((await runSsot(['scan', '-f', 'json'], { cwd: dir })).stdout) as ScanResult;
    expect(scanResultSchemaErrors(json)).toEqual([]);
    expect(json.doubleInitializations.length).toBeGreaterThan(0);
    const duplicate = json.findings.find((finding) => finding.concept === 'retry' && finding.status === 'duplicate' && finding.importers.length > 0)!;
    expect(duplicate).toBeDefined();
    const { code, stdout } = await runSsot(['scan', '--explain', duplicate.id], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout.startsWith(`${duplicate.id}  duplicate\n`)).toBe(true);
    expect(stdout).toContain(`  location    ${duplicate.file}:${duplicate.startLine}-${duplicate.endLine}`);
    expect(stdout).toContain(`Signals (${duplicate.signals.length})`);
    for (const importer of duplicate.importers) expect(stdout).toContain(`\n  ${importer}`);
    expect(stdout).toContain('Cluster retry\n');
    expect(stdout).toContain('canonical src/core/resilience/unified-retry-handler.ts#UnifiedRetryHandler (configured)');
    // The same finding by file:line of its declaration.
    const byLine = await runSsot(['scan', '--explain', `${duplicate.file}:${duplicate.startLine}`], { cwd: dir });
    expect(byLine.stdout).toBe(stdout);
    const missing = await runSsot(['scan', '--explain', 'src/nowhere.ts#nothing'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('ssot: no finding src/nowhere.ts#nothing');
  });

  it('--explain honours --output', async () => {
    const dir = await fixture('agent-backend');
    const id = 'src/core/resilience/unified-retry-handler.ts#UnifiedRetryHandler';
    const { code, stdout } = await runSsot(['scan', '--explain', id, '-o', 'explain.txt'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect((await readFile(join(dir, 'explain.txt'), 'utf8')).startsWith(`${id}  canonical\n`)).toBe(true);
  });
});
