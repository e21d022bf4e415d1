/**
 * The JSON schema of the config file, derived from the field description. Published as
 * `schema/ssot.config.schema.json` for editors; `npm run schema` rewrites it and a test fails when
 * the committed file is out of date.
 */
import { configSpec } from './config-fields.js';
import type { FieldSpec } from './field-spec.js';

type JsonSchema = Record<string, unknown>;

function annotate(spec: FieldSpec, schema: JsonSchema): JsonSchema {
  if (spec.description !== undefined) schema.description = spec.description;
  if (spec.default !== undefined) schema.default = spec.default;
  return schema;
}

function toSchema(spec: FieldSpec): JsonSchema {
  switch (spec.kind) {
    case 'string':
      return annotate(spec, spec.format ? { type: 'string', pattern: spec.format.pattern } : { type: 'string' });
    case 'boolean':
      return annotate(spec, { type: 'boolean' });
    case 'null':
      return annotate(spec, { type: 'null' });
    case 'number': {
      const schema: JsonSchema = { type: spec.integer ? 'integer' : 'number' };
      if (spec.minimum !== undefined) schema.minimum = spec.minimum;
      if (spec.maximum !== undefined) schema.maximum = spec.maximum;
      return annotate(spec, schema);
    }
    case 'enum':
      return annotate(spec, { type: 'string', enum: [...spec.values] });
    case 'array':
      return annotate(spec, { type: 'array', items: toSchema(spec.items), ...(spec.minItems !== undefined ? { minItems: spec.minItems } : {}) });
    case 'record': {
      const schema: JsonSchema = { type: 'object' };
      if (spec.key) schema.propertyNames = { pattern: spec.key.pattern };
      schema.additionalProperties = toSchema(spec.values);
      return annotate(spec, schema);
    }
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, property] of Object.entries(spec.properties)) properties[key] = toSchema(property);
      const schema: JsonSchema = { type: 'object', properties };
      if (spec.required?.length) schema.required = [...spec.required];
      schema.additionalProperties = false;
      return annotate(spec, schema);
    }
    case 'union':
      return annotate(spec, { anyOf: spec.options.map(toSchema) });
    case 'external':
      return annotate(spec, structuredClone(spec.jsonSchema));
  }
}

/** The config's JSON schema (draft-07), as a plain object. */
export function configJsonSchema(): JsonSchema {
  const { description, ...body } = toSchema(configSpec);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'ssot configuration',
    description,
    ...body,
  };
}

/** The schema file's exact text (two-space JSON and a final newline). */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
