/**
 * A config data class used by a superseded adapter of its own module: the adapter's constructor
 * parameter moves with the class (its `new Old()` default as the canonical literal, its template
 * reading the canonical's fields), the importers' creation sites become literals, and the class goes
 * with the delete phase. What cannot follow (a caller passing a value of unknown origin, another use of
 * the class in its module) keeps everything as written, blocked at its file:line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

const canonical = `export interface RetryConfig {
  maxRetries: number;
  baseDelay: number;
  retryOn?: (error: unknown) => boolean;
}

export class Retry {
  constructor(readonly name: string, readonly config: RetryConfig) {}

  async execute<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (attempt >= this.config.maxRetries || !(this.config.retryOn?.(error) ?? true)) throw error;
      }
    }
  }
}
`;
const settings = (extra = '') => `/** Retry settings with defaults: callers write new RetrySettings({ retries: 5 }). */
export class RetrySettings {
  retries = 3;
  initialDelayMs = 250;
  retryOn: (error: unknown) => boolean = () => true;

  constructor(init: Partial<RetrySettings> = {}) {
    Object.assign(this, init);
  }
}

export class Retrier {
  constructor(private readonly settings: RetrySettings = new RetrySettings()) {}

  async run<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (attempt >= this.settings.retries || !this.settings.retryOn(error)) throw error;
      }
    }
  }
}
${extra}`;
const app = (extra = '') => `import { Retrier, RetrySettings } from '../old/settings.js';

export const patient = new Retrier(new RetrySettings({ retries: 5 }));
export const plain = new Retrier();

export function make(given: RetrySettings): Retrier {
  return new Retrier(given);
}

export function tries(given: RetrySettings): number {
  return given.retries + 1;
}
${extra}`;
const config = {
  canonical: { retry: 'src/core/retry.ts#Retry', 'retry-config': 'src/core/retry.ts#RetryConfig' },
  mappings: {
    'src/old/settings.ts#Retrier': { members: { constructor: "new $target('retrier', { maxRetries: $0.retries, baseDelay: $0.initialDelayMs, retryOn: (error) => $0.retryOn(error) })", run: 'this.target.execute($0)' } },
    'src/old/settings.ts#RetrySettings': { fields: { retries: 'maxRetries', initialDelayMs: 'baseDelay' } },
  },
};

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function make(files: Record<string, string>): Promise<TestProject> {
  current = await project({ 'src/core/retry.ts': canonical, ...files }, [
    { id: 'retry', members: ['src/core/retry.ts#Retry', 'src/old/settings.ts#Retrier'] },
    { id: 'retry-config', members: ['src/core/retry.ts#RetryConfig', 'src/old/settings.ts#RetrySettings'], kinds: { 'src/core/retry.ts#RetryConfig': 'config-type', 'src/old/settings.ts#RetrySettings': 'config-type' } },
  ], config);
  return current;
}

const read = (file: string): string => readFileSync(join(current!.dir, file), 'utf8');
const errorsOf = (p: TestProject) => p.plan().blockers.filter((b) => b.severity === 'error' && b.symbol === 'src/old/settings.ts#RetrySettings').map((b) => `${b.file}:${b.line} ${b.message}`);

describe('a config data class used by an adapter of its own module', () => {
  it('moves with the adapter: its parameter takes the canonical with the default as a literal, the template reads the canonical, importers build literals, and the class is deleted', async () => {
    const p = await make({ 'src/old/settings.ts': settings(), 'src/app/main.ts': app() });
    expect(errorsOf(p)).toEqual([]);
    p.phase('config');
    p.phase('imports');
    expect(tsc(p.dir)).toBe('');
    const adapter = read('src/old/settings.ts');
    expect(adapter).toContain('constructor(settings: RetryConfig = { maxRetries: 3, baseDelay: 250, retryOn: (() => true) as (error: unknown) => boolean })');
    // The canonical has retryOn only as optional: a value without it behaves as the class's default did.
    expect(adapter).toContain("new Retry('retrier', { maxRetries: settings.maxRetries, baseDelay: settings.baseDelay, retryOn: (error) => (settings.retryOn ?? ((() => true) as (error: unknown) => boolean))(error) })");
    const main = read('src/app/main.ts');
    expect(main).not.toContain('RetrySettings');
    expect(main).toContain('return given.maxRetries + 1;');
    // The adapter stays for its callers (one names its type), now taking literals of the canonical.
    expect(main).toContain('new Retrier({ maxRetries: 5, baseDelay: 250, retryOn: (() => true) as (error: unknown) => boolean })');
    expect(p.phase('imports').result.changes).toEqual([]);
    p.phase('delete');
    expect(existsSync(join(p.dir, 'src/old/settings.ts'))).toBe(true);
    expect(read('src/old/settings.ts')).not.toContain('RetrySettings');
    expect(tsc(p.dir)).toBe('');
  });

  it('stays, every file as written, when a caller passes the adapter a value the move cannot follow; the blocker is at the call', async () => {
    const unknownValue = `\nfunction fromEnv(): RetrySettings {\n  return new RetrySettings({ retries: Number('2') });\n}\n\nexport const configured = new Retrier(fromEnv());\n`;
    const p = await make({ 'src/old/settings.ts': settings(), 'src/app/main.ts': app(unknownValue) });
    const errors = errorsOf(p);
    expect(errors).toContain('src/app/main.ts:18 fromEnv() is passed to Retrier, and only a new RetrySettings(...) or a binding declared with its type moves with the class, so RetrySettings cannot move');
    // Its uses in the adapter stay blockers at their lines, since the adapter keeps the class.
    expect(errors).toContain('src/old/settings.ts:13 src/old/settings.ts itself uses RetrySettings here, and the class cannot be deleted while it does; its importers keep it too');
    expect(p.plan().tasks.some((t) => t.codemod === 'data-class-construct')).toBe(false);
    p.phase('config');
    p.phase('imports');
    expect(read('src/old/settings.ts')).toContain('export class RetrySettings {');
    expect(read('src/old/settings.ts')).toContain('constructor(settings: RetrySettings = new RetrySettings())');
    expect(read('src/app/main.ts')).toContain('given.retries + 1');
    expect(tsc(p.dir)).toBe('');
  });

  it('stays when its module uses it outside the adapter; that use is the blocker, at its line', async () => {
    const p = await make({ 'src/old/settings.ts': settings('\nexport const DEFAULT_SETTINGS = new RetrySettings();\n'), 'src/app/main.ts': app() });
    expect(errorsOf(p)).toContain('src/old/settings.ts:26 src/old/settings.ts itself uses RetrySettings here, and the class cannot be deleted while it does; its importers keep it too');
    expect(errorsOf(p).some((e) => e.startsWith('src/old/settings.ts:13 '))).toBe(false);
    p.phase('config');
    p.phase('imports');
    expect(read('src/app/main.ts')).toContain('new RetrySettings({ retries: 5 })');
    expect(read('src/old/settings.ts')).toContain('constructor(settings: RetrySettings = new RetrySettings())');
    expect(tsc(p.dir)).toBe('');
  });

  it('a recipe of the same run that constructs the class writes the literal instead, and imports no class', async () => {
    const factory = 'export function retrier(tries: number): number {\n  return tries;\n}\n';
    const legacy = "import { retrier } from './factory.js';\n\nexport const legacy = retrier(4);\n";
    const recipes = [{ id: 'retrier', match: 'retrier($n)', replace: 'new Retrier(new RetrySettings({ retries: $n }))', imports: ['src/old/settings.ts#Retrier', 'src/old/settings.ts#RetrySettings'] }];
    current = await project({ 'src/core/retry.ts': canonical, 'src/old/settings.ts': settings(), 'src/app/main.ts': app(), 'src/app/factory.ts': factory, 'src/app/legacy.ts': legacy }, [
      { id: 'retry', members: ['src/core/retry.ts#Retry', 'src/old/settings.ts#Retrier'] },
      { id: 'retry-config', members: ['src/core/retry.ts#RetryConfig', 'src/old/settings.ts#RetrySettings'], kinds: { 'src/core/retry.ts#RetryConfig': 'config-type', 'src/old/settings.ts#RetrySettings': 'config-type' } },
    ], { ...config, recipes });
    const plan = current.plan();
    expect(errorsOf(current)).toEqual([]);
    const task = plan.tasks.find((t) => t.codemod === 'call-recipes' && t.file === 'src/app/legacy.ts')!.options as { recipes: Array<{ replace: string; imports?: Array<{ name: string }> }> };
    expect(task.recipes[0]!.replace).toBe('new Retrier({ maxRetries: $n, baseDelay: 250, retryOn: (() => true) as (error: unknown) => boolean })');
    expect(task.recipes[0]!.imports?.map((i) => i.name)).toEqual(['Retrier']);
    current.phase('config');
    current.phase('imports');
    expect(read('src/app/legacy.ts')).toContain('export const legacy = new Retrier({ maxRetries: 4, baseDelay: 250,');
    expect(read('src/app/legacy.ts')).not.toContain('RetrySettings');
    expect(tsc(current.dir)).toBe('');
  });

  it('stays when a template reads a field the canonical cannot give back; the blocker names the adapter', async () => {
    const p = await make({ 'src/old/settings.ts': settings(), 'src/app/main.ts': app() });
    await removeDir(p.dir);
    const converting = { ...config, mappings: { ...config.mappings, 'src/old/settings.ts#RetrySettings': { fields: { retries: 'maxRetries: $ + 0 * 2', initialDelayMs: 'baseDelay' } } } };
    current = await project({ 'src/core/retry.ts': canonical, 'src/old/settings.ts': settings(), 'src/app/main.ts': app() }, [
      { id: 'retry', members: ['src/core/retry.ts#Retry', 'src/old/settings.ts#Retrier'] },
      { id: 'retry-config', members: ['src/core/retry.ts#RetryConfig', 'src/old/settings.ts#RetrySettings'], kinds: { 'src/core/retry.ts#RetryConfig': 'config-type', 'src/old/settings.ts#RetrySettings': 'config-type' } },
    ], converting);
    expect(errorsOf(current)).toContain('src/old/settings.ts:12 the template of Retrier reads $0.retries, which the canonical cannot give back, so RetrySettings cannot move');
  });
});
