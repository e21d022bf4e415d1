import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { defaultLoaders } from 'cosmiconfig';
import { configKeyPlace } from '../config/config-location.js';
import type { ResolvedConfig } from '../config/types.js';
import { SsotError, type ErrorIssue } from '../shared/errors.js';
import { packageInfo } from '../shared/package-root.js';
import { didYouMean } from './did-you-mean.js';
import type { RuleDefinition } from './types.js';
import { validateRuleDefinition } from './validate-rule.js';

/** The concepts a scan looks for: plain data, so it can be sent to worker threads and hashed. */
export interface RuleSet {
  /** Built-in rules, rule folders and inline concepts, with the config's overrides applied. */
  definitions: RuleDefinition[];
  /** Stable hash of the definitions: part of the per-file cache key. */
  hash: string;
}

const RULE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

interface LoadedRule {
  definition: RuleDefinition;
  /** Where it came from, for messages: a file path or `concepts[2]`. */
  where: string;
}

function display(root: string, file: string): string {
  const rel = relative(root, file);
  return (rel && !rel.startsWith('..') ? rel : file).split(sep).join('/');
}

async function parseRuleFile(file: string, shown: string, issues: ErrorIssue[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    issues.push({ path: shown, message: `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  // Editors on Windows start UTF-8 files with a byte-order mark, which JSON.parse rejects.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    if (extname(file) === '.json') return JSON.parse(text) as unknown;
    return (await defaultLoaders['.yaml'](file, text)) as unknown;
  } catch (error) {
    issues.push({ path: shown, message: `cannot parse: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/** Reads every rule file of one folder; the id must equal the file name. */
async function loadFolder(dir: string, shownDir: string, root: string, issues: ErrorIssue[]): Promise<LoadedRule[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((name) => RULE_EXTENSIONS.has(extname(name))).sort();
  } catch (error) {
    issues.push({ path: shownDir, message: `cannot read rules folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    return [];
  }
  const loaded: LoadedRule[] = [];
  for (const name of entries) {
    const file = join(dir, name);
    const shown = display(root, file);
    const value = await parseRuleFile(file, shown, issues);
    if (value === undefined) continue;
    const problems = validateRuleDefinition(value, shown);
    const id = basename(name, extname(name));
    const definition = value as RuleDefinition;
    if (problems.length === 0 && definition.id !== id) {
      problems.push({ path: `${shown}: id`, message: `"${definition.id}" must equal the file name "${id}"` });
    }
    issues.push(...problems);
    if (problems.length === 0) loaded.push({ definition, where: shown });
  }
  return loaded;
}

/** The built-in rules shipped in the package's `rules/` folder. */
export async function loadBuiltinRules(): Promise<RuleDefinition[]> {
  const root = packageInfo().root;
  const issues: ErrorIssue[] = [];
  const loaded = await loadFolder(join(root, 'rules'), 'rules', root, issues);
  if (issues.length > 0) throw new SsotError('rule', 'invalid built-in rules', issues);
  return loaded.map((rule) => rule.definition);
}

/** Stable JSON (sorted keys), so the hash does not depend on key order in the files. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Loads and validates every rule the config enables: the built-in `rules/*.yaml`, the `rulesDir`
 * folders and the inline `concepts`. A user rule with a built-in id replaces it; the same id twice among
 * user rules is an error. `rules` overrides (`off`, `{ minConfidence }`) and the global `minConfidence`
 * are applied. Throws `SsotError('rule', ...)` listing every problem of every file.
 */
export async function loadRuleSet(config: ResolvedConfig): Promise<RuleSet> {
  const packageRoot = packageInfo().root;
  const issues: ErrorIssue[] = [];
  const builtin = await loadFolder(join(packageRoot, 'rules'), 'rules', packageRoot, issues);

  const user: LoadedRule[] = [];
  for (const dir of config.rulesDir) {
    const absolute = resolve(config.root, dir);
    user.push(...(await loadFolder(absolute, display(config.root, absolute), config.root, issues)));
  }
  const configName = config.configFile ? display(config.root, config.configFile) : 'config';
  config.concepts.forEach((concept, index) => {
    const where = `${configName}: concepts[${index}]`;
    const problems = validateRuleDefinition(concept, where);
    issues.push(...problems);
    if (problems.length === 0) user.push({ definition: concept, where });
  });

  const byId = new Map<string, LoadedRule>();
  for (const rule of builtin) byId.set(rule.definition.id, rule);
  const userIds = new Map<string, string>();
  for (const rule of user) {
    const previous = userIds.get(rule.definition.id);
    if (previous) {
      issues.push({ path: rule.where, message: `duplicate concept id "${rule.definition.id}" (also defined in ${previous})` });
      continue;
    }
    userIds.set(rule.definition.id, rule.where);
    byId.set(rule.definition.id, rule);
  }

  const known = [...byId.keys()];
  // `rules.<id>` at the line it is written on, like the config's own validation errors.
  const ruleKey = (id: string): string => {
    if (!config.configFile) return `${configName}: rules.${id}`;
    const { path, line } = configKeyPlace(config.configFile, ['rules', id]);
    return `${configName}${line !== undefined ? `:${line}` : ''}: ${path}`;
  };
  for (const [id, override] of Object.entries(config.rules)) {
    if (!byId.has(id)) issues.push({ path: ruleKey(id), message: `unknown concept "${id}"${didYouMean(id, known)}` });
    else if (override !== 'off' && override !== 'on' && (typeof override !== 'object' || override === null)) {
      issues.push({ path: ruleKey(id), message: 'expected "off", "on" or { minConfidence }' });
    }
  }
  if (issues.length > 0) {
    throw new SsotError('rule', `invalid rules (${issues.length} problem${issues.length === 1 ? '' : 's'})`, issues);
  }

  const definitions: RuleDefinition[] = [];
  for (const [id, rule] of byId) {
    const override = config.rules[id];
    if (override === 'off') continue;
    const minConfidence =
      (typeof override === 'object' ? override.minConfidence : undefined) ?? rule.definition.minConfidence ?? config.minConfidence;
    definitions.push({ ...rule.definition, minConfidence });
  }
  definitions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256').update(stableJson(definitions)).digest('hex').slice(0, 16);
  return { definitions, hash };
}
