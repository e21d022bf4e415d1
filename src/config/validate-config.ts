/**
 * Config validation: walks the value along the field description (`config-fields.ts`) and returns
 * every problem at once, each with a dotted path and what was expected. Never throws.
 */
import type { ErrorIssue } from '../shared/errors.js';
import { configSpec } from './config-fields.js';
import { DEFAULT_PHASES } from './defaults.js';
import { didYouMean } from './did-you-mean.js';
import {
  baseType,
  describeExpected,
  formatPath,
  typeOfValue,
  type FieldSpec,
  type Segment,
  type StringFormat,
  type ValidationContext,
} from './field-spec.js';

/** Codemods the default phases use: known even before the codemods folder is looked at. */
export const DEFAULT_CODEMODS: readonly string[] = [...new Set(DEFAULT_PHASES.flatMap((phase) => phase.codemods))];

export interface ValidateConfigOptions {
  /** Codemod ids a phase may name. Default: the codemods of the default phases. */
  codemods?: readonly string[];
}

/**
 * Validates a config as written by a user and returns every issue (empty when valid). Paths are
 * dotted (`canonical.retry`, `phases[1].codemods[0]`); the top level is `(root)`.
 */
export function validateConfig(value: unknown, options: ValidateConfigOptions = {}): ErrorIssue[] {
  const context: ValidationContext = { codemods: options.codemods ?? DEFAULT_CODEMODS };
  const issues: ErrorIssue[] = [];
  if (typeof value === 'function') {
    // `export default () => ({...})` works in some tools' configs; say what this one needs.
    return [{ path: '(root)', message: 'expected an object, got a function: export the settings object itself (export default defineConfig({ ... })), not a function returning it' }];
  }
  check(configSpec, value, [], context, issues);
  return issues;
}

/** A short rendering of a wrong value for messages: strings quoted, long ones cut. */
function preview(value: unknown): string {
  const type = typeOfValue(value);
  if (type === 'array') return 'an array';
  if (type === 'object') return 'an object';
  if (type === 'other') return typeof value;
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function expected(spec: FieldSpec, value: unknown, path: Segment[]): ErrorIssue {
  return { path: formatPath(path), message: `expected ${describeExpected(spec)}, got ${preview(value)}` };
}

function matches(format: StringFormat | undefined, text: string): boolean {
  return format === undefined || new RegExp(format.pattern, 'u').test(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeOfValue(value) === 'object';
}

function check(spec: FieldSpec, value: unknown, path: Segment[], context: ValidationContext, issues: ErrorIssue[]): void {
  const before = issues.length;
  checkShape(spec, value, path, context, issues);
  // Refinements (unknown codemod, duplicate names) only make sense on a well-formed value.
  if (issues.length === before && spec.refine) issues.push(...spec.refine(value as never, path, context));
}

function checkShape(spec: FieldSpec, value: unknown, path: Segment[], context: ValidationContext, issues: ErrorIssue[]): void {
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string' || !matches(spec.format, value)) issues.push(expected(spec, value, path));
      return;
    case 'boolean':
    case 'null':
      if (typeOfValue(value) !== spec.kind) issues.push(expected(spec, value, path));
      return;
    case 'number': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!spec.integer || Number.isInteger(value)) &&
        (spec.minimum === undefined || value >= spec.minimum) &&
        (spec.maximum === undefined || value <= spec.maximum);
      if (!ok) issues.push(expected(spec, value, path));
      return;
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        const hint = typeof value === 'string' ? didYouMean(value, spec.values) : '';
        issues.push({ path: formatPath(path), message: `expected ${describeExpected(spec)}, got ${preview(value)}${hint}` });
      }
      return;
    case 'array':
      if (!Array.isArray(value)) issues.push(expected(spec, value, path));
      else if (spec.minItems !== undefined && value.length < spec.minItems) {
        const noun = describeExpected(spec).replace(/^an? /, '');
        const message = spec.minItems === 1 ? `expected a non-empty ${noun}, got [] (leave the key out for the default)` : `expected ${spec.minItems} or more: ${noun}`;
        issues.push({ path: formatPath(path), message });
      } else value.forEach((item, index) => check(spec.items, item, [...path, index], context, issues));
      return;
    case 'record':
      if (!isPlainObject(value)) {
        issues.push(expected(spec, value, path));
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        if (!matches(spec.key, key)) {
          issues.push({ path: formatPath([...path, key]), message: `key: expected ${spec.key!.expected}` });
        }
        check(spec.values, item, [...path, key], context, issues);
      }
      return;
    case 'object':
      checkObject(spec, value, path, context, issues);
      return;
    case 'union':
      checkUnion(spec, value, path, context, issues);
      return;
    case 'external':
      issues.push(...spec.validate(value, formatPath(path)));
      return;
  }
}

function checkObject(
  spec: Extract<FieldSpec, { kind: 'object' }>,
  value: unknown,
  path: Segment[],
  context: ValidationContext,
  issues: ErrorIssue[],
): void {
  if (!isPlainObject(value)) {
    issues.push(expected(spec, value, path));
    return;
  }
  const known = Object.keys(spec.properties);
  for (const [key, item] of Object.entries(value)) {
    const property = spec.properties[key];
    if (property === undefined) {
      issues.push({ path: formatPath([...path, key]), message: `unknown key${didYouMean(key, known)}` });
    } else if (item !== undefined) {
      check(property, item, [...path, key], context, issues);
    }
  }
  for (const key of spec.required ?? []) {
    if (value[key] === undefined) issues.push({ path: formatPath([...path, key]), message: `required: expected ${describeExpected(spec.properties[key]!)}` });
  }
}

/**
 * A value fits a union if any option accepts it. When only one container option (array or object)
 * has the value's type, its detailed issues are more useful than "expected X or Y", so we descend.
 */
function checkUnion(
  spec: Extract<FieldSpec, { kind: 'union' }>,
  value: unknown,
  path: Segment[],
  context: ValidationContext,
  issues: ErrorIssue[],
): void {
  const type = typeOfValue(value);
  const candidates = spec.options.filter((option) => baseType(option) === type || baseType(option) === 'any');
  const only = candidates.length === 1 ? candidates[0]! : undefined;
  if (only && (type === 'array' || type === 'object')) {
    check(only, value, path, context, issues);
    return;
  }
  for (const option of candidates) {
    const attempt: ErrorIssue[] = [];
    check(option, value, path, context, attempt);
    if (attempt.length === 0) return;
  }
  issues.push(expected(spec, value, path));
}
