/**
 * An adapter whose options parameter is typed with a superseded config type of its own module takes the
 * canonical config type instead when every call its importers keep passes a literal of renamable keys:
 * the template reads the canonical's fields and those literals are renamed, so the old type is unused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { renameTemplateReads } from './plan-utils/adapter-parameters.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

const shared = `export interface RetryConfig {
  maxRetries: number;
  baseDelay: number;
}
`;
const canonical = `export async function retry<T>(operation: () => Promise<T>, options: { attempts: number; delayMs: number }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.attempts) throw error;
      await Promise.resolve(options.delayMs);
    }
  }
}
`;
const decorator = `export interface DecoratorOptions {
  retries?: number;
  delayMs?: number;
}

export function retrying(options: DecoratorOptions = {}) {
  return <A extends unknown[], R>(method: (...args: A) => Promise<R>, _context: ClassMethodDecoratorContext) =>
    async function (this: unknown, ...args: A): Promise<R> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await method.apply(this, args);
        } catch (error) {
          if (attempt >= (options.retries ?? 3)) throw error;
        }
      }
    };
}
`;
const user = (argument: string) => `import { retrying } from '../old/decorator.js';

const fromElsewhere = { retries: 1 };

export class Loader {
  @retrying(${argument})
  async load(): Promise<string> {
    return String(fromElsewhere.retries);
  }
}
`;
const config = {
  canonical: { retry: 'src/core/retry.ts#retry', 'retry-config': 'src/types.ts#RetryConfig' },
  mappings: {
    'src/old/decorator.ts#retrying': {
      members: {
        '()': '<A extends unknown[], R>(method: (...args: A) => Promise<R>, _context: ClassMethodDecoratorContext) => function (this: unknown, ...args: A): Promise<R> { return $target(() => method.apply(this, args), { attempts: ($0.retries ?? 3) + 1, delayMs: $0.delayMs ?? 100 }) }',
      },
    },
    'src/old/decorator.ts#DecoratorOptions': { fields: { retries: 'maxRetries', delayMs: 'baseDelay', maxRetries: '3', baseDelay: '100' } },
  },
};
const clusters = [
  { id: 'retry', members: ['src/core/retry.ts#retry', 'src/old/decorator.ts#retrying'] },
  { id: 'retry-config', members: ['src/types.ts#RetryConfig', 'src/old/decorator.ts#DecoratorOptions'] },
];

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

describe('adapter parameters typed with a superseded config type', () => {
  it('become the canonical type when the kept calls pass literals; the literals are renamed', async () => {
    current = await project({ 'src/types.ts': shared, 'src/core/retry.ts': canonical, 'src/old/decorator.ts': decorator, 'src/app/loader.ts': user('{ retries: 2, delayMs: 5 }') }, clusters, config);
    current.phase('imports');
    const adapter = readFileSync(join(current.dir, 'src/old/decorator.ts'), 'utf8');
    expect(adapter).toContain('export function retrying(options: Partial<RetryConfig> = {})');
    expect(adapter).toContain('attempts: (options.maxRetries ?? 3) + 1, delayMs: options.baseDelay ?? 100');
    const loader = readFileSync(join(current.dir, 'src/app/loader.ts'), 'utf8');
    expect(loader).toContain('@retrying({ maxRetries: 2, baseDelay: 5 })');
    // Another object with the old key names is left alone.
    expect(loader).toContain('const fromElsewhere = { retries: 1 };');
    expect(tsc(current.dir)).toBe('');
    // Nothing uses the old type any more: the delete phase removes it.
    expect(current.plan().tasks).toContainEqual(expect.objectContaining({ codemod: 'delete-superseded', file: 'src/old/decorator.ts' }));
  });

  it('keep the old type when a kept call passes something other than a literal', async () => {
    current = await project({ 'src/types.ts': shared, 'src/core/retry.ts': canonical, 'src/old/decorator.ts': decorator, 'src/app/loader.ts': user('fromElsewhere') }, clusters, config);
    current.phase('imports');
    expect(readFileSync(join(current.dir, 'src/old/decorator.ts'), 'utf8')).toContain('export function retrying(options: DecoratorOptions = {})');
    expect(readFileSync(join(current.dir, 'src/app/loader.ts'), 'utf8')).toBe(user('fromElsewhere'));
    expect(tsc(current.dir)).toBe('');
  });

  it('reads of the parameter in the template follow the renames, other placeholders and keys stay', () => {
    expect(renameTemplateReads('f($0.retries ?? $1.retries, $0?.delayMs, $0.other)', 0, { retries: 'maxRetries', delayMs: 'baseDelay' })).toBe('f($0.maxRetries ?? $1.retries, $0?.baseDelay, $0.other)');
  });
});
