/**
 * `ssot check` end to end: the built binary on real temporary git repositories.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, git, gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const RETRY = `export async function retry<T>(operation: () => Promise<T>, attempts = 3, delayMs = 100): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** attempt));
    }
  }
  throw lastError;
}
`;

const LEGACY_RETRY = `export async function fetchWithRetry(url: string, maxRetries = 5): Promise<Response> {
  let tries = 0;
  while (true) {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(\`HTTP \${response.status}\`);
      return response;
    } catch (err) {
      tries += 1;
      if (tries > maxRetries) throw err;
      await new Promise((r) => setTimeout(r, 250 * tries));
    }
  }
}
`;

const NEW_RETRY = `export async function pollJob(id: string, retries = 4): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await loadJob(id);
    } catch (e) {
      if (i >= retries) throw e;
      await new Promise((done) => setTimeout(done, 1000 * (i + 1)));
    }
  }
}

async function loadJob(id: string): Promise<string> {
  return id;
}
`;

async function repo(extra: Record<string, string> = {}): Promise<string> {
  const dir = await writeTree({
    'package.json': '{ "name": "app", "private": true, "type": "module" }\n',
    'ssot.config.json': JSON.stringify({ canonical: { retry: 'src/core/retry.ts#retry' } }, null, 2),
    'src/core/retry.ts': RETRY,
    'src/clients/http.ts': LEGACY_RETRY,
    'src/main.ts': "import { retry } from './core/retry.js';\nimport { fetchWithRetry } from './clients/http.js';\n\nexport const main = () => retry(() => fetchWithRetry('/x'));\n",
    ...extra,
  });
  dirs.push(dir);
  gitInit(dir);
  const baseline = await runSsot(['baseline'], { cwd: dir });
  expect(baseline.code, baseline.stderr).toBe(0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'baseline');
  return dir;
}

async function put(dir: string, file: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), text);
}

async function entries(dir: string): Promise<Array<{ file: string; symbol: string }>> {
  return JSON.parse(await readFile(join(dir, '.ssot/baseline.json'), 'utf8')).entries;
}

describe('ssot check end to end', () => {
  it('passes a clean tree, and the baseline records both retry implementations', async () => {
    const dir = await repo();
    expect((await entries(dir)).map((e) => `${e.file}#${e.symbol}`).sort()).toEqual(['src/clients/http.ts#fetchWithRetry', 'src/core/retry.ts#retry']);
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✔ ssot check passed: 2 findings, 2 baselined/);
  });

  it('fails on a retry loop in a new file, at its location, naming the canonical', async () => {
    const dir = await repo();
    await put(dir, 'src/jobs/poll.ts', `// polling\n${NEW_RETRY}`);
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/jobs/poll.ts:2  error  new retry implementation `pollJob`  → use src/core/retry.ts#retry  (new-finding)');
  });

  it('passes when a baselined implementation is moved and renamed, and reports the move', async () => {
    const dir = await repo();
    await mkdir(join(dir, 'src/net'), { recursive: true });
    git(dir, 'mv', 'src/clients/http.ts', 'src/net/fetch-retry.ts');
    const moved = (await readFile(join(dir, 'src/net/fetch-retry.ts'), 'utf8')).replace('fetchWithRetry', 'getWithRetries');
    await writeFile(join(dir, 'src/net/fetch-retry.ts'), moved);
    await writeFile(join(dir, 'src/main.ts'), "import { retry } from './core/retry.js';\nimport { getWithRetries } from './net/fetch-retry.js';\n\nexport const main = () => retry(() => getWithRetries('/x'));\n");
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('src/net/fetch-retry.ts:1  retry `getWithRetries` (was src/clients/http.ts#fetchWithRetry)');
  });

  it('passes when a baselined implementation is only reformatted', async () => {
    const dir = await repo();
    const text = (await readFile(join(dir, 'src/clients/http.ts'), 'utf8')).replace(/\n/g, '\n\n').replace(/  /g, '\t');
    await writeFile(join(dir, 'src/clients/http.ts'), `/** Fetches with retries. */\n${text}`);
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code, run.stdout).toBe(0);
  });

  it('fails on a copy of a baselined implementation', async () => {
    const dir = await repo();
    await put(dir, 'src/other/http-copy.ts', LEGACY_RETRY);
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/other/http-copy.ts:1  error  new retry implementation `fetchWithRetry`, a copy of baselined `fetchWithRetry` (src/clients/http.ts:1)');
  });

  it('reports a deleted implementation as fixed; --update-baseline shrinks the baseline', async () => {
    const dir = await repo();
    await rm(join(dir, 'src/clients/http.ts'));
    await writeFile(join(dir, 'src/main.ts'), "import { retry } from './core/retry.js';\n\nexport const main = () => retry(async () => 1);\n");
    const before = await runSsot(['check'], { cwd: dir });
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('Fixed: baseline entries that match nothing any more (1)\n  src/clients/http.ts:1  retry implementation `fetchWithRetry`');
    expect((await runSsot(['check', '--strict'], { cwd: dir })).code).toBe(1);
    const update = await runSsot(['check', '--update-baseline'], { cwd: dir });
    expect(update.code).toBe(0);
    expect(update.stderr).toContain('ssot: updated .ssot/baseline.json: 1 entries left (1 fixed removed, 0 moved or changed refreshed)');
    expect((await entries(dir)).map((e) => e.symbol)).toEqual(['retry']);
    expect((await runSsot(['check', '--strict'], { cwd: dir })).code).toBe(0);
  });

  it('does not let the freed entry admit a new implementation', async () => {
    const dir = await repo();
    await rm(join(dir, 'src/clients/http.ts'));
    await put(dir, 'src/jobs/poll.ts', NEW_RETRY);
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/jobs/poll.ts:1');
  });

  it('fails on an import of a deprecation shim, naming the canonical', async () => {
    const dir = await repo({
      'src/legacy/retry.ts': "/**\n * @deprecated Use src/core/retry.ts#retry.\n * @ssot-shim src/core/retry.ts#retry\n */\nexport { retry as legacyRetry } from '../core/retry.js';\n",
    });
    await put(dir, 'src/jobs/run.ts', "import { legacyRetry } from '../legacy/retry.js';\n\nexport const run = () => legacyRetry(async () => 1);\n");
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/jobs/run.ts:1  error  imports `legacyRetry` from the deprecated module src/legacy/retry.ts  → use src/core/retry.ts#retry  (deprecated-import)');
  });

  it('with --changed-since reports only files changed on the branch', async () => {
    const dir = await repo();
    await put(dir, 'src/old/poll.ts', NEW_RETRY);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'unbaselined retry on main');
    git(dir, 'checkout', '-q', '-b', 'feature');
    await put(dir, 'src/new/poll.ts', NEW_RETRY.replace('pollJob', 'pollOther').replace(/1000/, '2000'));
    const all = await runSsot(['check'], { cwd: dir });
    expect(all.stdout).toContain('src/old/poll.ts:1');
    const changed = await runSsot(['check', '--changed-since', 'main', '--format', 'json'], { cwd: dir });
    expect(changed.code).toBe(1);
    const verdict = JSON.parse(changed.stdout);
    expect(verdict.violations.map((v: { file: string }) => v.file)).toEqual(['src/new/poll.ts']);
    expect(verdict.changedSince).toEqual({ ref: 'main', files: ['src/new/poll.ts'] });
    expect(verdict.summary.outsideChanged).toBeGreaterThan(0);
  });

  it('honours a suppression with a reason and rejects one without', async () => {
    const dir = await repo();
    await put(dir, 'src/jobs/poll.ts', `// ssot-ignore retry: polls a queue with its own back-pressure\n${NEW_RETRY}`);
    expect((await runSsot(['check'], { cwd: dir })).code).toBe(0);
    await put(dir, 'src/jobs/poll.ts', `// ssot-ignore retry\n${NEW_RETRY}`);
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/jobs/poll.ts:1  error  ssot-ignore retry gives no reason');
  });

  it('enforces forbidden symbols and boundaries from the config', async () => {
    const dir = await repo({
      'ssot.config.json': JSON.stringify({
        forbid: {
          symbols: ['WebSocketManagerFactory'],
          boundaries: [{ from: 'src/core/**', to: 'src/**', except: ['src/core/**'] }],
        },
      }),
    });
    await put(dir, 'src/ws/factory.ts', 'export class WebSocketManagerFactory {}\n');
    await put(dir, 'src/core/uses-main.ts', "import { main } from '../main.js';\nexport const again = main;\n");
    const run = await runSsot(['check', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const rules = JSON.parse(run.stdout).violations.map((v: { rule: string; file: string; line: number }) => `${v.rule} ${v.file}:${v.line}`);
    expect(rules).toEqual(['boundary src/core/uses-main.ts:1', 'forbidden-symbol src/ws/factory.ts:1']);
  });

  it('writes SARIF to a file and prints the console report', async () => {
    const dir = await repo();
    await put(dir, 'src/jobs/poll.ts', NEW_RETRY);
    const run = await runSsot(['check', '--format', 'sarif', '--output', 'out/ssot.sarif'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('src/jobs/poll.ts:1');
    const log = JSON.parse(await readFile(join(dir, 'out/ssot.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: 'new-finding', locations: [{ physicalLocation: { artifactLocation: { uri: 'src/jobs/poll.ts' }, region: { startLine: 1 } } }] });
  });

  it('prints GitHub annotations with paths from the repository root', async () => {
    const dir = await repo();
    await put(dir, 'src/jobs/poll.ts', NEW_RETRY);
    const run = await runSsot(['check', '--format', 'github'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=src\/jobs\/poll\.ts,line=1,title=ssot new-finding::new retry implementation `pollJob`/m);
  });
});

describe('ssot check on the agent-backend fixture', () => {
  it('passes as baselined, then fails on copied implementations, a forbidden factory and a grown cluster', async () => {
    const dir = await copyFixture('agent-backend');
    dirs.push(dir);
    await writeFile(join(dir, 'ssot.config.json'), JSON.stringify({ forbid: { symbols: ['WebSocketManagerFactory'], files: ['**/websocket_factory.ts'] } }));
    gitInit(dir);
    const baseline = await runSsot(['baseline'], { cwd: dir });
    expect(baseline.code, baseline.stderr).toBe(0);

    // Cap the circuit breakers at today's count, and pick a baselined retry and breaker to copy.
    type Entry = { concept: string; kind: string; file: string; symbol: string; line: number };
    const entries = JSON.parse(await readFile(join(dir, '.ssot/baseline.json'), 'utf8')).entries as Entry[];
    const breakers = entries.filter((e) => e.concept === 'circuit-breaker' && e.kind !== 'wrapper');
    const retry = entries.find((e) => e.concept === 'retry' && e.kind === 'implementation') as Entry;
    const breaker = breakers.find((e) => e.kind === 'implementation') as Entry;
    expect(retry && breaker).toBeTruthy();
    await writeFile(
      join(dir, 'ssot.config.json'),
      JSON.stringify({ forbid: { symbols: ['WebSocketManagerFactory'], files: ['**/websocket_factory.ts'] }, max: { 'circuit-breaker': breakers.length } }),
    );
    const clean = await runSsot(['check', '--strict'], { cwd: dir });
    expect(clean.code, clean.stdout).toBe(0);

    // Copies sit next to their originals, so their relative imports still resolve.
    const copyOf = (file: string) => file.replace(/\.ts$/, '-again.ts');
    await put(dir, copyOf(retry.file), await readFile(join(dir, retry.file), 'utf8'));
    if (breaker.file !== retry.file) await put(dir, copyOf(breaker.file), await readFile(join(dir, breaker.file), 'utf8'));
    await put(dir, 'src/websocket/websocket_factory.ts', 'export class WebSocketManagerFactory {\n  create() {\n    return {};\n  }\n}\n');
    const run = await runSsot(['check', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const violations = (JSON.parse(run.stdout).violations as Array<{ rule: string; file: string; message: string; instead: string | null }>).map(
      (v) => `${v.rule} ${v.file} ${v.message}`,
    );
    expect(violations).toContain(`new-finding ${copyOf(retry.file)} new retry implementation \`${retry.symbol}\`, a copy of baselined \`${retry.symbol}\` (${retry.file}:${retry.line})`);
    expect(violations.some((v) => v.startsWith(`max-exceeded ${copyOf(breaker.file)} circuit-breaker has `) && v.endsWith(`the configured max is ${breakers.length}`))).toBe(true);
    expect(violations).toContain('forbidden-file src/websocket/websocket_factory.ts src/websocket/websocket_factory.ts must not exist (forbid.files: **/websocket_factory.ts)');
    expect(violations).toContain('forbidden-symbol src/websocket/websocket_factory.ts declares WebSocketManagerFactory, forbidden by forbid.symbols');
  });
});

describe('ssot baseline', () => {
  it('is idempotent, prunes without adding, and accepts everything when run plain', async () => {
    const dir = await repo();
    const before = await readFile(join(dir, '.ssot/baseline.json'), 'utf8');
    const again = await runSsot(['baseline'], { cwd: dir });
    expect(again.stdout).toBe('.ssot/baseline.json is up to date (2 entries)\n');
    expect(await readFile(join(dir, '.ssot/baseline.json'), 'utf8')).toBe(before);

    await rm(join(dir, 'src/clients/http.ts'));
    await put(dir, 'src/jobs/poll.ts', NEW_RETRY);
    const pruned = await runSsot(['baseline', '--prune'], { cwd: dir });
    expect(pruned.stdout).toBe('wrote .ssot/baseline.json: 1 entry (+0 -1)\n');
    expect((await entries(dir)).map((e) => e.symbol)).toEqual(['retry']);

    const accepted = await runSsot(['baseline'], { cwd: dir });
    expect(accepted.stdout).toBe('wrote .ssot/baseline.json: 2 entries (+1 -0)\n');
    expect((await runSsot(['check', '--strict'], { cwd: dir })).code).toBe(0);
  });
});
