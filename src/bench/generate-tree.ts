/**
 * Generates a realistic, deterministic TypeScript/JavaScript monorepo for benchmarks: workspace
 * packages and apps, folders with barrels, tsconfig `paths` and `extends`, services, utilities, React
 * components, types, CommonJS modules, tests, and a small share of concept implementations (retries,
 * breakers, backoff, config types, factories, reliability managers, wrappers, re-export modules, a
 * double initialization) in varied styles. Modules import each other relatively, through aliases and
 * through package names, as real code does.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { conceptModule, type ConceptKind, reExportModule, wrapperModule } from './generate-tree-utils/concepts.js';
import { camel, kebab, pascal, Random } from './generate-tree-utils/random.js';
import {
  barrelModule,
  commonJsModule,
  componentModule,
  type ImportSpec,
  type Module,
  serviceModule,
  testModule,
  typesModule,
  utilModule,
} from './generate-tree-utils/templates.js';

export interface GenerateTreeOptions {
  /** Number of source files to write (barrels included; manifests and configs not counted). */
  files: number;
  seed?: number;
}

export interface GeneratedTree {
  dir: string;
  /** Source files written. */
  files: number;
  /** Concept implementations, wrappers and re-export modules among them. */
  conceptFiles: number;
  /** Source files with ordinary error handling (a `catch`), concept files included. */
  catchFiles: number;
  workspaces: string[];
}

interface Project {
  dir: string;
  /** Package name for workspace packages; apps are not imported by name. */
  name?: string;
  alias?: string;
  share: number;
  weights: Record<ModuleKind, number>;
}

type ModuleKind = 'service' | 'util' | 'component' | 'types' | 'cjs' | 'test' | 'concept';

interface Exported {
  project: Project;
  /** Posix path without extension, relative to the tree root. */
  path: string;
  names: string[];
  kind: ModuleKind | ConceptKind;
  typeOnly: boolean;
}

const PACKAGE_WEIGHTS: Record<ModuleKind, number> = { service: 22, util: 34, component: 0, types: 20, cjs: 6, test: 14, concept: 4 };
const WEB_WEIGHTS: Record<ModuleKind, number> = { service: 6, util: 16, component: 50, types: 10, cjs: 0, test: 14, concept: 4 };
const API_WEIGHTS: Record<ModuleKind, number> = { service: 38, util: 20, component: 0, types: 10, cjs: 10, test: 18, concept: 4 };

const PROJECTS: Project[] = [
  { dir: 'packages/core', name: '@bench/core', share: 0.14, weights: PACKAGE_WEIGHTS },
  { dir: 'packages/utils', name: '@bench/utils', share: 0.12, weights: PACKAGE_WEIGHTS },
  { dir: 'packages/data', name: '@bench/data', share: 0.14, weights: PACKAGE_WEIGHTS },
  { dir: 'packages/ui', name: '@bench/ui', share: 0.1, weights: { ...PACKAGE_WEIGHTS, component: 30, service: 5 } },
  { dir: 'packages/sdk', name: '@bench/sdk', share: 0.1, weights: PACKAGE_WEIGHTS },
  { dir: 'apps/web', alias: '@/', share: 0.22, weights: WEB_WEIGHTS },
  { dir: 'apps/api', alias: '~/', share: 0.18, weights: API_WEIGHTS },
];

const AREAS = ['services', 'utils', 'models', 'features', 'hooks', 'lib', 'adapters', 'handlers', 'domain', 'shared', 'infra', 'clients'];
const CONCEPT_KINDS: ConceptKind[] = ['retry-loop', 'retry-recursive', 'retry-class', 'breaker', 'backoff', 'retry-config', 'breaker-config', 'factory', 'manager'];

function extensionFor(kind: ModuleKind | ConceptKind): string {
  if (kind === 'component') return '.tsx';
  if (kind === 'cjs') return '.js';
  if (kind === 'test') return '.test.ts';
  return '.ts';
}

function relativeSpecifier(fromFile: string, toPath: string, random: Random): string {
  let spec = posix.relative(posix.dirname(fromFile), toPath);
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return random.chance(0.3) ? `${spec}.js` : spec;
}

/** Writes the tree into `dir` (which should be empty) and returns what it wrote. */
export async function generateTree(dir: string, options: GenerateTreeOptions): Promise<GeneratedTree> {
  const random = new Random(options.seed ?? 1);
  const total = Math.max(options.files, PROJECTS.length * 4);
  const out = new Map<string, string>();
  const registry: Exported[] = [];
  let conceptFiles = 0;
  let counter = 0;

  const budgets = PROJECTS.map((p) => Math.max(4, Math.floor(total * p.share)));
  budgets[budgets.length - 1]! += total - budgets.reduce((a, b) => a + b, 0);

  const pickImports = (project: Project, file: string, count: number, typesOnly = false): ImportSpec[] => {
    const specs: ImportSpec[] = [];
    const seen = new Set<string>();
    for (let attempt = 0; attempt < count * 3 && specs.length < count && registry.length > 0; attempt++) {
      const target = registry[Math.floor(random.next() * registry.length)]!;
      if (target.kind === 'test' || target.names.length === 0 || target.path === file.replace(/\.[^./]+(\.ts)?$/, '')) continue;
      if (typesOnly && !target.typeOnly) continue;
      const name = random.pick(target.names);
      if (seen.has(name)) continue;
      let specifier: string;
      if (target.project === project) {
        specifier = project.alias && random.chance(0.35) ? `${project.alias}${posix.relative(`${project.dir}/src`, target.path)}` : relativeSpecifier(file, target.path, random);
      } else if (target.project.name && target.kind !== 'cjs') {
        specifier = target.project.name === '@bench/core' && random.chance(0.4) ? `@bench/core/${posix.relative(`${target.project.dir}/src`, target.path)}` : target.project.name;
      } else {
        continue;
      }
      seen.add(name);
      specs.push({ specifier, names: [name], typeOnly: target.typeOnly || (random.chance(0.1) && target.kind === 'types') });
    }
    return specs;
  };

  const conceptOf = (project: Project, file: string, domain: string): { module: Module; kind: ConceptKind } => {
    const retries = registry.filter((e) => e.kind === 'retry-loop' || e.kind === 'retry-recursive');
    const breakers = registry.filter((e) => e.kind === 'breaker');
    const managers = registry.filter((e) => e.kind === 'manager');
    const roll = random.next();
    if (roll < 0.12 && retries.length > 0) {
      const target = random.pick(retries);
      return { module: wrapperModule(domain, { specifier: relativeSpecifier(file, target.path, random), names: target.names }), kind: 'retry-loop' };
    }
    if (roll < 0.2 && breakers.length > 0) {
      const target = random.pick(breakers);
      return { module: reExportModule({ specifier: relativeSpecifier(file, target.path, random), names: target.names }, 'CircuitBreaker'), kind: 'breaker' };
    }
    if (roll < 0.24 && managers.length >= 2) {
      const [a, b] = [managers[0]!, managers[managers.length - 1]!];
      const text = `import { ${a.names[0]} } from '${relativeSpecifier(file, a.path, random)}';
import { ${b.names[0]} } from '${relativeSpecifier(file, b.path, random)}';

export class ${pascal(domain)}Agent {
  private readonly reliability = new ${a.names[0]}();
  private readonly legacyReliability = new ${b.names[0]}();

  async run(task: () => Promise<string>): Promise<string> {
    return this.reliability.executeWithReliability(() => this.legacyReliability.executeWithReliability(task));
  }
}
`;
      return { module: { text, exports: [`${pascal(domain)}Agent`] }, kind: 'manager' };
    }
    const kind = random.pick(CONCEPT_KINDS);
    return { module: conceptModule(kind, random, domain, pickImports(project, file, random.int(0, 2))), kind };
  };

  for (let p = 0; p < PROJECTS.length; p++) {
    const project = PROJECTS[p]!;
    let remaining = budgets[p]! - 1; // src/index.ts
    const folders: string[] = [];
    while (remaining > 0) {
      const area = `${AREAS[folders.length % AREAS.length]!}${folders.length >= AREAS.length ? Math.floor(folders.length / AREAS.length) : ''}`;
      const folder = `${project.dir}/src/${area}`;
      folders.push(area);
      const size = Math.min(remaining - 1, random.int(6, 16));
      const barrel: Array<{ specifier: string; names?: string[] }> = [];
      for (let i = 0; i < size; i++) {
        const kind = random.weighted(project.weights);
        const domain = `${camel(random, 1)}${++counter}`;
        let module: Module;
        let registered: ModuleKind | ConceptKind = kind;
        const base = `${folder}/${kebab(domain)}${kind === 'concept' ? `-${random.pick(['retry', 'resilience', 'policy', 'breaker', 'helpers'])}` : ''}`;
        const file = `${base}${extensionFor(kind)}`;
        if (kind === 'concept') {
          const concept = conceptOf(project, file, domain);
          module = concept.module;
          registered = concept.kind;
          conceptFiles++;
        } else if (kind === 'test') {
          const targets = registry.filter((e) => e.project === project && e.kind !== 'test' && e.kind !== 'cjs' && e.names.length > 0);
          if (targets.length === 0) {
            module = utilModule(random, domain, []);
            registered = 'util';
          } else {
            const target = random.pick(targets);
            module = testModule(random, { specifier: relativeSpecifier(file, target.path, random), names: target.names.slice(0, 3) });
          }
        } else {
          const deps = pickImports(project, file, random.int(1, 7), kind === 'types');
          const make = { service: serviceModule, util: utilModule, component: componentModule, types: typesModule, cjs: commonJsModule }[kind];
          module = make(random, domain, deps);
        }
        const actualFile = registered === 'util' && kind === 'test' ? `${base}.ts` : file;
        out.set(actualFile, module.text);
        registry.push({ project, path: base, names: module.exports, kind: registered, typeOnly: registered === 'types' || registered === 'retry-config' || registered === 'breaker-config' });
        if (kind !== 'test' && kind !== 'cjs' && module.exports.length > 0) barrel.push({ specifier: `./${posix.basename(base)}` });
      }
      out.set(`${folder}/index.ts`, barrelModule(barrel).text);
      remaining -= size + 1;
    }
    out.set(`${project.dir}/src/index.ts`, barrelModule(folders.map((area) => ({ specifier: `./${area}` }))).text);
  }

  for (const project of PROJECTS) {
    const manifest: Record<string, unknown> = project.name
      ? { name: project.name, version: '1.0.0', main: 'dist/index.js', types: 'dist/index.d.ts' }
      : { name: `bench-${posix.basename(project.dir)}`, private: true };
    if (project.name === '@bench/core') manifest['exports'] = { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './*': './dist/*.js' };
    out.set(`${project.dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    const compilerOptions: Record<string, unknown> = { outDir: 'dist', rootDir: 'src' };
    if (project.alias) compilerOptions['paths'] = { [`${project.alias}*`]: ['./src/*'] };
    out.set(`${project.dir}/tsconfig.json`, `{\n  // generated\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": ${JSON.stringify(compilerOptions)},\n}\n`);
  }
  out.set('package.json', `${JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['packages/*', 'apps/*'] }, null, 2)}\n`);
  out.set('tsconfig.base.json', `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, jsx: 'react-jsx' } }, null, 2)}\n`);
  out.set('tsconfig.json', `${JSON.stringify({ extends: './tsconfig.base.json', files: [] }, null, 2)}\n`);
  out.set('.gitignore', 'dist/\nnode_modules/\n.ssot/\n*.log\n');

  const dirs = new Set([...out.keys()].map((file) => dirname(join(dir, file))));
  for (const folder of [...dirs].sort()) await mkdir(folder, { recursive: true });
  const entries = [...out.entries()];
  for (let i = 0; i < entries.length; i += 256) {
    await Promise.all(entries.slice(i, i + 256).map(([file, text]) => writeFile(join(dir, file), text)));
  }
  const sources = entries.filter(([file]) => /\.(?:ts|tsx|js)$/.test(file));
  const catchFiles = sources.filter(([, text]) => /\bcatch\b/.test(text)).length;
  return { dir, files: sources.length, conceptFiles, catchFiles, workspaces: PROJECTS.filter((p) => p.name).map((p) => p.name!) };
}
