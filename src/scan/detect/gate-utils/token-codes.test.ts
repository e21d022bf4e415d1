import { describe, expect, it } from 'vitest';
import { TokenKind, tokenize } from '../../module-facts/tokenizer.js';
import { codeOfPunctuator, NOT_PUNCTUATOR, punctuatorCode, WordTable } from './token-codes.js';

const SOURCE = "const a = b?.c ?? d; x !== y; z **= 2; f(...args) => { return [1, '(']; } @dec class K {} // (";

describe('punctuatorCode', () => {
  it('equals the code of the punctuator it reads, for every punctuator of a text', () => {
    const tokens = tokenize(SOURCE);
    let punctuators = 0;
    for (let i = 0; i < tokens.count; i++) {
      const code = punctuatorCode(tokens, i);
      if (tokens.kind[i] !== TokenKind.Punctuator) {
        expect(code).toBe(NOT_PUNCTUATOR);
        continue;
      }
      punctuators++;
      expect(code).toBe(codeOfPunctuator(tokens.textOf(i)));
    }
    expect(punctuators).toBeGreaterThan(20);
  });

  it('tells punctuators apart that share characters, and is none out of range', () => {
    const codes = ['=', '==', '===', '=>', '!', '!=', '!==', '?', '?.', '.', '...', '*', '**', '**='].map(codeOfPunctuator);
    expect(new Set(codes).size).toBe(codes.length);
    const tokens = tokenize('a');
    expect(punctuatorCode(tokens, -1)).toBe(NOT_PUNCTUATOR);
    expect(punctuatorCode(tokens, 1)).toBe(NOT_PUNCTUATOR);
  });
});

describe('WordTable', () => {
  const table = new WordTable(['const', 'let', 'var', '(', '...', 'readonly']);

  it('answers as a set of the token texts would', () => {
    const words = new Set(['const', 'let', 'var', '(', '...', 'readonly']);
    const tokens = tokenize('const letter = (...v) => { let va = var_; readonly; readonlyX; conts; }');
    for (let i = 0; i < tokens.count; i++) expect(table.hasToken(tokens, i)).toBe(words.has(tokens.textOf(i)));
  });

  it('is false out of range and for prefixes or longer words', () => {
    const tokens = tokenize('le lets');
    expect(table.hasToken(tokens, -1)).toBe(false);
    expect(table.hasToken(tokens, tokens.count)).toBe(false);
    expect(table.hasRange('let', 0, 2)).toBe(false);
    expect(table.hasRange('xlet', 1, 4)).toBe(true);
  });
});
