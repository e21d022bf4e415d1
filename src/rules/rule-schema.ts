/**
 * JSON schema of a rule file. It drives validation (`validate-rule.ts` checks values against it before
 * the semantic checks) and is written to `schema/rule.schema.json` for editors; a test keeps the two equal.
 */
import { DECLARATION_KINDS } from './types.js';
import { MATCHER_NAMES, MATCHERS } from './matchers.js';

/** The subset of JSON schema (draft-07) the rule schema uses. */
export type JsonSchema = {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: readonly (string | number)[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  oneOf?: JsonSchema[];
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  markdownEnumDescriptions?: string[];
};

/** Concept and signal ids: kebab-case. */
export const KEBAB_ID = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';

const pattern: JsonSchema = {
  type: 'string',
  minLength: 1,
  description: 'A JavaScript regular expression, matched case-insensitively; "/source/flags" chooses the flags.',
};

const nameList: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['pattern'],
  properties: {
    pattern,
    min: { type: 'integer', minimum: 1, description: 'Minimum number of matching names (default 1).' },
    minRatio: { type: 'number', minimum: 0, maximum: 1, description: 'Minimum share of all names that must match (default 0).' },
  },
};

const signal: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  description: 'One signal: an id, a weight and exactly one condition (name, members, fields, calls, new, imports, extends, strings, matcher).',
  properties: {
    id: { type: 'string', pattern: KEBAB_ID, description: 'Kebab-case id reported in findings.' },
    weight: { type: 'number', minimum: -1, maximum: 1, description: 'Evidence weight; negative weights lower the confidence. Default 0.3.' },
    note: { type: 'string', description: 'Human sentence used as the evidence note.' },
    name: { ...pattern, description: "The declaration's own name." },
    members: { ...nameList, description: 'Method and property names of a class or object literal.' },
    fields: { ...nameList, description: 'Field names of an interface, object type, data class or schema object.' },
    calls: { ...pattern, description: 'Callee texts the declaration calls (e.g. "fetch", "this.breaker.fire").' },
    new: { ...pattern, description: 'Class names the declaration instantiates.' },
    imports: {
      type: 'object',
      additionalProperties: false,
      required: ['from'],
      description: 'Bindings imported from matching modules and used by the declaration.',
      properties: {
        from: { ...pattern, description: 'Module specifier pattern.' },
        names: { ...pattern, description: 'Imported names that must be used (default: any).' },
      },
    },
    extends: { ...pattern, description: 'Names in extends/implements clauses.' },
    strings: { ...pattern, description: 'String literals used in the declaration.' },
    matcher: {
      type: 'string',
      enum: MATCHER_NAMES,
      markdownEnumDescriptions: MATCHER_NAMES.map((name) => MATCHERS[name]),
      description: 'A named structural matcher from the built-in vocabulary.',
    },
  },
};

const expectedFinding: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['symbol'],
  properties: {
    symbol: { type: 'string', minLength: 1 },
    kind: { type: 'string', enum: ['implementation', 'config-type', 'wrapper'] },
    startLine: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
  },
};

const example: JsonSchema = {
  oneOf: [
    { type: 'string', minLength: 1 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['code'],
      properties: {
        code: { type: 'string', minLength: 1 },
        file: { type: 'string', pattern: '\\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$', description: 'File name; its extension picks the language.' },
        findings: { type: 'array', items: expectedFinding },
      },
    },
  ],
};

const signalIds: JsonSchema = { type: 'array', minItems: 1, items: { type: 'string', pattern: KEBAB_ID } };

/** The rule file schema (draft-07). */
export const RULE_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://ssot.dev/schema/rule.schema.json',
  title: 'ssot concept rule',
  description: 'One concept per file: which declarations are implementations (or config types) of it, and why.',
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', pattern: KEBAB_ID, description: 'Kebab-case concept id, equal to the file name.' },
    description: { type: 'string' },
    kind: { type: 'string', enum: ['implementation', 'config-type'], description: 'Default implementation.' },
    declarations: { type: 'array', minItems: 1, items: { type: 'string', enum: DECLARATION_KINDS } },
    keywords: { type: 'array', items: pattern, description: 'Prefilter patterns over the file\'s code (comments, import and export lists and project module paths left out).' },
    signals: { type: 'array', items: signal, description: 'The evidence. A concept without signals finds nothing (an id reserved for later).' },
    threshold: { type: 'number', minimum: 0, maximum: 1, description: 'Minimum confidence to count. Default 0.5.' },
    requires: {
      type: 'object',
      additionalProperties: false,
      properties: { anyOf: signalIds, allOf: signalIds },
      description: 'Signal ids that must fire: one of anyOf, all of allOf.',
    },
    exclude: { type: 'array', items: signal, description: 'Vetoes: a declaration where any of these fires is a look-alike.' },
    minConfidence: { type: 'number', minimum: 0, maximum: 1 },
    wrappers: { type: 'boolean', description: 'Report forwarding declarations named like the concept as tentative wrappers (default true).' },
    supersedes: { type: 'array', items: { type: 'string', pattern: KEBAB_ID } },
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['by'],
      properties: {
        by: { type: 'string', enum: ['concept', 'key'] },
        minSize: { type: 'integer', minimum: 1 },
      },
    },
    examples: {
      type: 'object',
      additionalProperties: false,
      required: ['valid', 'invalid'],
      properties: {
        valid: { type: 'array', items: example },
        invalid: { type: 'array', items: example },
      },
    },
  },
};
