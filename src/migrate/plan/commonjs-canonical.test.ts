/**
 * A CommonJS codebase whose canonical is the module itself (`module.exports = class Breaker {}`): the
 * migrated code must still run under Node, so the shim and the rewritten importers take the module, not
 * a `.Breaker` member it does not have.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitInit, hashTree, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';

const breaker = (name: string, method = 'fire') => `
  constructor(options = {}) {
    this.threshold = options.failureThreshold || 3;
    this.resetTimeout = options.resetTimeout || 1000;
    this.failures = 0;
    this.state = 'closed';
    this.openedAt = 0;
  }
  async ${method}(action) {
    if (this.state === 'open') {
      if (Date.now() - this.openedAt < this.resetTimeout) throw new Error('${name} is open');
      this.state = 'half-open';
    }
    try {
      const result = await action();
      this.failures = 0;
      this.state = 'closed';
      return result;
    } catch (error) {
      this.failures++;
      if (this.state === 'half-open' || this.failures >= this.threshold) {
        this.state = 'open';
        this.openedAt = Date.now();
      }
      throw error;
    }
  }
`;

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'cjs-app', version: '1.0.0' }),
  'ssot.config.json': JSON.stringify({ canonical: { 'circuit-breaker': 'src/breaker.js#Breaker' } }),
  'src/breaker.js': `'use strict';\n\nmodule.exports = class Breaker {${breaker('Breaker')}};\n`,
  'src/legacy-breaker.js': `'use strict';\n\nclass LegacyBreaker {${breaker('LegacyBreaker')}}\n\nmodule.exports = { LegacyBreaker };\n`,
  'src/orders.js': `const Breaker = require('./breaker');\n\nconst breaker = new Breaker({ failureThreshold: 2 });\nexports.place = (order) => breaker.fire(async () => order);\n`,
  'src/payments.js': `const { LegacyBreaker } = require('./legacy-breaker');\n\nconst breaker = new LegacyBreaker({ failureThreshold: 5 });\nexports.charge = (amount) => breaker.fire(async () => amount * 2);\n`,
};

/** The hash of every file of the project, ssot's own `.ssot/` state left out. */
async function projectHashes(dir: string): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await hashTree(dir)).filter(([path]) => !path.startsWith('.ssot/')));
}

/** Runs the migrated modules in a fresh Node process: the answer of each call, or the error. */
function runApp(dir: string): string {
  const script = "Promise.all([require('./src/payments').charge(21), require('./src/orders').place('o-1')]).then((r) => console.log(JSON.stringify(r)), (e) => console.log(String(e)))";
  return execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }).trim();
}

describe('migrating a CommonJS codebase onto a module that exports its class', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(files, 'ssot-cjs-canonical-');
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('writes the imports phase so the code still runs, and undoes it byte for byte', async () => {
    const before = await projectHashes(dir);
    expect(runApp(dir)).toBe('[42,"o-1"]');
    const written = await runSsot(['migrate', '--phase', 'imports', '--write'], { cwd: dir });
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(await projectHashes(dir)).not.toEqual(before);
    expect(runApp(dir)).toBe('[42,"o-1"]');
    const undone = await runSsot(['migrate', '--undo'], { cwd: dir });
    expect(undone.code).toBe(0);
    expect(await projectHashes(dir)).toEqual(before);
  });
});

describe('migrating a CommonJS codebase whose duplicate has another API and is required whole', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        ...files,
        // Another breaker whose method is exec(), required as the module itself.
        'src/legacy-breaker.js': `'use strict';\n\nmodule.exports = class Gate {${breaker('Gate', 'exec')}};\n`,
        'src/payments.js': `const Gate = require('./legacy-breaker');\n\nconst gate = new Gate({ failureThreshold: 5 });\nexports.charge = (amount) => gate.exec(async () => amount * 2);\n`,
      },
      'ssot-cjs-other-api-',
    );
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('blocks the shim and the deletion instead of breaking the code', async () => {
    const plan = await runSsot(['plan', '--format', 'json'], { cwd: dir });
    expect(plan.code).toBe(1);
    const blockers = (JSON.parse(plan.stdout) as { blockers: Array<{ kind: string; file: string }> }).blockers;
    expect(blockers.filter((b) => b.file === 'src/legacy-breaker.js').map((b) => b.kind).sort()).toEqual(['missing-member', 'still-imported']);
    for (const phase of ['imports', 'delete']) {
      const run = await runSsot(['migrate', '--phase', phase, '--write'], { cwd: dir });
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }
    expect(existsSync(join(dir, 'src/legacy-breaker.js'))).toBe(true);
    expect(runApp(dir)).toBe('[42,"o-1"]');
  });
});
