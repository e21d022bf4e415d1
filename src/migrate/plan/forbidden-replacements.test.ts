/**
 * `.ssot/forbidden.json` after the delete phase removed a module holding symbols of several clusters:
 * every symbol is recorded with its own canonical, and the file with each of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { retryLoopBody } from '../../test-utils/retry-source.js';
import { project, type TestProject } from './test-utils/project.js';

const breaker = (name: string) => `export class ${name} {\n  constructor(readonly threshold: number) {}\n  isCallPermitted(): boolean {\n    return this.threshold > 0;\n  }\n}\n`;
const retry = (name: string) => `export async function ${name}<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {${retryLoopBody({ delay: '10 * attempt', typed: true })}}\n`;

describe('a deleted module that held a breaker and a retry helper', () => {
  let test: TestProject;
  beforeAll(async () => {
    test = await project(
      {
        'src/core/breaker.ts': breaker('Breaker'),
        'src/core/retry.ts': retry('retry'),
        'src/legacy/resilience.ts': `${breaker('LegacyBreaker')}\n${retry('legacyRetry')}`,
      },
      [
        { id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/legacy/resilience.ts#LegacyBreaker'] },
        { id: 'retry', members: ['src/core/retry.ts#retry', 'src/legacy/resilience.ts#legacyRetry'] },
      ],
    );
  });
  afterAll(async () => removeDir(test.dir));

  it('records each symbol with its own replacement, and the file with both', () => {
    const { result } = test.phase('delete');
    expect(result.changes.map((c) => [c.path, c.after === null ? 'deleted' : 'changed'])).toEqual([
      ['.ssot/forbidden.json', 'changed'],
      ['src/legacy/resilience.ts', 'deleted'],
    ]);
    const forbidden = JSON.parse(readFileSync(join(test.dir, '.ssot/forbidden.json'), 'utf8'));
    expect(forbidden.symbols).toEqual([
      { name: 'LegacyBreaker', file: 'src/legacy/resilience.ts', replacement: 'src/core/breaker.ts#Breaker' },
      { name: 'legacyRetry', file: 'src/legacy/resilience.ts', replacement: 'src/core/retry.ts#retry' },
    ]);
    expect(forbidden.files).toEqual([{ path: 'src/legacy/resilience.ts', replacement: 'src/core/breaker.ts#Breaker, src/core/retry.ts#retry' }]);
  });
});
