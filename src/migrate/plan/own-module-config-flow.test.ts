/**
 * The superseded config type's own module keeps code that takes the old type (a wrapper's constructor,
 * a helper's parameter). When those signatures are the type's last uses there, they move with the
 * group: they take the canonical type, their field reads are written for it, the callers' literals
 * follow, and the delete phase can remove the type. A body that cannot follow, or another use of the
 * type in the module, keeps everything as written, with the reason at its file:line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

const canonical = `export interface BreakerConfig {
  name: string;
  failureThreshold: number;
  recoveryTimeoutMs: number;
}

export class Breaker {
  constructor(readonly config: BreakerConfig) {}
}
`;
const wrapper = (body = '    this.resetMs = config.recoveryTimeout * 1000;', extra = '') => `export type OldConfig = {
  name: string;
  failureThreshold: number;
  /** seconds */
  recoveryTimeout: number;
  probe?: boolean;
};

export class SecondsGuard {
  private failures = 0;
  private readonly limit: number;
  private resetMs = 0;

  constructor(config: OldConfig) {
    this.limit = config.failureThreshold;
${body}
  }

  recordFailure(): void {
    this.failures++;
  }

  isOpen(): boolean {
    return this.failures >= this.limit && this.resetMs >= 0;
  }
}

export function describeGuard(label: string, config?: OldConfig): string {
  return config ? \`\${label}: \${config.name} after \${config.failureThreshold}\` : label;
}
${extra}`;
const app = `import { SecondsGuard, describeGuard } from '../old/config.js';

export const guard = new SecondsGuard({ name: 'db', failureThreshold: 3, recoveryTimeout: 2 });
export const text = describeGuard('db', { name: 'db', failureThreshold: 3, recoveryTimeout: 2 });
`;
const config = {
  canonical: { 'circuit-breaker-config': 'src/core/breaker.ts#BreakerConfig' },
  mappings: { 'src/old/config.ts#OldConfig': { fields: { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000', probe: null } } },
};

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function make(configModule: string): Promise<TestProject> {
  current = await project({ 'src/core/breaker.ts': canonical, 'src/old/config.ts': configModule, 'src/app/main.ts': app }, [
    { id: 'circuit-breaker-config', members: ['src/core/breaker.ts#BreakerConfig', 'src/old/config.ts#OldConfig'] },
  ], config);
  return current;
}

const read = (file: string): string => readFileSync(join(current!.dir, file), 'utf8');
const blockersOf = (p: TestProject) => p.plan().blockers.filter((b) => b.symbol === 'src/old/config.ts#OldConfig' && b.severity === 'error');

describe("a config type's own module", () => {
  it('moves the signatures that stay there with the group: retyped, reads converted, callers converted, and the type is deleted', async () => {
    const p = await make(wrapper());
    expect(blockersOf(p)).toEqual([]);
    expect(p.plan().blockers).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'src/old/config.ts', line: 14, message: expect.stringContaining('waits for the imports phase to move those signatures') }));
    p.phase('config');
    p.phase('imports');
    const module = read('src/old/config.ts');
    expect(module).toContain('constructor(config: BreakerConfig)');
    expect(module).toContain('this.resetMs = config.recoveryTimeoutMs;');
    expect(module).toContain('describeGuard(label: string, config?: BreakerConfig)');
    expect(module).toMatch(/import type \{ BreakerConfig \} from '..\/core\/breaker(\.js)?';/);
    expect(read('src/app/main.ts')).toContain("new SecondsGuard({ name: 'db', failureThreshold: 3, recoveryTimeoutMs: 2 * 1000 })");
    expect(read('src/app/main.ts')).toContain("describeGuard('db', { name: 'db', failureThreshold: 3, recoveryTimeoutMs: 2 * 1000 })");
    expect(tsc(p.dir)).toBe('');
    expect(p.phase('imports').result.changes).toEqual([]);
    p.phase('delete');
    const after = read('src/old/config.ts');
    expect(after).not.toMatch(/\bOldConfig\b/);
    expect(after).toContain('export class SecondsGuard');
    expect(after).toContain('export function describeGuard');
    expect(tsc(p.dir)).toBe('');
  });

  it('a body that keeps the value whole keeps every signature and the type, blocked at that line', async () => {
    const body = '    this.resetMs = config.recoveryTimeout * 1000;\n    keep(config);';
    const p = await make(wrapper(body, '\nfunction keep(value: unknown): void {\n  void value;\n}\n'));
    expect(blockersOf(p)).toContainEqual(expect.objectContaining({ kind: 'value-escapes', file: 'src/old/config.ts', line: 17, message: expect.stringContaining('config is passed on from new SecondsGuard(...)') }));
    p.phase('config');
    p.phase('imports');
    expect(read('src/old/config.ts')).toContain('constructor(config: OldConfig)');
    expect(read('src/old/config.ts')).toContain('describeGuard(label: string, config?: OldConfig)');
    expect(read('src/app/main.ts')).toBe(app);
    p.phase('delete');
    expect(read('src/old/config.ts')).toContain('export type OldConfig');
    expect(p.plan().blockers).toContainEqual(expect.objectContaining({ kind: 'still-imported', file: 'src/old/config.ts', message: expect.stringContaining('OldConfig is still used by the rest of src/old/config.ts') }));
    expect(tsc(p.dir)).toBe('');
  });

  it('a read of a field the canonical has no counterpart for keeps everything, blocked at the read', async () => {
    const p = await make(wrapper('    this.resetMs = config.probe ? 0 : config.recoveryTimeout * 1000;'));
    expect(blockersOf(p)).toContainEqual(expect.objectContaining({ file: 'src/old/config.ts', line: 16, message: expect.stringContaining('reads config.probe, which has no counterpart in the canonical') }));
    p.phase('config');
    p.phase('imports');
    expect(read('src/old/config.ts')).toContain('constructor(config: OldConfig)');
    expect(read('src/app/main.ts')).toBe(app);
    expect(tsc(p.dir)).toBe('');
  });

  it('another use of the type in the module (a return type) moves nothing: the type stays, an error of the delete phase at its first use', async () => {
    const extra = `\nexport function defaults(): OldConfig {\n  return { name: 'default', failureThreshold: 5, recoveryTimeout: 60 };\n}\n`;
    const p = await make(wrapper(undefined, extra));
    const plan = p.plan();
    expect(plan.tasks.some((t) => (t.options as { configOwnSlots?: unknown[] }).configOwnSlots !== undefined)).toBe(false);
    p.phase('config');
    p.phase('imports');
    expect(read('src/old/config.ts')).toContain('constructor(config: OldConfig)');
    expect(read('src/app/main.ts')).toBe(app);
    p.phase('delete');
    expect(read('src/old/config.ts')).toContain('export type OldConfig');
    const firstUse = read('src/old/config.ts').split('\n').indexOf('  constructor(config: OldConfig) {') + 1;
    expect(firstUse).toBeGreaterThan(0);
    expect(p.plan().blockers).toContainEqual(expect.objectContaining({ kind: 'still-imported', severity: 'error', file: 'src/old/config.ts', line: firstUse, message: expect.stringContaining('OldConfig is still used by the rest of src/old/config.ts') }));
    expect(tsc(p.dir)).toBe('');
  });
});
