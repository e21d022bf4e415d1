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
    expect(signalsNeededForConfidence(rule(0.5, [builds, named, members]), byName)?.map((s) => s.id)).toEqual(['named', 'members']);
  });

  it('leaves out the weakest signals while they cannot reach the cut with the others', () => {
    // A product with creator members scores 0.53: under 0.6, so the name is needed.
    expect(signalsNeededForConfidence(rule(0.6, [builds, named, members]), byName)?.map((s) => s.id)).toEqual(['named']);
    const creator: SignalDefinition = { id: 'creator', name: '^create', weight: 0.35 };
    expect(signalsNeededForConfidence(rule(0.6, [builds, named, creator, members]), byName)?.map((s) => s.id)).toEqual(['named', 'creator']);
    // Members alone score 0.53 with the product, under 0.68; with the creator name 0.7: the name must fire.
    expect(signalsNeededForConfidence(rule(0.68, [builds, creator, members]), byName)?.map((s) => s.id)).toEqual(['creator']);
    // Two signals of 0.2 reach 0.6 together (0.65), neither alone (0.56): every way holds the one kept.
    const a: SignalDefinition = { id: 'a', name: '^a', weight: 0.2 };
    const b: SignalDefinition = { id: 'b', name: '^b', weight: 0.2 };
    expect(signalsNeededForConfidence(rule(0.6, [builds, a, b]), byName)?.map((s) => s.id)).toEqual(['b']);
    // Nothing can reach the cut: nothing is enough, and no file need be parsed for the rule.
    expect(signalsNeededForConfidence(rule(0.9, [builds, members]), byName)).toEqual([]);
  });

  it('needs nothing when the signals without a precondition reach the cut alone', () => {
    expect(signalsNeededForConfidence(rule(0.45, [builds, named]), byName)).toBeUndefined();
    // Two weak signals add up (a noisy-or): 0.45 and 0.3 (the default weight) make 0.62.
    expect(signalsNeededForConfidence(rule(0.6, [builds, { id: 'calls', calls: 'x' }, named]), byName)).toBeUndefined();
  });

  it('counts a required signal as firing, whether or not it has a precondition of its own', () => {
    const creator: SignalDefinition = { id: 'creator', name: '^create', weight: 0.35 };
    const signals = [builds, creator, members];
    // Required, the product fires: with members it makes 0.53, so the creator name is needed.
    expect(signalsNeededForConfidence({ ...rule(0.6, signals), requires: { allOf: ['builds'] } }, () => true)?.map((s) => s.id)).toEqual(['creator']);
    // Not required, the product may be missing: the creator name and members make 0.45, so the product is needed.
    expect(signalsNeededForConfidence(rule(0.6, signals), () => true)?.map((s) => s.id)).toEqual(['builds']);
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
  // Builds products (`new Decoder(...)`) and calls a creator, but declares none; builds them in members
  // named like creators (0.45 and 0.15 make 0.53, under the cut of 0.6); builds them in a declared creator.
  const cases: Array<{ text: string; kept: boolean }> = [
    {
      text: `const { createError } = require('./error');
      const decode = (raw) => { const d = new Decoder(raw); if (!d) throw createError(); return d; };
      module.exports = { decode };`,
      kept: false,
    },
    { text: `export class Codecs { static of(raw) { return new Decoder(raw); } }`, kept: false },
    { text: `export const decoders = { make(raw) { return new Decoder(raw); } };`, kept: false },
    { text: `export function createDecoder(raw) { return new Decoder(raw); }`, kept: true },
    { text: `export class DecoderFactory { of(raw) { return new Decoder(raw); } }`, kept: true },
  ];

  it('skips a file where no declaration can score enough, and keeps one where the full analysis reports a factory', async () => {
    const definitions = await loadBuiltinRules();
    const factory = definitions.find((d) => d.id === 'factory') as RuleDefinition;
    const test = compileStructureTest(factory)!;
    expect(test).toBeDefined();
    const rules = compileRules(definitions);
    const all = definitions.map((_, i) => i);
    const index = definitions.indexOf(factory);
    for (const { text, kept } of cases) {
      expect(test(tokenize(text)), text).toBe(kept);
      const full = parseText('f.ts', text, 'h', rules, all).candidates.filter((c) => c.concept === 'factory');
      expect(full.length > 0, text).toBe(kept);
      if (kept) expect(parseText('f.ts', text, 'h', rules, [index]).candidates, text).toEqual(full);
    }
  });
});
