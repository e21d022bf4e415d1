/**
 * The table test of the retry precondition (`mayReinvokeAfterFailure`): every text of `kept` holds a
 * retry the full analysis finds, so the precondition must hold on it; every text of `dropped` holds
 * none, and the precondition must tell so from its tokens.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allowsJsx, tokenize } from '../../module-facts/tokenizer.js';
import { mayReinvokeAfterFailure } from '../gate-utils/reinvoke.js';
import { type FullAnalysis, loadFullAnalysis } from './full-analysis.js';

/** Cases by what they show: the file name (its extension picks the syntax) and the text. */
export type RetryGateCases = Record<string, [file: string, text: string]>;

export function describeRetryGate(title: string, kept: RetryGateCases, dropped: RetryGateCases, extra?: () => void): void {
  let analyse: FullAnalysis;
  const retriesFound = (file: string, text: string): string[] => analyse(text, file).filter((c) => c.concept === 'retry').map((c) => c.symbol);
  const gateKeeps = (file: string, text: string): boolean => mayReinvokeAfterFailure(tokenize(text, false, allowsJsx(file)));

  describe(title, () => {
    beforeAll(async () => {
      analyse = await loadFullAnalysis();
    });
    extra?.();
    for (const [what, [file, text]] of Object.entries(kept)) {
      it(`holds on ${what}`, () => {
        expect(retriesFound(file, text)).not.toEqual([]);
        expect(gateKeeps(file, text)).toBe(true);
      });
    }
    for (const [what, [file, text]] of Object.entries(dropped)) {
      it(`fails on ${what}`, () => {
        expect(retriesFound(file, text)).toEqual([]);
        expect(gateKeeps(file, text)).toBe(false);
      });
    }
  });
}
