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

const types = `export interface BreakerConfig {\n  name: string;\n  recoveryTimeoutMs: number;\n}\n`;
/** A superseded config type, a registry only it serves, and an error class other code still uses. */
const oldModule = `export interface CoreConfig {
  name: string;
  recoveryTimeout: number;
}

export class OpenError extends Error {}

export const registry = new Map<string, CoreConfig>();

export function remember(config: CoreConfig): CoreConfig {
  registry.set(config.name, config);
  return config;
}
`;
const user = `import { OpenError } from './old.js';\n\nexport const failure = new OpenError('open');\n`;
const cluster = {
  id: 'breaker-config',
  members: ['src/types.ts#BreakerConfig', 'src/old.ts#CoreConfig'],
  kinds: { 'src/types.ts#BreakerConfig': 'config-type' as const, 'src/old.ts#CoreConfig': 'config-type' as const },
};
const mappings = { 'src/old.ts#CoreConfig': { fields: { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000' } } };

async function make(files: Record<string, string>): Promise<TestProject> {
  current = await project({ 'src/types.ts': types, 'src/old.ts': oldModule, 'src/user.ts': user, ...files }, [cluster], { mappings });
  return current;
}

describe('the delete phase and the code a superseded symbol alone serves', () => {
  it('exported code nothing imports that uses the leaving type goes with it, announced; the rest of the module stays', async () => {
    const p = await make({});
    p.phase('config');
    const plan = p.plan();
    const followers = plan.blockers.filter((b) => b.phase === 'delete' && b.severity === 'warning' && b.message.includes('deleted with it'));
    expect(followers.map((b) => [b.file, b.message])).toEqual([
      ['src/old.ts', 'registry, remember in src/old.ts use CoreConfig and nothing imports them; they are deleted with it'],
    ]);
    p.phase('delete');
    const left = readFileSync(join(p.dir, 'src/old.ts'), 'utf8');
    expect(left).toContain('export class OpenError extends Error {}');
    expect(left).not.toMatch(/CoreConfig|registry|remember/);
    expect(tsc(p.dir)).toBe('');
  });

  it('code another file imports keeps the type it uses, with the line that uses it', async () => {
    const p = await make({ 'src/app.ts': `import { remember } from './old.js';\n\nexport const kept = remember({ name: 'a', recoveryTimeout: 1 });\n` });
    p.phase('config');
    const plan = p.plan();
    expect(plan.blockers).toContainEqual(expect.objectContaining({ kind: 'still-imported', severity: 'error', file: 'src/old.ts', message: expect.stringContaining('CoreConfig is still used by the rest of src/old.ts') }));
    expect(plan.blockers.some((b) => b.message.includes('deleted with it'))).toBe(false);
    p.phase('delete');
    expect(readFileSync(join(p.dir, 'src/old.ts'), 'utf8')).toContain('export function remember(config: CoreConfig): CoreConfig {');
    expect(tsc(p.dir)).toBe('');
  });
});
