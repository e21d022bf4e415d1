import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MappingConfig } from '../../config/types.js';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

const canonical = `export interface RetryConfig {\n  maxRetries: number;\n  baseDelay: number;\n}\n`;
const settings = `/** Retry settings with defaults: callers write new RetrySettings({ retries: 5 }). */
export class RetrySettings {
  retries = 3;
  initialDelayMs = 250;
  retryOn: (error: unknown) => boolean = () => true;

  constructor(init: Partial<RetrySettings> = {}) {
    Object.assign(this, init);
  }
}
`;
const user = `import { RetrySettings } from './settings.js';\n\nexport const settings = new RetrySettings({ retries: 5 });\n`;
const cluster = {
  id: 'retry-config',
  members: ['src/types.ts#RetryConfig', 'src/settings.ts#RetrySettings'],
  kinds: { 'src/types.ts#RetryConfig': 'config-type' as const, 'src/settings.ts#RetrySettings': 'config-type' as const },
};

async function make(mappings: Record<string, MappingConfig>, files: Record<string, string> = {}): Promise<TestProject> {
  current = await project({ 'src/types.ts': canonical, 'src/settings.ts': settings, 'src/user.ts': user, ...files }, [cluster], { mappings });
  return current;
}

describe('a config type written as a data class', () => {
  it('compares its fields with the canonical: a field without a counterpart is a blocker at its own line, never dropped', async () => {
    const p = await make({ 'src/settings.ts#RetrySettings': { fields: { retries: 'maxRetries', initialDelayMs: 'baseDelay' } } });
    const plan = p.plan();
    const own = plan.blockers.filter((b) => b.file === 'src/settings.ts' && b.severity === 'error');
    expect(own).toContainEqual(expect.objectContaining({ kind: 'missing-field', line: 5, message: 'field retryOn of RetrySettings has no counterpart in src/types.ts#RetryConfig; converting the class would lose it' }));
    // A function-valued field is not suggested onto a number field, nor dropped silently.
    const hint = own.find((b) => b.line === 5)!.hint!;
    expect(hint).not.toContain('maxRetries');
    expect(hint).toContain('"<field of the canonical>" (null would drop it, and what it holds would be lost)');
    // The fields it maps are no blockers: the comparison read the class's fields.
    expect(own.some((b) => b.kind === 'required-field')).toBe(false);
    for (const phase of ['config', 'imports', 'delete']) p.phase(phase);
    expect(readFileSync(join(p.dir, 'src/settings.ts'), 'utf8')).toBe(settings);
    expect(readFileSync(join(p.dir, 'src/user.ts'), 'utf8')).toBe(user);
    expect(tsc(p.dir)).toBe('');
  });

  it('with every field mapped it is still kept, and says so at its line; behaviour in the class is reported where it is', async () => {
    const mapped: Record<string, MappingConfig> = { 'src/settings.ts#RetrySettings': { fields: { retries: 'maxRetries', initialDelayMs: 'baseDelay', retryOn: null } } };
    let p = await make(mapped);
    expect(p.plan().blockers.filter((b) => b.file === 'src/settings.ts' && b.severity === 'error' && b.kind !== 'still-imported')).toEqual([
      expect.objectContaining({ kind: 'signature-mismatch', line: 2, message: expect.stringContaining('its creation sites (new RetrySettings(...)) are not rewritten into literals of the canonical type yet') }),
    ]);
    await removeDir(p.dir);
    const behaving = settings.replace('  constructor(', '  total(): number {\n    return this.retries + 1;\n  }\n\n  constructor(');
    p = await make(mapped, { 'src/settings.ts': behaving });
    expect(p.plan().blockers).toContainEqual(expect.objectContaining({ kind: 'signature-mismatch', file: 'src/settings.ts', line: 7, message: expect.stringContaining('RetrySettings has the method total, which a plain object of the canonical type would not have') }));
  });
});
