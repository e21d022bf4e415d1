/**
 * Importers that reach a superseded symbol through a public barrel (`import { X } from '../lib'`) or a
 * package entry keep that import path when it exports the canonical too, instead of moving to a deep
 * path of the canonical module.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../../test-utils/fixtures.js';
import { buildPlan } from './build-plan.js';
import { project, type TestProject } from './test-utils/project.js';
import { reader, scanResult, testConfig } from './test-utils/scan-result.js';
import { simpleGraph } from './test-utils/simple-graph.js';

const breaker = `export class Breaker {\n  constructor(readonly threshold: number) {}\n  isCallPermitted(): boolean {\n    return this.threshold > 0;\n  }\n}\n`;
const oldBreaker = breaker.replace('class Breaker', 'class OldBreaker');
const members = ['src/lib/breaker.ts#Breaker', 'src/lib/old-breaker.ts#OldBreaker'];
const use = `import { OldBreaker } from '../lib';\n\nexport const ok = new OldBreaker(1).isCallPermitted();\n`;

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function barrelProject(barrel: string): Promise<TestProject> {
  current = await project(
    { 'src/lib/breaker.ts': breaker, 'src/lib/old-breaker.ts': oldBreaker, 'src/lib/index.ts': barrel, 'src/app/use.ts': use },
    [{ id: 'circuit-breaker', members }],
  );
  return current;
}

function useImporter(test: TestProject) {
  return test.plan().clusters[0]!.superseded[0]!.importers.find((i) => i.file === 'src/app/use.ts');
}

describe('an importer of a superseded symbol through a barrel', () => {
  it('keeps the barrel specifier when the barrel exports the canonical too', async () => {
    const test = await barrelProject(`export { OldBreaker } from './old-breaker.js';\nexport { Breaker } from './breaker.js';\n`);
    expect(useImporter(test)).toMatchObject({ status: 'rewrite', specifier: '../lib', newSpecifier: '../lib', bindings: [expect.objectContaining({ newImported: 'Breaker' })] });
    test.phase('imports');
    expect(readFileSync(join(test.dir, 'src/app/use.ts'), 'utf8')).toBe(use.replace('{ OldBreaker }', '{ Breaker as OldBreaker }'));
  });

  it('uses the name the barrel exports the canonical under', async () => {
    const test = await barrelProject(`export * from './old-breaker.js';\nexport { Breaker as CircuitBreaker } from './breaker.js';\n`);
    expect(useImporter(test)).toMatchObject({ status: 'rewrite', newSpecifier: '../lib', bindings: [expect.objectContaining({ newImported: 'CircuitBreaker' })] });
  });

  it('moves to the canonical module when the barrel does not export the canonical', async () => {
    const test = await barrelProject(`export { OldBreaker } from './old-breaker.js';\n`);
    expect(useImporter(test)).toMatchObject({ status: 'rewrite', newSpecifier: '../lib/breaker' });
  });

  it('moves to the canonical module when the barrel exports the canonical only as a type', async () => {
    const test = await barrelProject(`export { OldBreaker } from './old-breaker.js';\nexport type { Breaker } from './breaker.js';\n`);
    expect(useImporter(test)).toMatchObject({ status: 'rewrite', newSpecifier: '../lib/breaker' });
  });
});

describe('an importer in another workspace package', () => {
  let dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs) await removeDir(dir);
    dirs = [];
  });

  it('imports the canonical from the package entry when the entry exports it, not from a deep subpath', async () => {
    const dir = await writeTree({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/core/package.json': JSON.stringify({ name: '@acme/core', version: '1.0.0', exports: { '.': './dist/index.js', './*': './dist/*.js' } }),
      'packages/core/src/breaker.ts': breaker,
      'packages/core/src/index.ts': `export { Breaker } from './breaker.js';\n`,
      'packages/app/package.json': JSON.stringify({ name: '@acme/app', version: '1.0.0' }),
      'packages/app/src/old-breaker.ts': oldBreaker,
      'packages/app/src/use.ts': `import { OldBreaker } from './old-breaker.js';\n\nexport const ok = new OldBreaker(1).isCallPermitted();\n`,
    });
    dirs.push(dir);
    const graph = { ...simpleGraph(dir), workspaces: [{ name: '@acme/core', dir: 'packages/core' }, { name: '@acme/app', dir: 'packages/app' }] };
    const cluster = { id: 'circuit-breaker', members: ['packages/core/src/breaker.ts#Breaker', 'packages/app/src/old-breaker.ts#OldBreaker'] };
    const plan = buildPlan({ result: scanResult(dir, graph, [cluster]), graph, config: testConfig(dir), readFile: reader(dir) });
    const importer = plan.clusters[0]!.superseded[0]!.importers.find((i) => i.file === 'packages/app/src/use.ts');
    expect(importer).toMatchObject({ status: 'rewrite', newSpecifier: '@acme/core', bindings: [expect.objectContaining({ newImported: 'Breaker' })] });
    
  });
});
