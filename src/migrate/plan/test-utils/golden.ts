/**
 * Golden-file harness for codemods: `fixtures/codemods/<id>/<case>.input.<ext>` is transformed with
 * `<case>.options.json` and must equal `<case>.output.<ext>` (or, when `<case>.output.deleted` exists,
 * ask for deletion). Support modules in `_support/` make the output type-check; `<case>.issues.json`
 * lists the issues the codemod must report.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Project, ts } from '../../../parser/ts.js';
import { createCodemodApi, type Codemod, type CodemodIssue, type TransformResult } from '../codemod.js';
import { repoRoot } from '../../../test-utils/fixtures.js';

export interface GoldenCase {
  codemod: string;
  name: string;
  ext: string;
  dir: string;
  input: string;
  /** Expected text, or null when the codemod must ask for deletion. */
  output: string | null;
  options: unknown;
  issues: Array<Partial<CodemodIssue>> | null;
}

export function goldenDir(codemod: string): string {
  return join(repoRoot, 'fixtures', 'codemods', codemod);
}

export function listGoldenCases(codemod: string): GoldenCase[] {
  const dir = goldenDir(codemod);
  if (!existsSync(dir)) return [];
  const cases: GoldenCase[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const match = /^(.*)\.input\.(ts|tsx|js|mjs|cjs)$/.exec(entry);
    if (!match) continue;
    const [, name, ext] = match as unknown as [string, string, string];
    const read = (file: string): string | null => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : null);
    const output = read(`${name}.output.${ext}`);
    if (output === null && !existsSync(join(dir, `${name}.output.deleted`))) throw new Error(`${codemod}/${name}: no output file`);
    const options = read(`${name}.options.json`);
    const issues = read(`${name}.issues.json`);
    cases.push({
      codemod,
      name,
      ext,
      dir,
      input: read(entry)!,
      output,
      options: options === null ? {} : JSON.parse(options),
      issues: issues === null ? null : JSON.parse(issues),
    });
  }
  return cases;
}

/** Runs the codemod on a case's input (path `<case>.<ext>` relative to the case folder). */
export function runCase(
  codemod: Codemod<unknown>,
  golden: GoldenCase,
  text = golden.input,
): { result: TransformResult; issues: CodemodIssue[]; error?: unknown } {
  const api = createCodemodApi();
  try {
    const result = codemod.transform({ path: `${golden.name}.${golden.ext}`, text }, golden.options, api);
    return { result, issues: api.issues };
  } catch (error) {
    return { result: undefined, issues: api.issues, error };
  }
}

/** Type-checks the output with the support modules in an in-memory program; returns the diagnostics as text. */
export function typeCheck(golden: GoldenCase, output: string): string[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noImplicitOverride: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts'],
      types: [],
      isolatedModules: true,
      verbatimModuleSyntax: true,
      allowJs: true,
      checkJs: false,
      skipLibCheck: true,
      noEmit: true,
    },
  });
  const base = '/in-memory/case'; // a virtual folder of the in-memory file system
  const support = join(golden.dir, '_support');
  if (existsSync(support)) {
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else project.createSourceFile(`${base}/_support/${relative(support, full).split('\\').join('/')}`, readFileSync(full, 'utf8'));
      }
    };
    walk(support);
  }
  project.createSourceFile(`${base}/${golden.name}.${golden.ext}`, output);
  return project.getPreEmitDiagnostics().map((d) => {
    const file = d.getSourceFile()?.getFilePath() ?? '';
    const line = d.getLineNumber() ?? 0;
    return `${file.replace(`${base}/`, '')}:${line} ${ts.flattenDiagnosticMessageText(d.getMessageText() as string | ts.DiagnosticMessageChain, '\n')}`;
  });
}
