import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MappingConfig } from '../../config/types.js';
import { hashTree, removeDir } from '../../test-utils/fixtures.js';
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

  it('with every field mapped, its creation sites become literals of the canonical with the class defaults, and the class goes', async () => {
    const mapped: Record<string, MappingConfig> = { 'src/settings.ts#RetrySettings': { fields: { retries: 'maxRetries', initialDelayMs: 'baseDelay', retryOn: null } } };
    const withTypes = `import { RetrySettings } from './settings.js';\n\nexport const settings = new RetrySettings({ retries: 5 });\n\nexport function make(base: RetrySettings = new RetrySettings()): RetrySettings[] {\n  return [base, settings];\n}\n`;
    const p = await make(mapped, { 'src/user.ts': withTypes });
    const plan = p.plan();
    expect(plan.blockers.filter((b) => b.severity === 'error')).toEqual([]);
    expect(plan.tasks.filter((t) => t.codemod === 'data-class-construct').map((t) => t.file)).toEqual(['src/user.ts']);
    for (const phase of ['config', 'imports', 'delete']) p.phase(phase);
    expect(readFileSync(join(p.dir, 'src/user.ts'), 'utf8')).toBe(
      `import type { RetryConfig } from './types.js';\n\nexport const settings = { maxRetries: 5, baseDelay: 250 };\n\nexport function make(base: RetryConfig = { maxRetries: 3, baseDelay: 250 }): RetryConfig[] {\n  return [base, settings];\n}\n`,
    );
    expect(existsSync(join(p.dir, 'src/settings.ts'))).toBe(false);
    expect(tsc(p.dir)).toBe('');
  });

  it('keeps the class, with every importer as written, when a use cannot become a literal; each such use is a blocker at its line', async () => {
    const mapped: Record<string, MappingConfig> = { 'src/settings.ts#RetrySettings': { fields: { retries: 'maxRetries', initialDelayMs: 'baseDelay', retryOn: null } } };
    const checks = `import { RetrySettings } from './settings.js';\n\nexport function isSettings(value: unknown): boolean {\n  return value instanceof RetrySettings;\n}\n\nexport function from(init: Partial<RetrySettings>): RetrySettings {\n  return new RetrySettings(init);\n}\n`;
    let p = await make(mapped, { 'src/checks.ts': checks });
    const plan = p.plan();
    const errors = plan.blockers.filter((b) => b.severity === 'error' && b.kind === 'signature-mismatch').map((b) => `${b.file}:${b.line} ${b.message}`);
    expect(errors).toEqual([
      'src/checks.ts:4 instanceof RetrySettings is never true of a plain object of the canonical type',
      'src/checks.ts:8 new RetrySettings(...) cannot become a literal of the canonical type: its init is not an object literal, so which fields it sets is unknown',
      'src/user.ts:1 src/user.ts keeps importing RetrySettings: the class stays while a use elsewhere cannot move (src/checks.ts:4)',
    ]);
    expect(plan.tasks.some((t) => t.codemod === 'data-class-construct')).toBe(false);
    const before = await hashTree(p.dir);
    for (const phase of ['config', 'imports', 'delete']) p.phase(phase);
    expect(await hashTree(p.dir)).toEqual(before);
    expect(tsc(p.dir)).toBe('');
    await removeDir(p.dir);
    // A default naming something of the class's own module means nothing at a creation site elsewhere.
    const local = settings.replace('  retries = 3;', '  retries = DEFAULT_RETRIES;').replace('export class', 'const DEFAULT_RETRIES = 3;\n\nexport class');
    p = await make(mapped, { 'src/settings.ts': local });
    expect(p.plan().blockers).toContainEqual(expect.objectContaining({ kind: 'signature-mismatch', file: 'src/settings.ts', line: 5, message: expect.stringContaining('the default of RetrySettings.retries names DEFAULT_RETRIES of its own module') }));
    await removeDir(p.dir);
    const behaving = settings.replace('  constructor(', '  total(): number {\n    return this.retries + 1;\n  }\n\n  constructor(');
    p = await make(mapped, { 'src/settings.ts': behaving });
    expect(p.plan().blockers).toContainEqual(expect.objectContaining({ kind: 'signature-mismatch', file: 'src/settings.ts', line: 7, message: expect.stringContaining('RetrySettings has the method total, which a plain object of the canonical type would not have') }));
  });
});
