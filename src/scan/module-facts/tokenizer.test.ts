import { describe, expect, it } from 'vitest';
import { tokenList } from './test-utils/token-kinds.js';
import { tokenize } from './tokenizer.js';

/** Kinds and texts of every token: `I:name`, `S:'x'`, `P:{`, `R:/x/g`, `T:` for templates. */
function tokens(text: string): string[] {
  return tokenList(tokenize(text, true));
}

describe('tokenize', () => {
  it('tells regular expressions from divisions by the token before', () => {
    expect(tokens('a / b / c')).toEqual(['I:a', 'P:/', 'I:b', 'P:/', 'I:c']);
    expect(tokens('return /x\\/y[/]/g.test(s)')).toEqual(['I:return', 'R:/x\\/y[/]/g', 'P:.', 'I:test', 'P:(', 'I:s', 'P:)']);
    expect(tokens('f(a) / 2')).toEqual(['I:f', 'P:(', 'I:a', 'P:)', 'P:/', 'N:2']);
    expect(tokens('x = /=/')).toEqual(['I:x', 'P:=', 'R:/=/']);
    expect(tokens('x /= 2')).toEqual(['I:x', 'P:/=', 'N:2']);
  });

  it('keeps nested template substitutions balanced', () => {
    expect(tokens('`a${b ? `c${d}` : {e: 1}.e}f` + g')).toEqual([
      'TP:`a${',
      'I:b',
      'P:?',
      'TP:`c${',
      'I:d',
      'TP:}`',
      'P::',
      'P:{',
      'I:e',
      'P::',
      'N:1',
      'P:}',
      'P:.',
      'I:e',
      'TP:}f`',
      'P:+',
      'I:g',
    ]);
    expect(tokens('`plain ${"}"} text`')).toEqual(['TP:`plain ${', 'S:"}"', 'TP:} text`']);
  });

  it('skips comments, keeps strings whole and tracks brace depth and line breaks', () => {
    const t = tokenize('/* a\n*/ x // y\n{ "s\\"}" }', true);
    expect(t.count).toBe(4);
    expect(t.textOf(0)).toBe('x');
    expect(t.newlineBefore[0]).toBe(1);
    expect(t.newlineBefore[1]).toBe(1);
    expect(t.textOf(2)).toBe('"s\\"}"');
    expect([t.depth[1], t.depth[2], t.depth[3]]).toEqual([0, 1, 0]);
    expect(t.stringValue(2)).toBe('s"}');
  });

  it('ends unterminated strings and regexes at the line break, and says it was unsure', () => {
    expect(tokens("a = 'open\nb")).toEqual(['I:a', 'P:=', "S:'open", 'I:b']);
    expect(tokens('x(/open\ny)')).toEqual(['I:x', 'P:(', 'R:/open', 'I:y', 'P:)']);
    for (const text of ["a = 'open\nb", 'x(/open\ny)', 'a = "open', '/* open', '`open', '`a${b', 'x = /open']) {
      expect({ text, faithful: tokenize(text, true).faithful }).toEqual({ text, faithful: false });
    }
    for (const text of ["a = 'closed'\nb", 'x(/re/g)', '/* c */ `t${u}` // end']) {
      expect({ text, faithful: tokenize(text, true).faithful }).toEqual({ text, faithful: true });
    }
  });

  it('reads numbers, optional chaining, spreads and arrows as single tokens', () => {
    expect(tokens('1.5e-3 0x1F 1_000n a?.b ...c () => d a ?.5 : 1')).toEqual([
      'N:1.5e-3', 'N:0x1F', 'N:1_000n', 'I:a', 'P:?.', 'I:b', 'P:...', 'I:c', 'P:(', 'P:)', 'P:=>', 'I:d', 'I:a', 'P:?', 'N:.5', 'P::', 'N:1',
    ]);
  });

  it('reuses one buffer across calls unless asked for a fresh one', () => {
    const first = tokenize('a b c');
    const second = tokenize('d');
    expect(first).toBe(second);
    expect(second.count).toBe(1);
    expect(tokenize('x', true)).not.toBe(second);
  });
});
