/**
 * A property, key or member that merely has the name of a superseded symbol (`this.RetrySettings`,
 * `{ RetrySettings: true }`, `obj.RetrySettings`, `({ RetrySettings: chosen })`, `get RetrySettings()`)
 * or a local binding that shadows it is not a use of the symbol: uses are resolved as bindings, so
 * such names neither block the move nor keep the superseded code.
 */
import { existsSync, readFileSync } from 'node:fs';
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

const canonical = `export interface RetryConfig {\n  maxRetries: number;\n  baseDelay: number;\n}\n`;
const settings = `/** Retry settings with defaults. */
export class RetrySettings {
  retries = 3;
  initialDelayMs = 250;

  constructor(init: Partial<RetrySettings> = {}) {
    Object.assign(this, init);
  }
}
`;
const sameNames = `import { RetrySettings } from './settings.js';

export interface Flags {
  RetrySettings: boolean;
}

export class Job {
  private readonly RetrySettings: boolean;
  readonly settings = new RetrySettings({ retries: 5 });

  constructor(flags: Flags) {
    this.RetrySettings = flags.RetrySettings;
  }

  get enabled(): boolean {
    return this.RetrySettings;
  }
}

export const defaults: Flags = { RetrySettings: true };

export function pick({ RetrySettings: chosen }: Flags): boolean {
  return chosen;
}

export function shadowed(RetrySettings: number): number {
  return RetrySettings + 1;
}
`;
const cluster = {
  id: 'retry-config',
  members: ['src/types.ts#RetryConfig', 'src/settings.ts#RetrySettings'],
  kinds: { 'src/types.ts#RetryConfig': 'config-type' as const, 'src/settings.ts#RetrySettings': 'config-type' as const },
};
const mappings = { 'src/settings.ts#RetrySettings': { fields: { retries: 'maxRetries', initialDelayMs: 'baseDelay' } } };

describe('names that are not uses of the superseded symbol', () => {
  it('neither block the move nor are rewritten', async () => {
    current = await project({ 'src/types.ts': canonical, 'src/settings.ts': settings, 'src/job.ts': sameNames }, [cluster], { mappings });
    expect(current.plan().blockers.filter((b) => b.severity === 'error')).toEqual([]);
    for (const phase of ['config', 'imports', 'delete']) current.phase(phase);
    const job = readFileSync(join(current.dir, 'src/job.ts'), 'utf8');
    // The import goes, the one construction becomes a literal; every same-named property, key, member
    // and shadowing parameter is as written.
    expect(job).toBe(sameNames.replace("import { RetrySettings } from './settings.js';\n\n", '').replace('new RetrySettings({ retries: 5 })', '{ maxRetries: 5, baseDelay: 250 }'));
    expect(existsSync(join(current.dir, 'src/settings.ts'))).toBe(false);
    expect(tsc(current.dir)).toBe('');
  });
});
