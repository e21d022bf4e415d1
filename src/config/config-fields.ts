/**
 * The one description of every config field: type, meaning and default. The validator
 * (`validate-config.ts`), the JSON schema (`schema/ssot.config.schema.json`) and the README table
 * are all derived from it.
 */
import { validateRuleDefinition } from '../rules/validate-rule.js';
import type { ErrorIssue } from '../shared/errors.js';
import {
  DEFAULT_BASELINE,
  DEFAULT_CACHE_DIR,
  DEFAULT_EXCLUDE,
  DEFAULT_INCLUDE,
  DEFAULT_MIN_CONFIDENCE,
  DEFAULT_PHASES,
} from './defaults.js';
import { didYouMean } from './did-you-mean.js';
import { formatPath, type FieldSpec, type ObjectSpec, type Segment, type StringFormat } from './field-spec.js';

/** `path#Symbol` or `path#Class.member`: a module path and an exported symbol. */
export const SYMBOL_REF: StringFormat = {
  expected: '"path#Symbol"',
  pattern: '^[^#\\s]+#[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$',
};

/** Concept ids, codemod ids, phase names. */
export const KEBAB_ID: StringFormat = {
  expected: 'a kebab-case id',
  pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
};

const NON_EMPTY: StringFormat = { expected: 'a non-empty string', pattern: '\\S' };

const glob = (description?: string): FieldSpec => ({ kind: 'string', format: { ...NON_EMPTY, expected: 'a glob' }, ...(description ? { description } : {}) });
const globs = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ kind: 'array', items: glob(), itemsNoun: 'globs', description, ...extra }) as FieldSpec;
const symbolRef = (description?: string): FieldSpec => ({ kind: 'string', format: SYMBOL_REF, ...(description ? { description } : {}) });
const renames = (description: string): FieldSpec => ({
  kind: 'record',
  keyName: '<name>',
  description,
  values: { kind: 'union', options: [{ kind: 'string', format: NON_EMPTY }, { kind: 'null' }] },
});
const pathOrPaths = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({
    kind: 'union',
    description,
    options: [
      { kind: 'string', format: { ...NON_EMPTY, expected: 'a path' } },
      { kind: 'array', items: { kind: 'string', format: { ...NON_EMPTY, expected: 'a path' } }, itemsNoun: 'paths' },
    ],
    ...extra,
  }) as FieldSpec;

/** Issues for values of `field` that occur twice in an array of objects. */
function uniqueBy(field: string, noun: string) {
  return (items: Array<Record<string, unknown>>, path: Segment[]): ErrorIssue[] => {
    const seen = new Set<unknown>();
    const issues: ErrorIssue[] = [];
    items.forEach((item, index) => {
      const value = item[field];
      if (value === undefined) return;
      if (seen.has(value)) issues.push({ path: formatPath([...path, index, field]), message: `duplicate ${noun} ${JSON.stringify(value)}` });
      seen.add(value);
    });
    return issues;
  };
}

const codemodId: FieldSpec = {
  kind: 'string',
  format: KEBAB_ID,
  refine: (id: string, path: Segment[], context) =>
    context.codemods.includes(id)
      ? []
      : [{ path: formatPath(path), message: `unknown codemod ${JSON.stringify(id)}${didYouMean(id, context.codemods)}; known: ${context.codemods.join(', ')}` }],
};

const mapping: ObjectSpec = {
  kind: 'object',
  description: 'How a superseded symbol maps onto the canonical.',
  properties: {
    fields: renames('Config field renames for phase 1 converters (`{ "maxRetries": "maxAttempts" }`); `null` drops the field.'),
    members: renames('Method/property renames for phase 2 adapters (`{ "canExecute": "isCallPermitted" }`); `null` drops it. On a canonical retry, `"(inline)"` is the call template for inline retry loops.'),
    options: renames('Option-object key renames at call sites (`{ "retries": "maxAttempts" }`); `null` drops it.'),
  },
};

const recipe: ObjectSpec = {
  kind: 'object',
  description: 'A call-site rewrite used in the `imports` phase.',
  required: ['match', 'replace'],
  properties: {
    id: { kind: 'string', format: NON_EMPTY, description: 'Optional id, shown in plans and reports.' },
    match: { kind: 'string', format: NON_EMPTY, description: 'Call pattern with placeholders: `withDbRetry($op, $opts)`.' },
    replace: { kind: 'string', format: NON_EMPTY, description: "Template: `retryManager.execute($op, { domain: 'database', ...$opts })`." },
    imports: { kind: 'array', items: symbolRef(), itemsNoun: '"path#Symbol" references', description: 'Imports the template needs (`path#Symbol`).' },
    files: globs('Globs restricting the files the recipe applies to.'),
  },
};

const phase: ObjectSpec = {
  kind: 'object',
  description: 'One migration phase.',
  required: ['name', 'codemods'],
  properties: {
    name: { kind: 'string', format: KEBAB_ID, description: 'Phase name, e.g. `config`, `imports`, `delete`.' },
    codemods: { kind: 'array', items: codemodId, itemsNoun: 'codemod ids', description: 'Codemod ids run in this phase, in order.' },
    description: { kind: 'string', description: 'What the phase does, shown in plans.' },
  },
};

const boundary: ObjectSpec = {
  kind: 'object',
  description: 'Files matching `from` must not import files matching `to`.',
  required: ['from', 'to'],
  properties: {
    from: glob('Glob of the importing files.'),
    to: glob('Glob of the files they must not import.'),
    except: globs('Globs of imported files that stay allowed.'),
    message: { kind: 'string', description: 'Shown when the boundary is crossed.' },
  },
};

const conceptDefinition: FieldSpec = {
  kind: 'external',
  typeName: 'concept',
  expected: 'a concept definition',
  description: 'A concept declared inline, in the same format as a rule file.',
  jsonSchema: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', pattern: KEBAB_ID.pattern, description: 'Kebab-case concept id.' } },
  },
  validate: validateRuleDefinition,
};

/** Every field of `SsotConfig`. */
export const configSpec: ObjectSpec = {
  kind: 'object',
  description: 'Configuration of ssot (ssot.config.*, .ssotrc* or the "ssot" key of package.json).',
  properties: {
    $schema: { kind: 'string', description: 'Path or URL of this JSON schema, for editors.' },
    root: {
      kind: 'string',
      format: { ...NON_EMPTY, expected: 'a path' },
      description: 'Scan root, relative to the config file. A path given to `ssot scan` overrides it.',
      defaultText: 'the current directory',
    },
    include: globs('Globs of files to scan (replace the default).', { default: DEFAULT_INCLUDE, minItems: 1 }),
    exclude: globs(`Globs to leave out, added to the ones always left out (${DEFAULT_EXCLUDE.map((g) => `\`${g}\``).join(', ')}).`, { default: [] }),
    gitignore: { kind: 'boolean', description: 'Leave out files that .gitignore files ignore.', default: true },
    tsconfig: pathOrPaths('tsconfig file(s) whose `paths`/`baseUrl` resolve import aliases.', { defaultText: 'discovered per workspace' }),
    workspaces: {
      kind: 'union',
      description: 'Workspace package globs; `false` treats the repository as one package.',
      defaultText: 'from package.json `workspaces` or pnpm-workspace.yaml',
      options: [{ kind: 'boolean' }, { kind: 'array', items: glob(), itemsNoun: 'globs' }],
    },
    scope: { kind: 'enum', values: ['repo', 'workspace'], description: 'Cluster per whole repository or per workspace package.', default: 'repo' },
    minConfidence: {
      kind: 'number',
      minimum: 0,
      maximum: 1,
      description: 'Findings below this confidence are dropped.',
      default: DEFAULT_MIN_CONFIDENCE,
    },
    rules: {
      kind: 'record',
      keyName: '<concept>',
      key: { ...KEBAB_ID, expected: 'a kebab-case concept id' },
      description: 'Turn built-in or declared concepts off or on, or change their minimum confidence.',
      default: {},
      values: {
        kind: 'union',
        options: [
          { kind: 'enum', values: ['off', 'on'] },
          { kind: 'object', properties: { minConfidence: { kind: 'number', minimum: 0, maximum: 1, description: 'Minimum confidence for this concept.' } } },
        ],
      },
    },
    rulesDir: pathOrPaths('Folder(s) of extra rule files (`<id>.yaml`/`.json`), relative to the config file.', { default: [] }),
    concepts: {
      kind: 'array',
      items: conceptDefinition,
      itemsNoun: 'concept definitions',
      description: 'Concepts declared inline, in the same format as rule files.',
      default: [],
      refine: uniqueBy('id', 'concept id'),
    },
    canonical: {
      kind: 'record',
      keyName: '<cluster or concept>',
      key: NON_EMPTY,
      values: symbolRef(),
      description: 'The canonical member per cluster id or concept id, as `path#Symbol` relative to the root.',
      default: {},
    },
    mappings: {
      kind: 'record',
      keyName: '<path#Symbol>',
      key: SYMBOL_REF,
      values: mapping,
      description: 'Per superseded symbol: how its fields, members and options map onto the canonical.',
      default: {},
    },
    recipes: { kind: 'array', items: recipe, itemsNoun: 'recipes', description: 'Call-site rewrites used in the `imports` phase.', default: [] },
    merge: {
      kind: 'array',
      items: { kind: 'string', format: NON_EMPTY },
      itemsNoun: 'references',
      description: 'Superseded factories (`path#Symbol`) or cluster ids whose unique members move into the canonical.',
      default: [],
    },
    phases: {
      kind: 'array',
      items: phase,
      itemsNoun: 'phases',
      description: 'Migration phases, in order (replace the default).',
      default: DEFAULT_PHASES,
      defaultText: DEFAULT_PHASES.map((phase) => `\`${phase.name}\` (${phase.codemods.join(', ')})`).join(', then '),
      refine: uniqueBy('name', 'phase name'),
    },
    forbid: {
      kind: 'object',
      description: 'What `ssot check` forbids.',
      properties: {
        files: globs('Files that must not exist (deleted modules stay deleted).', { default: [] }),
        symbols: {
          kind: 'array',
          items: { kind: 'string', format: NON_EMPTY },
          itemsNoun: 'symbol names',
          description: 'Symbol names (or `path#Symbol`) that must not be declared again.',
          default: [],
        },
        imports: globs('Module specifiers or globs of resolved paths that must not be imported.', { default: [] }),
        boundaries: { kind: 'array', items: boundary, itemsNoun: 'boundaries', description: 'Architecture boundaries.', default: [] },
      },
    },
    max: {
      kind: 'record',
      keyName: '<concept or cluster>',
      key: NON_EMPTY,
      values: { kind: 'number', integer: true, minimum: 0 },
      description: 'Maximum number of implementations per concept or cluster before `ssot check` fails.',
      default: {},
    },
    baseline: { kind: 'string', format: { ...NON_EMPTY, expected: 'a path' }, description: 'Baseline file for `ssot check`, relative to the config file.', default: DEFAULT_BASELINE },
    cache: {
      kind: 'union',
      description: 'Per-file result cache: `false` disables it, `{ "dir": ... }` moves it.',
      default: true,
      options: [
        { kind: 'boolean' },
        {
          kind: 'object',
          properties: { dir: { kind: 'string', format: { ...NON_EMPTY, expected: 'a path' }, description: 'Cache folder, relative to the config file.', default: DEFAULT_CACHE_DIR } },
        },
      ],
    },
    concurrency: {
      kind: 'union',
      description: 'Worker threads for scanning.',
      defaultText: '`auto`: one per core, at most 4',
      options: [
        { kind: 'number', integer: true, minimum: 1 },
        { kind: 'enum', values: ['auto'] },
      ],
    },
  },
};
