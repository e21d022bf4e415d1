import { describe, expect, it } from 'vitest';
import { argumentDefaults, argumentsWithDefaults } from './argument-defaults.js';

const param = (initializer?: string) => ({ type: 'any', optional: initializer !== undefined, rest: false, ...(initializer !== undefined ? { initializer } : {}) });

describe('argumentDefaults', () => {
  it('keeps defaults that mean the same anywhere and marks the others null', () => {
    expect(argumentDefaults([param(), param('3'), param("'x'"), param('-1'), param('{ a: [1, true, null] }'), param('DEFAULTS'), param('{ ...base }'), param('Date.now()')])).toEqual({
      '1': '3',
      '2': "'x'",
      '3': '-1',
      '4': '{ a: [1, true, null] }',
      '5': null,
      '6': null,
      '7': null,
    });
  });

  it('is undefined when no parameter has a default', () => {
    expect(argumentDefaults([param(), param()])).toBeUndefined();
    expect(argumentDefaults(null)).toBeUndefined();
  });
});

describe('argumentsWithDefaults', () => {
  const template = 'make({ limit: $0, cooldown: $1, label: $3 })';

  it('fills a left-out argument the template uses with its default; the rest stay out (undefined)', () => {
    expect(argumentsWithDefaults(template, [], { '0': '3', '1': '15_000' })).toEqual({ args: ['3', '15_000'], unknown: [] });
    expect(argumentsWithDefaults(template, ['5'], { '0': '3', '1': '15_000', '3': "'x'" })).toEqual({ args: ['5', '15_000', 'undefined', "'x'"], unknown: [] });
  });

  it('leaves given arguments alone and reports used defaults that cannot be written at the call site', () => {
    expect(argumentsWithDefaults(template, ['a', 'b', 'c', 'd'], { '1': null })).toEqual({ args: ['a', 'b', 'c', 'd'], unknown: [] });
    expect(argumentsWithDefaults(template, ['a'], { '1': null, '2': null })).toEqual({ args: ['a'], unknown: [1] });
  });
});
