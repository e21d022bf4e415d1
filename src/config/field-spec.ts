/**
 * A small declarative language for describing config fields. One description
 * (`config-fields.ts`) drives the validator, the published JSON schema and the README table, so the
 * three can never disagree.
 */
import type { ErrorIssue } from '../shared/errors.js';

/** A step in a path into the config: a key or an array index. */
export type Segment = string | number;

/** What refinements may consult beyond the value itself. */
export interface ValidationContext {
  /** Codemod ids a phase may name. */
  codemods: readonly string[];
}

/** A named string shape, such as `"path#Symbol"`. */
export interface StringFormat {
  /** How the expectation reads in an error message and in the docs. */
  expected: string;
  /** JSON-schema regex (also used by the validator). */
  pattern: string;
}

interface BaseSpec {
  /** One sentence for the docs and the JSON schema. */
  description?: string;
  /** The default as a JSON value (written to the schema and the docs). */
  default?: unknown;
  /** The default in words, when it is computed (shown in the docs instead of `default`). */
  defaultText?: string;
  /** Checks beyond the shape, run only when the shape is right. */
  refine?: (value: never, path: Segment[], context: ValidationContext) => ErrorIssue[];
}

export interface StringSpec extends BaseSpec {
  kind: 'string';
  format?: StringFormat;
}

export interface BooleanSpec extends BaseSpec {
  kind: 'boolean';
}

export interface NumberSpec extends BaseSpec {
  kind: 'number';
  integer?: boolean;
  minimum?: number;
  maximum?: number;
}

export interface NullSpec extends BaseSpec {
  kind: 'null';
}

export interface EnumSpec extends BaseSpec {
  kind: 'enum';
  values: readonly string[];
}

export interface ArraySpec extends BaseSpec {
  kind: 'array';
  items: FieldSpec;
  /** Noun for the items in error messages: `an array of globs`. */
  itemsNoun?: string;
  /** Fewest items allowed (an empty `include` scans nothing: a mistake, not a setting). */
  minItems?: number;
}

export interface RecordSpec extends BaseSpec {
  kind: 'record';
  /** The key's shape, if keys are constrained (`"path#Symbol"`, kebab-case ids). */
  key?: StringFormat;
  /** Placeholder for the key in the docs: `<concept>`. */
  keyName: string;
  values: FieldSpec;
}

export interface ObjectSpec extends BaseSpec {
  kind: 'object';
  properties: Record<string, FieldSpec>;
  required?: readonly string[];
}

export interface UnionSpec extends BaseSpec {
  kind: 'union';
  options: readonly FieldSpec[];
}

/** A value validated by a function owned elsewhere (inline concept definitions). */
export interface ExternalSpec extends BaseSpec {
  kind: 'external';
  /** Type name for the docs. */
  typeName: string;
  expected: string;
  jsonSchema: Record<string, unknown>;
  validate(value: unknown, where: string): ErrorIssue[];
}

export type FieldSpec =
  | StringSpec
  | BooleanSpec
  | NullSpec
  | NumberSpec
  | EnumSpec
  | ArraySpec
  | RecordSpec
  | ObjectSpec
  | UnionSpec
  | ExternalSpec;

/** Keys shown with a dot: identifiers and kebab-case ids (`canonical.circuit-breaker`). */
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `canonical.retry`, `phases[1].codemods[0]`, `mappings["src/a.ts#A"].fields`; `(root)` for the top. */
export function formatPath(path: readonly Segment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(root)' : text;
}

/** How the expectation of a spec reads in an error message. */
export function describeExpected(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'string':
      return spec.format?.expected ?? 'a string';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'number': {
      const noun = spec.integer ? 'an integer' : 'a number';
      if (spec.minimum !== undefined && spec.maximum !== undefined) return `${noun} between ${spec.minimum} and ${spec.maximum}`;
      if (spec.minimum !== undefined) return `${noun} >= ${spec.minimum}`;
      if (spec.maximum !== undefined) return `${noun} <= ${spec.maximum}`;
      return noun;
    }
    case 'enum':
      return spec.values.length === 1 ? JSON.stringify(spec.values[0]) : `one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'array':
      return spec.itemsNoun ? `an array of ${spec.itemsNoun}` : 'an array';
    case 'record':
    case 'object':
      return 'an object';
    case 'union':
      return spec.options.map(describeExpected).join(' or ');
    case 'external':
      return spec.expected;
  }
}

/** The JSON type a spec accepts at its top level, used to pick the right branch of a union. */
export function baseType(spec: FieldSpec): 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'any' {
  switch (spec.kind) {
    case 'string':
    case 'enum':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return 'array';
    case 'record':
    case 'object':
    case 'external':
      return 'object';
    case 'union':
      return 'any';
  }
}

/** The JSON type of a value, in the same vocabulary as `baseType`. */
export function typeOfValue(value: unknown): 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'object') return type;
  return 'other';
}
