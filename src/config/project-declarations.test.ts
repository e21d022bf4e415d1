import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { projectDeclarations } from './project-declarations.js';

describe('projectDeclarations', () => {
  let root: string;
  beforeAll(async () => {
    root = await writeTree(
      {
        'src/engine.ts': 'export class EngineFactory {}\nexport const make$ = () => 1;\n// EngineFactoryOld is only mentioned here\n',
        'src/types.ts': 'export interface RetryConfig { retries: number }\n',
        'src/dir/index.ts': 'export function helper() {}\n',
      },
      'ssot-declarations-',
    );
  });
  afterAll(async () => removeDir(root));

  it.each([
    ['src/engine.ts', 'EngineFactory', true],
    ['src/engine', 'EngineFactory', true],
    ['src/engine.ts', 'make$', true],
    ['src/types', 'RetryConfig', true],
    ['src/engine.ts', 'EngineFactoryOld', false],
    ['src/engine.ts', 'Engine', false],
    ['src/missing.ts', 'EngineFactory', false],
    ['src/dir', 'helper', false],
  ])('%s declares %s: %s', (file, symbol, expected) => {
    expect(projectDeclarations(root)(file, symbol)).toBe(expected);
  });
});
