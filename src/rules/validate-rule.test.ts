import { describe, expect, it } from 'vitest';
import { validateRuleDefinition } from './validate-rule.js';

const minimal = {
  id: 'feature-flag-client',
  keywords: ['flag'],
  signals: [{ id: 'name', name: 'flag', weight: 0.4 }],
};

describe('validateRuleDefinition', () => {
  it('accepts a minimal user concept', () => {
    expect(validateRuleDefinition(minimal, 'rules/feature-flag-client.yaml')).toEqual([]);
  });

  it('rejects a value that is not an object', () => {
    expect(validateRuleDefinition(['x'], 'concepts[0]')).toEqual([{ path: 'concepts[0]', message: expect.stringContaining('an array') }]);
    expect(validateRuleDefinition(null, 'concepts[1]')[0]!.message).toContain('null');
  });

  it('suggests the closest matcher name with the signal location', () => {
    const issues = validateRuleDefinition(
      { ...minimal, signals: [minimal.signals[0], { id: 'a', name: 'x' }, { id: 'loop', matcher: 'retryloop' }] },
      'rules/retry.yaml',
    );
    expect(issues).toContainEqual({ path: 'rules/retry.yaml: signals[2].matcher', message: 'unknown matcher "retryloop" (did you mean "retry-loop"?)' });
  });

  it('lists every problem at once, each with its location', () => {
    const issues = validateRuleDefinition(
      {
        id: 'Not_Kebab',
        kind: 'implemntation',
        declarations: ['class', 'fn'],
        keywords: ['(unclosed'],
        signals: [
          { id: 'dup', name: '[a-' },
          { id: 'dup', members: { pattern: 'x', min: 0 } },
          { id: 'none', weight: 2 },
          { id: 'both', name: 'a', calls: 'b' },
          { id: 'imp', imports: { from: 'lib', names: '(' } },
        ],
        requires: { anyOf: ['nme'] },
        threshold: 1.5,
        colour: 'red',
        cluster: { by: 'file' },
        examples: { valid: [42], invalid: [{ snippet: 'x' }] },
      },
      'concepts[3]',
    );
    const paths = issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'concepts[3].id',
        'concepts[3].kind',
        'concepts[3].declarations[1]',
        'concepts[3].keywords[0]',
        'concepts[3].signals[0].name',
        'concepts[3].signals[1].id',
        'concepts[3].signals[1].members.min',
        'concepts[3].signals[2]',
        'concepts[3].signals[2].weight',
        'concepts[3].signals[3]',
        'concepts[3].signals[4].imports.names',
        'concepts[3].requires.anyOf[0]',
        'concepts[3].threshold',
        'concepts[3].colour',
        'concepts[3].cluster.by',
        'concepts[3].examples.valid[0]',
        'concepts[3].examples.invalid[0].code',
        'concepts[3].examples.invalid[0].snippet',
      ]),
    );
    const byPath = new Map(issues.map((issue) => [issue.path, issue.message]));
    expect(byPath.get('concepts[3].id')).toContain('kebab-case');
    expect(byPath.get('concepts[3].kind')).toBe('unknown kind "implemntation" (did you mean "implementation"?); expected one of implementation, config-type');
    expect(byPath.get('concepts[3].keywords[0]')).toContain('invalid regular expression');
    expect(byPath.get('concepts[3].signals[1].id')).toContain('duplicate signal id "dup"');
    expect(byPath.get('concepts[3].signals[2]')).toContain('needs exactly one condition');
    expect(byPath.get('concepts[3].signals[3]')).toContain('2 conditions (name, calls)');
    expect(byPath.get('concepts[3].requires.anyOf[0]')).toContain('no signal with id "nme"');
    expect(byPath.get('concepts[3].colour')).toContain('unknown key');
    expect(byPath.get('concepts[3].threshold')).toContain('at most 1');
  });

  it('requires an id; a concept without signals is valid and finds nothing', () => {
    expect(validateRuleDefinition({}, 'rules/x.yaml')).toEqual([{ path: 'rules/x.yaml: id', message: 'is required' }]);
    expect(validateRuleDefinition({ id: 'rate-limiter' }, 'concepts[0]')).toEqual([]);
  });

  it('points at requires entries that name no signal, with a suggestion', () => {
    const issues = validateRuleDefinition({ ...minimal, requires: { allOf: ['nam'] } }, 'concepts[0]');
    expect(issues).toEqual([{ path: 'concepts[0].requires.allOf[0]', message: 'no signal with id "nam" (did you mean "name"?)' }]);
  });

  it('rejects a threshold the signals can never reach', () => {
    const issues = validateRuleDefinition({ ...minimal, threshold: 0.9 }, 'concepts[0]');
    expect(issues).toEqual([{ path: 'concepts[0].threshold', message: '0.9 can never be reached: all positive signals together give 0.40' }]);
  });

  it('accepts regex literals with flags and rejects invalid ones', () => {
    expect(validateRuleDefinition({ ...minimal, signals: [{ id: 'n', name: '/^Flag/' }] }, 'c')).toEqual([]);
    expect(validateRuleDefinition({ ...minimal, signals: [{ id: 'n', name: '/(/' }] }, 'c')[0]!.path).toBe('c.signals[0].name');
  });

  it('rejects a concept that supersedes itself', () => {
    expect(validateRuleDefinition({ ...minimal, supersedes: ['feature-flag-client'] }, 'c')).toEqual([{ path: 'c.supersedes', message: 'a concept cannot supersede itself' }]);
  });
});
