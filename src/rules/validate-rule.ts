import type { ErrorIssue } from '../shared/errors.js';
import { didYouMean } from './did-you-mean.js';
import { patternError } from './pattern.js';
import { RULE_SCHEMA } from './rule-schema.js';
import { checkSchema, childPath } from './schema-check.js';
import { SIGNAL_CONDITIONS } from './types.js';

/** Joins the caller's location and a path inside the rule: `rules/x.yaml: signals[0]`, `concepts[1].signals[0]`. */
function locate(where: string, path: string): string {
  if (!path) return where;
  if (!where) return path;
  return /\.(ya?ml|json)$/i.test(where) ? `${where}: ${path}` : `${where}${path.startsWith('[') ? '' : '.'}${path}`;
}

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPattern(value: unknown, path: string, issues: ErrorIssue[]): void {
  if (typeof value !== 'string') return;
  const error = patternError(value);
  if (error) issues.push({ path, message: `invalid regular expression ${JSON.stringify(value)}: ${error}` });
}

function checkSignal(signal: unknown, path: string, issues: ErrorIssue[]): void {
  if (!isRecord(signal)) return;
  const present = SIGNAL_CONDITIONS.filter((key) => signal[key] !== undefined);
  if (present.length === 0) {
    issues.push({ path, message: `needs exactly one condition: ${SIGNAL_CONDITIONS.join(', ')}` });
  } else if (present.length > 1) {
    issues.push({ path, message: `has ${present.length} conditions (${present.join(', ')}); split it into one signal per condition` });
  }
  for (const key of ['name', 'calls', 'new', 'extends', 'strings'] as const) checkPattern(signal[key], childPath(path, key), issues);
  for (const key of ['members', 'fields'] as const) {
    const list = signal[key];
    if (isRecord(list)) checkPattern(list.pattern, childPath(childPath(path, key), 'pattern'), issues);
  }
  const imports = signal.imports;
  if (isRecord(imports)) {
    checkPattern(imports.from, childPath(childPath(path, 'imports'), 'from'), issues);
    checkPattern(imports.names, childPath(childPath(path, 'imports'), 'names'), issues);
  }
}

/**
 * Validates one rule (concept) definition and returns every problem with its location, e.g.
 * `rules/retry.yaml: signals[2].matcher: unknown matcher "retryloop" (did you mean "retry-loop"?)`.
 * Unknown keys are rejected, regexes must compile, ids must be kebab-case, `requires` must name signals.
 */
export function validateRuleDefinition(value: unknown, where: string): ErrorIssue[] {
  if (!isRecord(value)) {
    return [{ path: where, message: `expected a rule object with "id" and "signals", got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` }];
  }
  const issues: ErrorIssue[] = [];
  checkSchema(value, RULE_SCHEMA, '', issues);

  if (Array.isArray(value.keywords)) value.keywords.forEach((keyword, i) => checkPattern(keyword, `keywords[${i}]`, issues));
  const signalIds: string[] = [];
  const seen = new Map<string, string>();
  for (const list of ['signals', 'exclude'] as const) {
    const signals = value[list];
    if (!Array.isArray(signals)) continue;
    signals.forEach((signal, i) => {
      const path = `${list}[${i}]`;
      checkSignal(signal, path, issues);
      if (!isRecord(signal) || typeof signal.id !== 'string') return;
      const previous = seen.get(signal.id);
      if (previous) issues.push({ path: `${path}.id`, message: `duplicate signal id "${signal.id}" (also ${previous})` });
      else seen.set(signal.id, path);
      if (list === 'signals') signalIds.push(signal.id);
    });
  }
  const requires = value.requires;
  if (isRecord(requires)) {
    for (const key of ['anyOf', 'allOf'] as const) {
      const ids = requires[key];
      if (!Array.isArray(ids)) continue;
      ids.forEach((id, i) => {
        if (typeof id === 'string' && !signalIds.includes(id)) {
          issues.push({ path: `requires.${key}[${i}]`, message: `no signal with id "${id}"${didYouMean(id, signalIds)}` });
        }
      });
    }
  }
  if (Array.isArray(value.supersedes) && value.supersedes.includes(value.id)) {
    issues.push({ path: 'supersedes', message: 'a concept cannot supersede itself' });
  }
  if (typeof value.threshold === 'number' && value.threshold <= 1 && Array.isArray(value.signals)) {
    const positive = value.signals
      .map((signal) => (isRecord(signal) && typeof signal.weight === 'number' ? signal.weight : 0.3))
      .filter((weight) => weight > 0);
    const best = 1 - positive.reduce((product, weight) => product * (1 - weight), 1);
    if (best + 1e-9 < value.threshold) {
      issues.push({ path: 'threshold', message: `${value.threshold} can never be reached: all positive signals together give ${best.toFixed(2)}` });
    }
  }
  return issues.map((issue) => ({ path: locate(where, issue.path), message: issue.message }));
}
