import type { ErrorIssue } from '../shared/errors.js';

/**
 * Validates one rule (concept) definition and returns every problem with its location.
 * Placeholder until the detection engine defines the full rule format.
 */
export function validateRuleDefinition(value: unknown, where: string): ErrorIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: where, message: 'expected an object with an "id"' }];
  }
  const id = (value as { id?: unknown }).id;
  if (typeof id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(id)) {
    return [{ path: `${where}.id`, message: 'expected a kebab-case concept id' }];
  }
  return [];
}
