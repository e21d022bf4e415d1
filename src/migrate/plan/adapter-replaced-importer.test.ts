/**
 * A module whose superseded class becomes an adapter in the imports phase, and whose old body used
 * another superseded symbol the canonical cannot stand in for: the adapter replaces that body, so
 * those uses do not keep the import. A use the adapter keeps (a signature it copies) still blocks, at
 * its line.
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
/** A superseded breaker whose constructor the canonical's does not match: its importers cannot move. */
const legacy = `export class LegacyBreaker {
  private count = 0;

  constructor(private readonly limit: number) {}

  fail(): void {
    this.count++;
  }

  get tripped(): boolean {
    return this.count >= this.limit;
  }
}
`;
const manager = (extra = '') => `import { LegacyBreaker } from './legacy.js';

export interface ManagerStats {
  failures: number;
}

export class Manager {
  private readonly breaker: LegacyBreaker;

  constructor(name: string) {
    this.breaker = new LegacyBreaker(name.length);
  }

  recordFailure(): void {
    this.breaker.fail();
  }

  isOpen(): boolean {
    return this.breaker.tripped;
  }
${extra}}
`;
const app = `import { Manager } from '../old/manager.js';

export const manager = new Manager('db');
manager.recordFailure();
`;
const config = {
  canonical: { 'circuit-breaker': 'src/core/breaker.ts#Breaker' },
  mappings: { 'src/old/manager.ts#Manager': { members: { constructor: 'new $target({ name: $0, failureThreshold: 3 })', recordFailure: 'this.target.recordFailure()', isOpen: 'this.target.isOpen()', sameAs: 'this.target.isOpen()' } } },
};

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function make(managerText: string): Promise<TestProject> {
  current = await project({ 'src/core/breaker.ts': canonical, 'src/old/legacy.ts': legacy, 'src/old/manager.ts': managerText, 'src/app/main.ts': app }, [
    { id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/old/legacy.ts#LegacyBreaker', 'src/old/manager.ts#Manager'] },
  ], config);
  return current;
}

const read = (file: string): string => readFileSync(join(current!.dir, file), 'utf8');
const legacyBlockers = (p: TestProject) => p.plan().blockers.filter((b) => b.symbol === 'src/old/legacy.ts#LegacyBreaker' && b.file === 'src/old/manager.ts');

describe('an importer whose own superseded class becomes an adapter', () => {
  it('uses inside the body the adapter replaces do not keep the import: the adapter is written and the import goes', async () => {
    const p = await make(manager());
    expect(legacyBlockers(p)).toEqual([]);
    p.phase('imports');
    const adapter = read('src/old/manager.ts');
    expect(adapter).toContain('@ssot-shim src/core/breaker.ts#Breaker');
    // The import moved to the canonical (local name kept), which the adapter builds.
    expect(adapter).not.toContain("from './legacy.js'");
    expect(adapter).toContain("import { Breaker as LegacyBreaker } from '../core/breaker.js';");
    expect(adapter).toContain('export interface ManagerStats');
    expect(tsc(p.dir)).toBe('');
    expect(p.phase('imports').result.changes).toEqual([]);
    // Nothing holds the superseded breaker any more.
    p.phase('delete');
    expect(existsSync(join(p.dir, 'src/old/legacy.ts'))).toBe(false);
    expect(tsc(p.dir)).toBe('');
  });

  it('a signature the adapter keeps still names the symbol: every use keeps blocking, at its line, and the module keeps its import', async () => {
    const kept = `
  sameAs(other: LegacyBreaker): boolean {
    return other.tripped === this.breaker.tripped;
  }
`;
    const p = await make(manager(kept));
    const lines = legacyBlockers(p).map((b) => b.line);
    expect(lines).toContain(23);
    expect(lines).toContain(11);
    p.phase('imports');
    expect(read('src/old/manager.ts')).toContain("import { LegacyBreaker } from './legacy.js';");
    expect(tsc(p.dir)).toBe('');
  });
});
