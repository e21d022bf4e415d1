/**
 * `ssot scan` end to end: the built binary, the real scanner and rules, on small projects written to
 * temp folders. Asserts what a user or a CI job relies on: the JSON contract, exit codes, where the
 * report goes, colour and progress, the other formats, and that a broken file loses nothing else.
 */
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../scan/types.js';
import { removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { scanResultSchemaErrors } from '../../test-utils/scan-result-schema.js';

const retryLoop = `export async function retryA<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
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

const retryRecursive = `// Retries by calling itself until the attempts run out.
export function withRetries(operation, retriesLeft = 5) {
  return operation().catch((error) => {
    if (retriesLeft <= 0) throw error;
    return new Promise((resolve) => setTimeout(resolve, 50)).then(() => withRetries(operation, retriesLeft - 1));
  });
}
`;

/** Two retry implementations, one in TypeScript and one in JavaScript, both imported by app.ts. */
const twoRetries: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'two-retries', type: 'module' }),
  'src/retry-a.ts': retryLoop,
  'src/net/retry-b.js': retryRecursive,
  'src/app.ts': `import { retryA } from './retry-a.js';\nimport { withRetries } from './net/retry-b.js';\n\nexport const a = () => retryA(async () => 1);\nexport const b = () => withRetries(async () => 2);\n`,
  'src/ui/button.ts': `// A "retry" button: calls once per click, no loop.\nexport function onRetryClick(send: () => void) {\n  send();\n}\n`,
};

const dirs: string[] = [];
async function project(files: Record<string, string> = twoRetries): Promise<string> {
  const dir = await writeTree(files, 'ssot-scan-bin-');
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const ANSI = /\u001b\[/;

describe('ssot scan --format json', () => {
  it('prints the documented contract for a project with two retries', async () => {
    const dir = await project();
    const { code, stdout, stderr } = await runSsot(['scan', '--format', 'json'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ScanResult;
    expect(scanResultSchemaErrors(result)).toEqual([]);
    expect(Object.keys(result)).toEqual(['schemaVersion', 'root', 'files', 'findings', 'clusters', 'doubleInitializations', 'errors']);
    expect(result).toMatchObject({ schemaVersion: 1, root: dir.split(sep).join('/'), files: 4, doubleInitializations: [], errors: [] });

    const ids = result.findings.map((finding) => finding.id).sort();
    expect(ids).toEqual(['src/net/retry-b.js#withRetries', 'src/retry-a.ts#retryA']);
    const byId = new Map(result.findings.map((finding) => [finding.id, finding]));
    expect(byId.get('src/retry-a.ts#retryA')).toMatchObject({
      concept: 'retry',
      kind: 'implementation',
      file: 'src/retry-a.ts',
      symbol: 'retryA',
      startLine: 1,
      endLine: 12,
      importers: ['src/app.ts'],
      cluster: 'retry',
    });
    expect(byId.get('src/net/retry-b.js#withRetries')).toMatchObject({
      concept: 'retry',
      kind: 'implementation',
      file: 'src/net/retry-b.js',
      symbol: 'withRetries',
      startLine: 2,
      endLine: 7,
      importers: ['src/app.ts'],
      cluster: 'retry',
    });
    for (const finding of result.findings) {
      expect(finding.confidence).toBeGreaterThanOrEqual(0.5);
      expect(finding.confidence).toBeLessThanOrEqual(1);
      expect(finding.signals).toContain('re-invokes-after-failure');
    }
    expect(result.findings.map((finding) => finding.status).sort()).toEqual(['canonical', 'duplicate']);

    expect(result.clusters).toHaveLength(1);
    const [cluster] = result.clusters;
    expect(cluster).toMatchObject({ id: 'retry', concept: 'retry', members: ids });
    expect(ids).toContain(cluster!.canonical);
    expect(byId.get(cluster!.canonical!)!.status).toBe('canonical');
    expect(cluster!.reason).toMatch(/\S/);
  });
});

describe('ssot scan --fail-on', () => {
  it('exits 1 on duplicates with the reason on stderr, and 0 with none', async () => {
    const dir = await project();
    const failing = await runSsot(['scan', '--fail-on', 'duplicate'], { cwd: dir });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toBe('ssot: failing (--fail-on duplicate): 1 duplicate\n');
    expect(failing.stdout).toContain('retry  (1 canonical, 1 duplicate)');
    const passing = await runSsot(['scan', '--fail-on', 'none'], { cwd: dir });
    expect(passing.code).toBe(0);
    expect(passing.stderr).toBe('');
    expect(passing.stdout).toBe(failing.stdout);
  });
});

describe('an unparsable file', () => {
  const broken = { ...twoRetries, 'src/broken.ts': 'export class Broken {\n  run(: void {\n    for (;;\n' };

  it('is reported in errors and skipped; everything else is scanned', async () => {
    const dir = await project(broken);
    const { code, stdout } = await runSsot(['scan', '-f', 'json'], { cwd: dir });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ScanResult;
    expect(scanResultSchemaErrors(result)).toEqual([]);
    expect(result.errors).toEqual([{ file: 'src/broken.ts', message: expect.stringMatching(/\S/), line: expect.any(Number) }]);
    expect(result.files).toBe(5);
    expect(result.findings.map((finding) => finding.id).sort()).toEqual(['src/net/retry-b.js#withRetries', 'src/retry-a.ts#retryA']);
  });

  it('fails --fail-on error, and shows in the table', async () => {
    const dir = await project(broken);
    const { code, stdout, stderr } = await runSsot(['scan', '--fail-on', 'error'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toBe('ssot: failing (--fail-on error): 1 unparsable file\n');
    expect(stdout).toMatch(/Files that could not be parsed\n {2}src\/broken\.ts:\d+ {2}\S/);
    expect((await runSsot(['scan', '--fail-on', 'error'], { cwd: await project() })).code).toBe(0);
  });
});

describe('where the report goes', () => {
  it('--output writes the file (creating folders) and prints nothing to stdout', async () => {
    const dir = await project();
    const { code, stdout } = await runSsot(['scan', '-f', 'json', '--output', 'reports/scan.json'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const written = JSON.parse(await readFile(join(dir, 'reports/scan.json'), 'utf8')) as ScanResult;
    expect(written.findings).toHaveLength(2);
  });

  it('with no path scans the current folder, and with a path scans that folder', async () => {
    const dir = await project();
    const here = JSON.parse((await runSsot(['scan', '-f', 'json'], { cwd: join(dir, 'src', 'net') })).stdout) as ScanResult;
    expect(here.root).toBe(join(dir, 'src', 'net').split(sep).join('/'));
    expect(here.files).toBe(1);
    expect(here.findings.map((finding) => finding.id)).toEqual(['retry-b.js#withRetries']);
    const there = JSON.parse((await runSsot(['scan', 'src/net', '-f', 'json'], { cwd: dir })).stdout) as ScanResult;
    expect(there.root).toBe(here.root);
    expect(there.findings.map((finding) => finding.id)).toEqual(['retry-b.js#withRetries']);
  });
});

describe('terminal behaviour', () => {
  it('colours only when forced: NO_COLOR gives plain text, FORCE_COLOR gives ANSI codes', async () => {
    const dir = await project();
    const plain = await runSsot(['scan'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '' } });
    expect(plain.stdout).toContain('retry  (1 canonical, 1 duplicate)');
    expect(plain.stdout).not.toMatch(ANSI);
    const piped = await runSsot(['scan'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '' } });
    expect(piped.stdout).not.toMatch(ANSI);
    const forced = await runSsot(['scan'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(ANSI);
    expect(forced.stdout.replace(/\u001b\[[\d;]*m/g, '')).toBe(plain.stdout);
    const json = await runSsot(['scan', '-f', 'json'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(json.stdout).not.toMatch(ANSI);
  });

  it('prints no progress when stderr is not a terminal, even outside CI', async () => {
    const dir = await project();
    const { code, stderr } = await runSsot(['scan'], { cwd: dir, env: { CI: '' } });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('other formats from the binary', () => {
  it('markdown', async () => {
    const { code, stdout } = await runSsot(['scan', '-f', 'markdown'], { cwd: await project() });
    expect(code).toBe(0);
    expect(stdout.startsWith('# ssot scan\n')).toBe(true);
    expect(stdout).toMatch(/\| `src\/retry-a\.ts:1-12` \| `retryA` \| implementation \| 12 \| 1 \| (canonical|duplicate) \|/);
  });

  it('sarif', async () => {
    const { code, stdout } = await runSsot(['scan', '-f', 'sarif'], { cwd: await project() });
    expect(code).toBe(0);
    const sarif = JSON.parse(stdout) as { version: string; $schema: string; runs: Array<{ tool: { driver: { name: string } }; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.tool.driver.name).toBe('ssot');
    // One result per duplicate: the member that is not canonical.
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(sarif.runs[0]!.results[0]!.ruleId).toBe('retry');
    expect(['src/retry-a.ts', 'src/net/retry-b.js']).toContain(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri);
  });

  it('html', async () => {
    const { code, stdout } = await runSsot(['scan', '-f', 'html'], { cwd: await project() });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>/i);
    expect(stdout).toContain('src/retry-a.ts');
    expect(stdout).toContain('withRetries');
    expect(stdout.trimEnd().endsWith('</html>')).toBe(true);
  });
});

describe('usage errors', () => {
  it('an unknown option exits 2 with nothing on stdout', async () => {
    const dir = await project();
    for (const args of [['scan', '--frmat', 'json'], ['--bogus'], ['scna']]) {
      const { code, stdout, stderr } = await runSsot(args, { cwd: dir });
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: unknown (option|command)/);
    }
  });
});
