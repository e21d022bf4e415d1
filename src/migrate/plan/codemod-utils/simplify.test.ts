/**
 * The tidy-up of what templates and conversions write: each rewrite keeps the value, and what the
 * user wrote (the kept ranges) stays as written.
 */
import { describe, expect, it } from 'vitest';
import { insertedRanges, simplifyExpression } from './simplify.js';
import { parseValueTarget } from './value-mapping.js';

describe('simplifyExpression', () => {
  it.each([
    ['(cfg.recoveryTimeoutMs / 1000) * 1000', 'cfg.recoveryTimeoutMs'],
    ['(cfg.delayMs * 1000) / 1000', 'cfg.delayMs'],
    ['(strategy.maxRetries + 1) - 1', 'strategy.maxRetries'],
    ['{ maxRetries: 3 - 1, name: "x" }', '{ maxRetries: 2, name: "x" }'],
    ['f((a - 1) + 1)', 'f(a)'],
    ['run(() => (() => handler(call.args))())', 'run(() => handler(call.args))'],
    ['run(() => (async () => { await step(); })())', 'run(async () => { await step(); })'],
    ['new Breaker({ ...{ failureThreshold: 3, resetTimeoutMs: 500 }, name: "payments" })', 'new Breaker({ failureThreshold: 3, resetTimeoutMs: 500, name: "payments" })'],
    ['x * ((y / 60) * 60)', 'x * y'],
    ['seconds * 1000 + 0', 'seconds * 1000'],
    ['(x - 1) * 1', 'x - 1'],
    ["label + 0", 'label + 0'],
    ['(a + b / 1000) * 1000', '(a + b / 1000) * 1000'],
    ['(1000 - x) + 1000', '(1000 - x) + 1000'],
    ['(x / 60) * 1000', '(x / 60) * 1000'],
    ['2 - 3', '2 - 3'],
    ['(() => this.run())()', 'this.run()'],
    ['((x: number) => x)(1)', '((x: number) => x)(1)'],
    ['async () => (() => job())()', 'async () => job()'],
    ['async () => (function () { return this; })()', 'async () => (function () { return this; })()'],
    ['{ ...{ a: 1 }, a: 2 }', '{ ...{ a: 1 }, a: 2 }'],
    ['not ( an expression', 'not ( an expression'],
  ])('%s → %s', (input, output) => {
    expect(simplifyExpression(input)).toBe(output);
  });

  it("keeps what the user wrote: only the nodes the template wrote around it are tidied", () => {
    const text = 'new Breaker({ threshold: (1 + 1) * 2, attempts: 4 - 1 })';
    const kept: Array<[number, number]> = [[text.indexOf('(1 + 1)'), text.indexOf('(1 + 1)') + '(1 + 1)'.length], [text.indexOf('4 -'), text.indexOf('4 -') + 1]];
    expect(simplifyExpression(text, kept)).toBe('new Breaker({ threshold: (1 + 1) * 2, attempts: 3 })');
    expect(insertedRanges([{ start: 10, end: 12, text: 'abc' }, { start: 0, end: 2, text: 'z' }])).toEqual([[0, 1], [9, 12]]);
  });

  it('makes a conversion of a converted-back read come out as the read itself', () => {
    const target = parseValueTarget('recoveryTimeoutMs: $ * 1000')!;
    expect(target.convert!(target.revert!('circuitConfig.recoveryTimeoutMs'))).toBe('circuitConfig.recoveryTimeoutMs');
    expect(target.convert!('(2 + 3)')).toBe('(2 + 3) * 1000');
    expect(parseValueTarget('maxRetries: $ - 1')!.convert!('4')).toBe('3');
  });
});
