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
const cluster = { id: 'circuit-breaker', members: ['packages/core/src/breaker.ts#Breaker', 'packages/app/src/old-breaker.ts#OldBreaker'] };

let dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs) await removeDir(dir);
  dirs = [];
});

/** A two-package workspace: the canonical in `@acme/core`, a superseded copy and its importer in `@acme/app`. */
async function workspace(coreExports: unknown): Promise<string> {
  const dir = await writeTree({
    'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
    'packages/core/package.json': JSON.stringify({ name: '@acme/core', version: '1.0.0', ...(coreExports === undefined ? {} : { exports: coreExports }) }),
    'packages/core/src/breaker.ts': breaker,
    'packages/core/src/index.ts': `export const version = 1;\n`,
    'packages/app/package.json': JSON.stringify({ name: '@acme/app', version: '1.0.0' }),
    'packages/app/src/old-breaker.ts': oldBreaker,
    'packages/app/src/use.ts': `import { OldBreaker } from './old-breaker.js';\n\nexport const ok = new OldBreaker(1).isCallPermitted();\n`,
  });
  dirs.push(dir);
  return dir;
}

function planOf(dir: string) {
  const graph = { ...simpleGraph(dir), workspaces: [{ name: '@acme/core', dir: 'packages/core' }, { name: '@acme/app', dir: 'packages/app' }] };
  return buildPlan({ result: scanResult(dir, graph, [cluster]), graph, config: testConfig(dir), readFile: reader(dir) });
}

function useImporter(plan: ReturnType<typeof planOf>) {
  return plan.clusters[0]!.superseded[0]!.importers.find((i) => i.file === 'packages/app/src/use.ts');
}

describe('importers in another workspace package than the canonical', () => {
  it('import it by the package name and the subpath its exports expose, never by a relative path into it', async () => {
    const plan = planOf(await workspace({ '.': './dist/index.js', './*': { types: './dist/*.d.ts', default: './dist/*.js' } }));
    expect(useImporter(plan)).toMatchObject({ status: 'rewrite', newSpecifier: '@acme/core/breaker' });
    expect(plan.blockers.filter((b) => b.kind === 'unsupported-import')).toEqual([]);
  });

  it('use an exported entry that re-exports the canonical when the file itself is not exposed', async () => {
    const dir = await workspace({ '.': { types: './dist/index.d.ts', default: './dist/index.js' } });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'packages/core/src/index.ts'), `export { Breaker as CoreBreaker } from './breaker.js';\n`);
    const plan = planOf(dir);
    expect(useImporter(plan)).toMatchObject({ status: 'rewrite', newSpecifier: '@acme/core', bindings: [expect.objectContaining({ newImported: 'CoreBreaker' })] });
  });

  it('are blocked with file:line when the package does not export the canonical', async () => {
    const plan = planOf(await workspace({ '.': './dist/index.js' }));
    expect(useImporter(plan)).toMatchObject({ status: 'blocked' });
    expect(plan.blockers).toContainEqual(expect.objectContaining({ kind: 'unsupported-import', severity: 'error', file: 'packages/app/src/use.ts', line: 1, message: expect.stringContaining('@acme/core') }));
    expect(plan.tasks.filter((t) => t.codemod === 'rewrite-imports' && t.file === 'packages/app/src/use.ts')).toEqual([]);
  });
});

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

describe('export * of a module that forwards other modules', () => {
  it('keeps the star, so the barrel loses none of the names the module forwards', async () => {
    current = await project(
      {
        'src/core/breaker.ts': breaker,
        'src/old/breaker.ts': oldBreaker,
        'src/old/helpers.ts': `export const helper = 1;\n`,
        'src/old/index.ts': `export * from './breaker.js';\nexport * from './helpers.js';\n`,
        'src/index.ts': `export * from './old/index.js';\n`,
        'src/use.ts': `import { helper, OldBreaker } from './index.js';\n\nexport const ok = new OldBreaker(helper).isCallPermitted();\n`,
      },
      [{ id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/old/breaker.ts#OldBreaker'] }],
    );
    current.phase('imports');
    const barrel = readFileSync(join(current.dir, 'src/index.ts'), 'utf8');
    expect(barrel).toContain(`export * from './old/index.js';`);
    expect(readFileSync(join(current.dir, 'src/old/index.ts'), 'utf8')).toContain(`export * from './helpers.js';`);
  });
});

describe('a superseded module whose symbol gets no shim', () => {
  it('has its own imports of other superseded symbols rewritten in the first run, so a second run changes nothing', async () => {
    const otherOld = `export class OtherBreaker {\n  constructor(readonly limit: number) {}\n  open(): boolean {\n    return this.limit < 0;\n  }\n}\n`;
    current = await project(
      {
        'src/core/breaker.ts': breaker,
        'src/old/breaker.ts': oldBreaker,
        // A wrapper over the old breaker with another API and no mapping: its adapter cannot be generated.
        'src/old/other.ts': `import { OldBreaker } from './breaker.js';\n\n${otherOld.replace('constructor(readonly limit: number) {}', 'private readonly inner: OldBreaker;\n  constructor(readonly name: string, readonly limit: { max: number }) {\n    this.inner = new OldBreaker(limit.max);\n  }').replace('return this.limit < 0;', 'return this.name === \'\' || !this.inner.isCallPermitted();')}`,
      },
      [{ id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/old/breaker.ts#OldBreaker', 'src/old/other.ts#OtherBreaker'] }],
    );
    const plan = current.plan();
    const other = plan.clusters[0]!.superseded.find((m) => m.id === 'src/old/other.ts#OtherBreaker')!;
    expect(other.shim).toBeNull();
    const first = current.phase('imports');
    expect(first.result.changes.map((c) => c.path)).toContain('src/old/other.ts');
    expect(readFileSync(join(current.dir, 'src/old/other.ts'), 'utf8')).toContain(`import { Breaker as OldBreaker } from '../core/breaker.js';`);
    const second = current.phase('imports');
    expect(second.result.changes).toEqual([]);
  });
});
