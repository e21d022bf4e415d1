/**
 * The built parser adapter loads the compiler lazily, and the compiler alone for parsing: ts-morph's
 * own modules load only when `Project` is used. Runs the built package in a child `node` process (the
 * tests themselves load ts-morph eagerly, see `vitest.config.ts`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot, runModuleScript } from '../test-utils/fixtures.js';

const runScript = (script: string): Promise<string> => runModuleScript(script);

describe('compiler stand-in', () => {
  it('loads the compiler on first use, and ts-morph only for Project', async () => {
    const adapter = join(repoRoot, 'dist', 'src', 'parser', 'ts.js');
    expect(existsSync(adapter), 'run `npm run build` first (npm test does)').toBe(true);
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(pathToFileURL(adapter).href)});
      const loaded = () => Object.keys(require.cache).filter((path) => require.cache[path].loaded).map((path) => path.split(/[\\\\/]/).pop());
      const parser = await import(${JSON.stringify(pathToFileURL(adapter).href)});
      const atImport = loaded();
      const sourceFile = parser.parseSource('a.ts', 'export const answer: number = 42;');
      const afterParse = loaded();
      const project = new parser.Project({ useInMemoryFileSystem: true });
      const morphFile = project.createSourceFile('b.ts', 'export class B {}');
      process.stdout.write(JSON.stringify({
        atImport,
        afterParse,
        afterProject: loaded(),
        statements: sourceFile.statements.length,
        kindIsStatement: sourceFile.statements[0].kind === parser.ts.SyntaxKind.VariableStatement,
        classes: morphFile.getClasses().map((c) => c.getName()),
        sameKinds: parser.ts.SyntaxKind === require('ts-morph').ts.SyntaxKind,
      }));
    `;
    const result = JSON.parse(await runScript(script)) as Record<string, unknown>;
    expect(result['atImport']).not.toContain('typescript.js');
    expect(result['afterParse']).toContain('typescript.js');
    expect(result['afterParse']).not.toContain('ts-morph-common.js');
    expect(result['afterProject']).toContain('ts-morph-common.js');
    expect(result['statements']).toBe(1);
    expect(result['kindIsStatement']).toBe(true);
    expect(result['classes']).toEqual(['B']);
    expect(result['sameKinds']).toBe(true);
  });
});
