/**
 * Validates a value against the published scan-result schema (`schema/scan-result.schema.json`), so
 * tests prove that what the binary prints is what the schema promises.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator, type Schema } from '@cfworker/json-schema';
import { repoRoot } from './fixtures.js';

let validator: Validator | undefined;

/** The schema's errors for `value` as `location: message` lines; empty when it is valid. */
export function scanResultSchemaErrors(value: unknown): string[] {
  validator ??= new Validator(JSON.parse(readFileSync(join(repoRoot, 'schema', 'scan-result.schema.json'), 'utf8')) as Schema, '7', false);
  const outcome = validator.validate(value);
  return outcome.valid ? [] : outcome.errors.map((error) => `${error.instanceLocation}: ${error.error}`);
}
