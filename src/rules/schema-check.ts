/**
 * A small JSON-schema checker for the subset `rule-schema.ts` uses (type, properties, required,
 * additionalProperties, enum, items, bounds, pattern, oneOf). It reports every problem with its path,
 * which generic validators do less readably, and keeps us free of another dependency.
 */
import type { ErrorIssue } from '../shared/errors.js';
import { didYouMean } from './did-you-mean.js';
import type { JsonSchema } from './rule-schema.js';

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: NonNullable<JsonSchema['type']>): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Appends a property or index to a dotted path: `signals[2].matcher`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Checks a value against a schema; `path` is the location prefix of every issue. */
export function checkSchema(value: unknown, schema: JsonSchema, path: string, issues: ErrorIssue[]): void {
  if (schema.oneOf) {
    // Our unions differ by type (string | object), so pick the branch whose type matches.
    const branch = schema.oneOf.find((candidate) => candidate.type && matchesType(value, candidate.type));
    if (!branch) {
      const types = schema.oneOf.map((candidate) => candidate.type).join(' or ');
      issues.push({ path, message: `expected ${types}, got ${typeOf(value)}` });
      return;
    }
    checkSchema(value, branch, path, issues);
    return;
  }
  if (schema.type && !matchesType(value, schema.type)) {
    issues.push({ path, message: `expected ${schema.type === 'integer' ? 'an integer' : `a${/^[aeiou]/.test(schema.type) ? 'n' : ''} ${schema.type}`}, got ${typeOf(value)}` });
    return;
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    const allowed = schema.enum.map(String);
    const what = /([A-Za-z]+)(\[\d+\])?$/.exec(path)?.[1] ?? 'value';
    const label = what === 'declarations' ? 'declaration kind' : what;
    const list = allowed.length <= 8 ? `; expected one of ${allowed.join(', ')}` : '';
    issues.push({ path, message: `unknown ${label} ${JSON.stringify(value)}${didYouMean(String(value), allowed)}${list}` });
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) issues.push({ path, message: 'must not be empty' });
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
      const message = schema.pattern.startsWith('^[a-z]') ? `${JSON.stringify(value)} is not a kebab-case id` : `${JSON.stringify(value)} does not match ${schema.pattern}`;
      issues.push({ path, message });
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) issues.push({ path, message: `must be at least ${schema.minimum}, got ${value}` });
    if (schema.maximum !== undefined && value > schema.maximum) issues.push({ path, message: `must be at most ${schema.maximum}, got ${value}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      issues.push({ path, message: `needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}` });
    }
    if (schema.items) value.forEach((item, index) => checkSchema(item, schema.items!, childPath(path, index), issues));
  }
  if (typeOf(value) === 'object' && schema.properties) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (record[key] === undefined) issues.push({ path: childPath(path, key), message: 'is required' });
    }
    const known = Object.keys(schema.properties);
    for (const [key, child] of Object.entries(record)) {
      const childSchema = schema.properties[key];
      if (!childSchema) {
        if (schema.additionalProperties === false) {
          issues.push({ path: childPath(path, key), message: `unknown key${didYouMean(key, known)}; expected one of ${known.join(', ')}` });
        }
        continue;
      }
      if (child !== undefined) checkSchema(child, childSchema, childPath(path, key), issues);
    }
  }
}
