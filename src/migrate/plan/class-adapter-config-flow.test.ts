/**
 * A superseded config type that flows into the constructor of a superseded class kept as an adapter,
 * in another module or in the type's own: the constructor parameter takes the canonical type with the
 * group, the construct template reads the canonical's fields (converted back), and the callers'
 * literals follow. A caller value the converter cannot rewrite keeps everything as written, blocked at
 * the caller's file:line.
 */
import { existsSync, readFileSync } from 'node:fs';
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
  private failures = 0;

  constructor(readonly config: BreakerConfig) {}

  recordFailure(): void {
    this.failures++;
  }

  isOpen(): boolean {
    return this.failures >= this.config.failureThreshold;
  }
}
`;
const oldConfig = (extra = '') => `export type OldConfig = {
  name: string;
  failureThreshold: number;
  /** seconds */
  recoveryTimeout: number;
};
${extra}`;
const ownGuard = `
export class OwnGuard {
  private failures = 0;

  constructor(private readonly config: OldConfig) {}

  recordFailure(): void {
    this.failures++;
  }

  isOpen(): boolean {
    return this.failures >= this.config.failureThreshold;
  }
}
`;
const guard = `import type { OldConfig } from './config.js';

export class Guard {
  private failures = 0;
  private readonly limit: number;

  constructor(label: string, config: OldConfig) {
    this.limit = label.length > 0 ? config.failureThreshold : 0;
  }

  recordFailure(): void {
    this.failures++;
  }

  isOpen(): boolean {
    return this.failures >= this.limit;
  }
}
`;
const app = (extra = '') => `import { Guard } from '../old/guard.js';

export const guard = new Guard('db', { name: 'db', failureThreshold: 3, recoveryTimeout: 2 });
${extra}`;
const ownApp = `import { OwnGuard } from '../old/config.js';

export const own = new OwnGuard({ name: 'own', failureThreshold: 1, recoveryTimeout: 5 });
`;
const guardMembers = { recordFailure: 'this.target.recordFailure()', isOpen: 'this.target.isOpen()' };
const config = {
  canonical: { 'circuit-breaker': 'src/core/breaker.ts#Breaker', 'circuit-breaker-config': 'src/core/breaker.ts#BreakerConfig' },
  mappings: {
    'src/old/guard.ts#Guard': { members: { constructor: 'new $target({ name: $0, failureThreshold: $1.failureThreshold, recoveryTimeoutMs: $1.recoveryTimeout * 1000 })', ...guardMembers } },
    'src/old/config.ts#OwnGuard': { members: { constructor: 'new $target({ name: $0.name, failureThreshold: $0.failureThreshold, recoveryTimeoutMs: $0.recoveryTimeout * 1000 })', ...guardMembers } },
    'src/old/config.ts#OldConfig': { fields: { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000' } },
  },
};

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function make(files: Record<string, string>): Promise<TestProject> {
  const members = ['src/core/breaker.ts#Breaker', ...(files['src/old/guard.ts'] ? ['src/old/guard.ts#Guard'] : []), ...(files['src/old/config.ts']?.includes('OwnGuard') ? ['src/old/config.ts#OwnGuard'] : [])];
  current = await project({ 'src/core/breaker.ts': canonical, ...files }, [
    { id: 'circuit-breaker', members },
    { id: 'circuit-breaker-config', members: ['src/core/breaker.ts#BreakerConfig', 'src/old/config.ts#OldConfig'] },
  ], config);
  return current;
}

const read = (file: string): string => readFileSync(join(current!.dir, file), 'utf8');
const flowBlockers = (p: TestProject) => p.plan().blockers.filter((b) => b.kind === 'value-escapes' && b.symbol === 'src/old/config.ts#OldConfig');

describe('a config type flowing into the constructor of a superseded class adapter', () => {
  it('in another module: the adapter constructor takes the canonical type, its template reads it, the callers\' literals follow, and the old type is deleted', async () => {
    const p = await make({ 'src/old/config.ts': oldConfig(), 'src/old/guard.ts': guard, 'src/app/main.ts': app() });
    expect(flowBlockers(p)).toEqual([]);
    p.phase('config');
    p.phase('imports');
    const adapter = read('src/old/guard.ts');
    expect(adapter).not.toContain("from './config.js'");
    expect(adapter).toMatch(/constructor\(label: string, config: (BreakerConfig|OldConfig)\)/);
    expect(adapter).toContain('recoveryTimeoutMs: config.recoveryTimeoutMs }');
    expect(read('src/app/main.ts')).toContain("new Guard('db', { name: 'db', failureThreshold: 3, recoveryTimeoutMs: 2 * 1000 })");
    expect(tsc(p.dir)).toBe('');
    expect(p.phase('imports').result.changes).toEqual([]);
    p.phase('delete');
    // The module held nothing but the old type.
    expect(existsSync(join(p.dir, 'src/old/config.ts'))).toBe(false);
    expect(tsc(p.dir)).toBe('');
  });

  it('in the type\'s own module: the shim declares the canonical type on the constructor', async () => {
    const p = await make({ 'src/old/config.ts': oldConfig(ownGuard), 'src/app/own.ts': ownApp });
    expect(flowBlockers(p)).toEqual([]);
    p.phase('config');
    p.phase('imports');
    const adapter = read('src/old/config.ts');
    expect(adapter).toMatch(/constructor\(config: BreakerConfig\)/);
    expect(adapter).toContain('recoveryTimeoutMs: config.recoveryTimeoutMs }');
    expect(read('src/app/own.ts')).toContain('new OwnGuard({ name: \'own\', failureThreshold: 1, recoveryTimeoutMs: 5 * 1000 })');
    expect(tsc(p.dir)).toBe('');
    expect(p.phase('imports').result.changes).toEqual([]);
    p.phase('delete');
    expect(read('src/old/config.ts')).not.toMatch(/\bOldConfig\b/);
    expect(read('src/old/config.ts')).toContain('export class OwnGuard');
    expect(tsc(p.dir)).toBe('');
  });

  it('in a module that keeps other exports: its import of the type moves, callers reached through a barrel follow', async () => {
    const kept = `${guard}\nexport interface GuardStats {\n  failures: number;\n}\n`;
    const barrel = `export { Guard } from './old/guard.js';\n`;
    const viaBarrel = `import { Guard } from '../index.js';\n\nexport const edge = new Guard('edge', { name: 'edge', failureThreshold: 2, recoveryTimeout: 1 });\n`;
    const p = await make({ 'src/old/config.ts': oldConfig(), 'src/old/guard.ts': kept, 'src/index.ts': barrel, 'src/app/main.ts': app(), 'src/app/edge.ts': viaBarrel });
    expect(flowBlockers(p)).toEqual([]);
    p.phase('config');
    p.phase('imports');
    const adapter = read('src/old/guard.ts');
    expect(adapter).not.toContain("from './config.js'");
    expect(adapter).toContain('export interface GuardStats');
    expect(adapter).toContain('recoveryTimeoutMs: config.recoveryTimeoutMs }');
    expect(read('src/app/edge.ts')).toContain("new Guard('edge', { name: 'edge', failureThreshold: 2, recoveryTimeoutMs: 1 * 1000 })");
    expect(read('src/app/main.ts')).toContain('recoveryTimeoutMs: 2 * 1000');
    expect(tsc(p.dir)).toBe('');
    expect(p.phase('imports').result.changes).toEqual([]);
  });

  it('a construct template that passes the value on whole keeps the adapter, the type and the callers as written, blocked at the adapter', async () => {
    current = await project({ 'src/core/breaker.ts': canonical, 'src/old/config.ts': oldConfig(), 'src/old/guard.ts': guard, 'src/app/main.ts': app() }, [
      { id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/old/guard.ts#Guard'] },
      { id: 'circuit-breaker-config', members: ['src/core/breaker.ts#BreakerConfig', 'src/old/config.ts#OldConfig'] },
    ], {
      ...config,
      mappings: { ...config.mappings, 'src/old/guard.ts#Guard': { members: { constructor: 'new $target({ name: JSON.stringify($1), failureThreshold: $1.failureThreshold, recoveryTimeoutMs: 1000 })', ...guardMembers } } },
    });
    expect(flowBlockers(current)).toContainEqual(expect.objectContaining({ file: 'src/old/guard.ts', line: 3, message: expect.stringContaining('uses $1 other than by reading its fields') }));
    current.phase('config');
    current.phase('imports');
    expect(read('src/app/main.ts')).toBe(app());
    expect(read('src/old/guard.ts')).toContain('constructor(_label: string, config: OldConfig)');
    expect(read('src/old/guard.ts')).toContain("import type { OldConfig } from './config.js';");
    expect(tsc(current.dir)).toBe('');
  });

  it('a value from elsewhere passed to the adapter keeps the adapter, the type and the callers as written, blocked at the caller', async () => {
    const loaded = `\nexport const loaded = new Guard('x', JSON.parse('{}'));\n`;
    const p = await make({ 'src/old/config.ts': oldConfig(), 'src/old/guard.ts': guard, 'src/app/main.ts': app(loaded) });
    expect(flowBlockers(p)).toContainEqual(expect.objectContaining({ file: 'src/app/main.ts', line: 5, message: expect.stringContaining('is passed to new Guard(...)') }));
    p.phase('config');
    p.phase('imports');
    expect(read('src/app/main.ts')).toBe(app(loaded));
    expect(read('src/old/guard.ts')).toContain('constructor(label: string, config: OldConfig)');
    expect(read('src/old/guard.ts')).toContain("import type { OldConfig } from './config.js';");
    expect(tsc(p.dir)).toBe('');
  });
});
