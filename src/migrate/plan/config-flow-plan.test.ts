import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

const types = `export interface BreakerConfig {\n  name: string;\n  recoveryTimeoutMs: number;\n  windowSize: number;\n}\n`;
const oldTypes = `export interface CoreConfig {\n  name: string;\n  /** seconds */\n  recoveryTimeout: number;\n}\n`;
/** A module whose exported constructor and function take the old type, and pass it on to each other. */
const guard = `import type { CoreConfig } from './old-types.js';

export class Guard {
  readonly timeoutMs: number;

  constructor(readonly agent: string, config: CoreConfig) {
    this.timeoutMs = config.recoveryTimeout * 1000;
  }
}

export function guardFor(agent: string, config?: CoreConfig): Guard {
  return new Guard(agent, config ?? { name: agent, recoveryTimeout: 60 });
}
`;
const agent = `import type { CoreConfig } from './old-types.js';
import { guardFor } from './guard.js';

const settings: CoreConfig = { name: 'agent', recoveryTimeout: 5 };

export const agentGuard = guardFor('agent', settings);
`;
const cluster = {
  id: 'breaker-config',
  members: ['src/types.ts#BreakerConfig', 'src/old-types.ts#CoreConfig'],
  kinds: { 'src/types.ts#BreakerConfig': 'config-type' as const, 'src/old-types.ts#CoreConfig': 'config-type' as const },
};
const mappings = { 'src/old-types.ts#CoreConfig': { fields: { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000', windowSize: '20' } } };

async function make(files: Record<string, string>): Promise<TestProject> {
  current = await project({ 'src/types.ts': types, 'src/old-types.ts': oldTypes, 'src/guard.ts': guard, 'src/agent.ts': agent, ...files }, [cluster], { mappings });
  return current;
}

describe('a config type moved together with the signatures it flows through', () => {
  it('moves when every value reaching them is a literal or a value of the group: literals are written for the canonical, reads follow', async () => {
    const app = `import { Guard, guardFor } from './guard.js';\n\nexport const payments = new Guard('payments', { name: 'payments', recoveryTimeout: 2 });\nexport const search = guardFor('search');\n`;
    const p = await make({ 'src/app.ts': app });
    const plan = p.plan();
    expect(plan.blockers.filter((b) => b.kind === 'value-escapes')).toEqual([]);
    const importers = plan.clusters[0]!.superseded[0]!.importers;
    expect(importers.map((i) => [i.file, i.status])).toEqual([
      ['src/agent.ts', 'rewrite'],
      ['src/guard.ts', 'rewrite'],
    ]);
    // The caller that only passes a literal gets a task for it, though it never imports the type.
    const appTask = plan.tasks.find((t) => t.codemod === 'rewrite-imports' && t.file === 'src/app.ts');
    expect(appTask?.options).toMatchObject({ moves: [], configLiterals: [{ callee: { specifier: './guard.js', name: 'Guard' }, construct: true, index: 1 }] });

    p.phase('config');
    p.phase('imports');
    expect(readFileSync(join(p.dir, 'src/app.ts'), 'utf8')).toContain(`new Guard('payments', { name: 'payments', recoveryTimeoutMs: 2 * 1000, windowSize: 20 });`);
    const moved = readFileSync(join(p.dir, 'src/guard.ts'), 'utf8');
    expect(moved).toContain(`import type { BreakerConfig as CoreConfig } from './types.js';`);
    expect(moved).toContain('this.timeoutMs = config.recoveryTimeoutMs;');
    expect(moved).toContain(`config ?? { name: agent, recoveryTimeoutMs: 60 * 1000, windowSize: 20 }`);
    expect(readFileSync(join(p.dir, 'src/agent.ts'), 'utf8')).toContain(`const settings: CoreConfig = { name: 'agent', recoveryTimeoutMs: 5 * 1000, windowSize: 20 };`);
    expect(tsc(p.dir)).toBe('');
    // Nothing is left for a second run.
    expect(p.phase('imports').result.changes).toEqual([]);
  });

  it('a value that comes from elsewhere keeps the whole group where it is, with the caller as file:line', async () => {
    const load = `import type { CoreConfig } from './old-types.js';\n\nexport function loadConfig(): CoreConfig {\n  return { name: 'loaded', recoveryTimeout: 1 };\n}\n`;
    const app = `import { Guard } from './guard.js';\nimport { loadConfig } from './load.js';\n\nexport const loaded = new Guard('loaded', loadConfig());\n`;
    const p = await make({ 'src/load.ts': load, 'src/app.ts': app });
    const plan = p.plan();
    expect(plan.blockers.filter((b) => b.kind === 'value-escapes' && b.file === 'src/app.ts')).toEqual([
      expect.objectContaining({ severity: 'error', line: 4, message: expect.stringContaining('loadConfig() is passed to new Guard(...), which takes CoreConfig, and is not an object literal the converter can rewrite') }),
    ]);
    // The signatures keep the old type, so the files passing it on keep it too.
    const importers = plan.clusters[0]!.superseded[0]!.importers;
    expect(importers.filter((i) => i.file !== 'src/load.ts').map((i) => [i.file, i.status])).toEqual([
      ['src/agent.ts', 'blocked'],
      ['src/guard.ts', 'blocked'],
    ]);
    expect(plan.tasks.some((t) => t.codemod === 'rewrite-imports' && (t.file === 'src/app.ts' || t.file === 'src/guard.ts'))).toBe(false);
    p.phase('config');
    p.phase('imports');
    expect(readFileSync(join(p.dir, 'src/guard.ts'), 'utf8')).toBe(guard);
    expect(tsc(p.dir)).toBe('');
  });

  it('a parameter passed on to code outside the group keeps it, with the place it leaves', async () => {
    const leaky = guard.replace('    this.timeoutMs = config.recoveryTimeout * 1000;\n', '    this.timeoutMs = config.recoveryTimeout * 1000;\n    remember(config);\n') + `\nconst seen: object[] = [];\n\nfunction remember(value: object): void {\n  seen.push(value);\n}\n`;
    const p = await make({ 'src/guard.ts': leaky });
    const plan = p.plan();
    expect(plan.blockers).toContainEqual(expect.objectContaining({ kind: 'value-escapes', file: 'src/guard.ts', line: 8, message: expect.stringContaining('config is passed on from new Guard(...) to code that does not take part in the move') }));
    expect(plan.clusters[0]!.superseded[0]!.importers.find((i) => i.file === 'src/guard.ts')?.status).toBe('blocked');
  });
});
