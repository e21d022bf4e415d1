import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../../rules/load-rules.js';
import type { RuleDefinition, SignalDefinition } from '../../../rules/types.js';
import { compileRules, parseText } from '../../analyze/file-facts.js';
import { tokenize } from '../../module-facts/tokenizer.js';
import { combineWeights } from '../confidence.js';
import { compileStructureTest } from '../structure-gate.js';
import { signalsNeededForConfidence } from './reachability.js';

const byName = (signal: SignalDefinition): boolean => signal.name !== undefined || signal.members !== undefined;

describe('what a confidence needs', () => {
  const rule = (threshold: number | undefined, signals: SignalDefinition[], minConfidence?: number) => ({
    ...(threshold === undefined ? {} : { threshold }),
    ...(minConfidence === undefined ? {} : { minConfidence }),
    signals,
  });
  const builds: SignalDefinition = { id: 'builds', matcher: 'builds-product', weight: 0.45 };
  const named: SignalDefinition = { id: 'named', name: 'Factory$', weight: 0.5 };
  const members: SignalDefinition = { id: 'members', members: { pattern: '^create' }, weight: 0.15 };

  it('needs one of the signals with a precondition when the others cannot reach the cut together', () => {
    expect(signalsNeededForConfidence(rule(0.6, [builds, named, members]), byName)?.map((s) => s.id)).toEqual(['named', 'members']);
  });

  it('needs nothing when the signals without a precondition reach the cut alone', () => {
    expect(signalsNeededForConfidence(rule(0.45, [builds, named]), byName)).toBeUndefined();
    // Two weak signals add up (a noisy-or): 0.45 and 0.3 (the default weight) make 0.62.
    expect(signalsNeededForConfidence(rule(0.6, [builds, { id: 'calls', calls: 'x' }, named]), byName)).toBeUndefined();
  });

  it('counts the higher of threshold and minConfidence, and the default threshold when none is given', () => {
    expect(signalsNeededForConfidence(rule(0.4, [builds, named], 0.5), byName)?.map((s) => s.id)).toEqual(['named']);
    expect(signalsNeededForConfidence(rule(undefined, [{ id: 'a', matcher: 'builds-product', weight: 0.49 }, named]), byName)?.map((s) => s.id)).toEqual(['named']);
  });

  it('never needs a signal whose weight cannot raise the confidence', () => {
    const veto: SignalDefinition = { id: 'penalty', name: 'Test$', weight: -0.5 };
    expect(signalsNeededForConfidence(rule(0.6, [builds, veto, named]), byName)?.map((s) => s.id)).toEqual(['named']);
    expect(signalsNeededForConfidence(rule(0.6, [builds, veto]), byName)).toBeUndefined();
  });

  it('scores as the rule compiler does', () => {
    expect(combineWeights([0.45, 0.3])).toBe(0.62);
    expect(combineWeights([0.45, 0.5, -0.5])).toBe(0.36);
  });
});

describe('the factory rule, gated by what its confidence needs', () => {
  it('skips a file declaring no factory or creator name, and keeps one that does, as the full analysis reports', async () => {
    const definitions = await loadBuiltinRules();
    const factory = definitions.find((d) => d.id === 'factory') as RuleDefinition;
    const test = compileStructureTest(factory)!;
    expect(test).toBeDefined();
    const rules = compileRules(definitions);
    const all = definitions.map((_, i) => i);
    const index = definitions.indexOf(factory);
    // Builds products (`new Decoder(...)`) and calls a creator, but declares none.
    const plain = `const { createError } = require('./error');
      const decode = (raw) => { const d = new Decoder(raw); if (!d) throw createError(); return d; };
      module.exports = { decode };`;
    expect(test(tokenize(plain))).toBe(false);
    expect(parseText('decode.js', plain, 'h', rules, all).candidates.filter((c) => c.concept === 'factory')).toEqual([]);
    // The same product built by a declared creator, and by a factory class's member.
    let reported = 0;
    for (const text of [
      `export function createDecoder(raw) { return new Decoder(raw); }`,
      `export class Codecs { static of(raw) { return new Decoder(raw); } }`,
      `export const decoders = { make(raw) { return new Decoder(raw); } };`,
    ]) {
      expect(test(tokenize(text)), text).toBe(true);
      const full = parseText('f.ts', text, 'h', rules, all).candidates.filter((c) => c.concept === 'factory');
      const gated = parseText('f.ts', text, 'h', rules, [index]).candidates;
      expect(gated, text).toEqual(full);
      reported += full.length;
    }
    expect(reported).toBeGreaterThan(0);
  });
});
