import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

const types = `export interface BreakerConfig {\n  name: string;\n  recoveryTimeoutMs: number;\n  windowSize: number;\n}\n`;
const oldTypes = `export interface CoreConfig {\n  name: string;\n  /** seconds */\n  recoveryTimeout: number;\n}\n`;
/** An agent whose public options hold the old type inside utility types, spread into a local config. */
const agent = `import type { CoreConfig } from './old-types.js';

export interface AgentOptions {
  label?: string;
  circuit?: Partial<Omit<CoreConfig, 'name'>>;
}

export class Agent {
  readonly timeoutMs: number;

  constructor(readonly name: string, options: AgentOptions = {}) {
    const config: CoreConfig = {
      name,
      recoveryTimeout: 60,
      ...options.circuit,
    };
    this.timeoutMs = config.recoveryTimeout * 1000;
  }
}
`;
/** A subclass in another file that hands its options to the base class. */
const worker = `import { Agent, type AgentOptions } from './agent.js';\n\nexport class Worker extends Agent {\n  constructor(options: AgentOptions = {}) {\n    super('worker', options);\n  }\n}\n`;
const cluster = {
  id: 'breaker-config',
  members: ['src/types.ts#BreakerConfig', 'src/old-types.ts#CoreConfig'],
  kinds: { 'src/types.ts#BreakerConfig': 'config-type' as const, 'src/old-types.ts#CoreConfig': 'config-type' as const },
};
const mappings = { 'src/old-types.ts#CoreConfig': { fields: { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000', windowSize: '20' } } };

async function make(files: Record<string, string>): Promise<TestProject> {
  current = await project({ 'src/types.ts': types, 'src/old-types.ts': oldTypes, 'src/agent.ts': agent, 'src/worker.ts': worker, ...files }, [cluster], { mappings });
  return current;
}

const valueEscapes = (blockers: Array<{ kind: string }>): unknown[] => blockers.filter((b) => b.kind === 'value-escapes');

describe('a config type inside a property of another type moves with it', () => {
  it('moves when every write of the property is a literal of the holder type: the literals are converted, the spread keeps its place after the defaults', async () => {
    const app = `import { Agent } from './agent.js';\nimport { Worker } from './worker.js';\n\nexport const fast = new Worker({ circuit: { recoveryTimeout: 5 } });\nexport const named = new Agent('named', { label: 'n', circuit: { recoveryTimeout: 2 } });\nexport const plain = new Agent('plain');\n`;
    // A subclass without a constructor of its own, reached through a barrel: its callers call Agent's.
    const echo = `import { Agent } from './index.js';\n\nclass Echo extends Agent {}\n\nexport const echo = new Echo('echo', { circuit: { recoveryTimeout: 1 } });\n`;
    const p = await make({ 'src/app.ts': app, 'src/index.ts': `export { Agent } from './agent.js';\n`, 'src/echo.ts': echo });
    const plan = p.plan();
    expect(valueEscapes(plan.blockers)).toEqual([]);
    expect(plan.clusters[0]!.superseded[0]!.importers.map((i) => [i.file, i.status])).toEqual([['src/agent.ts', 'rewrite']]);
    // The file that only sets the property gets a task for it, though it never imports the type.
    const appTask = plan.tasks.find((t) => t.codemod === 'rewrite-imports' && t.file === 'src/app.ts');
    expect(appTask?.options).toMatchObject({ moves: [], configProperties: [{ property: 'circuit', fields: { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000' } }] });
    // `Partial<...>`: the literals set as the property need none of the canonical's required fields.
    expect((appTask?.options as { configProperties: Array<{ fieldDefaults?: unknown }> }).configProperties[0]!.fieldDefaults).toBeUndefined();

    p.phase('config');
    p.phase('imports');
    const moved = readFileSync(join(p.dir, 'src/agent.ts'), 'utf8');
    expect(moved).toContain(`import type { BreakerConfig as CoreConfig } from './types.js';`);
    expect(moved).toContain(`circuit?: Partial<Omit<CoreConfig, 'name'>>;`);
    expect(moved).toContain(`      recoveryTimeoutMs: 60 * 1000,\n      windowSize: 20,\n      ...options.circuit,\n`);
    expect(moved).toContain('this.timeoutMs = config.recoveryTimeoutMs;');
    const app2 = readFileSync(join(p.dir, 'src/app.ts'), 'utf8');
    expect(app2).toContain(`new Worker({ circuit: { recoveryTimeoutMs: 5 * 1000 } })`);
    expect(app2).toContain(`new Agent('named', { label: 'n', circuit: { recoveryTimeoutMs: 2 * 1000 } })`);
    expect(readFileSync(join(p.dir, 'src/echo.ts'), 'utf8')).toContain(`new Echo('echo', { circuit: { recoveryTimeoutMs: 1 * 1000 } })`);
    expect(tsc(p.dir)).toBe('');
    expect(p.phase('imports').result.changes).toEqual([]);
  });

  it('a value of the holder type the move cannot read (a call result, a default, one through a subclass) keeps it, with that place as file:line', async () => {
    const load = `import type { AgentOptions } from './agent.js';\n\nexport function loadOptions(): AgentOptions {\n  return JSON.parse('{}') as AgentOptions;\n}\n`;
    let p = await make({ 'src/load.ts': load, 'src/app.ts': `import { loadOptions } from './load.js';\nimport { Worker } from './worker.js';\n\nexport const loaded = new Worker(loadOptions());\n` });
    expect(valueEscapes(p.plan().blockers)).toContainEqual(expect.objectContaining({ file: 'src/app.ts', line: 4, message: expect.stringContaining('loadOptions() is passed to new Worker(...), which takes AgentOptions, and is not an object literal or a AgentOptions the move can follow') }));
    await removeDir(p.dir);

    p = await make({ 'src/load.ts': load, 'src/worker.ts': worker.replace(`options: AgentOptions = {}`, `options: AgentOptions = loadOptions()`).replace(`import { Agent, type AgentOptions } from './agent.js';`, `import { Agent, type AgentOptions } from './agent.js';\nimport { loadOptions } from './load.js';`) });
    expect(valueEscapes(p.plan().blockers)).toContainEqual(expect.objectContaining({ file: 'src/worker.ts', line: 5, message: expect.stringContaining('loadOptions() is the default of a parameter of the holder type') }));
    await removeDir(p.dir);

    const echo = `import { loadOptions } from './load.js';\nimport { Worker } from './worker.js';\n\nclass Echo extends Worker {}\n\nexport const echo = new Echo(loadOptions());\n`;
    p = await make({ 'src/load.ts': load, 'src/echo.ts': echo });
    const plan = p.plan();
    expect(valueEscapes(plan.blockers)).toContainEqual(expect.objectContaining({ file: 'src/echo.ts', line: 6, message: expect.stringContaining('is passed to new Echo(...)') }));
    expect(plan.clusters[0]!.superseded[0]!.importers.map((i) => [i.file, i.status])).toEqual([['src/agent.ts', 'blocked']]);
  });

  it('a holder value built where the move cannot tell its type keeps the type where it is, with that place as file:line', async () => {
    const app = `import { Worker } from './worker.js';\n\nconst settings = { circuit: { recoveryTimeout: 5 } };\nexport const fast = new Worker(settings);\n`;
    const p = await make({ 'src/app.ts': app });
    const plan = p.plan();
    // The caller's place, and the importer's own escape (the options type other files see).
    expect(valueEscapes(plan.blockers)).toEqual([
      expect.objectContaining({ severity: 'error', file: 'src/agent.ts', line: 5 }),
      expect.objectContaining({ severity: 'error', file: 'src/app.ts', line: 4, message: expect.stringContaining('settings is passed to new Worker(...), which takes AgentOptions, and is not an object literal or a AgentOptions the move can follow') }),
    ]);
    expect(plan.clusters[0]!.superseded[0]!.importers.map((i) => [i.file, i.status])).toEqual([['src/agent.ts', 'blocked']]);
    p.phase('config');
    p.phase('imports');
    expect(readFileSync(join(p.dir, 'src/agent.ts'), 'utf8')).toBe(agent);
    expect(readFileSync(join(p.dir, 'src/app.ts'), 'utf8')).toBe(app);
    expect(tsc(p.dir)).toBe('');
  });

  it('a read of the property that goes elsewhere, a value that is not a literal, a key set on another object, or an Omit of a renamed field block it', async () => {
    const other = `export const unrelated = { circuit: { recoveryTimeout: 5 } };\n`;
    const q = await make({ 'src/other.ts': other });
    expect(valueEscapes(q.plan().blockers)).toContainEqual(expect.objectContaining({ file: 'src/other.ts', line: 1, message: expect.stringContaining('circuit is set here on an object the move cannot tell is a AgentOptions') }));
    await removeDir(q.dir);

    const reader = `import type { AgentOptions } from './agent.js';\n\nexport function seconds(options: AgentOptions): number {\n  return options.circuit?.recoveryTimeout ?? 60;\n}\n`;
    let p = await make({ 'src/reader.ts': reader });
    expect(valueEscapes(p.plan().blockers)).toContainEqual(expect.objectContaining({ file: 'src/reader.ts', line: 4, message: expect.stringContaining('options.circuit is read here and goes where the move of AgentOptions.circuit cannot follow it') }));
    await removeDir(p.dir);

    const app = `import { Worker } from './worker.js';\n\nconst loaded = JSON.parse('{}') as { recoveryTimeout: number };\nexport const fast = new Worker({ circuit: loaded });\n`;
    p = await make({ 'src/app.ts': app });
    expect(valueEscapes(p.plan().blockers)).toContainEqual(expect.objectContaining({ file: 'src/app.ts', line: 4, message: expect.stringContaining('AgentOptions.circuit is set here to a value that is not an object literal') }));
    await removeDir(p.dir);

    p = await make({ 'src/agent.ts': agent.replace(`Omit<CoreConfig, 'name'>`, `Omit<CoreConfig, 'recoveryTimeout'>`) });
    expect(valueEscapes(p.plan().blockers)).toContainEqual(expect.objectContaining({ file: 'src/agent.ts', line: 5, message: expect.stringContaining('names the field recoveryTimeout of CoreConfig, which the canonical type calls differently') }));
  });
});
