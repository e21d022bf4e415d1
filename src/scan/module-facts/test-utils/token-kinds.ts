import { type Tokens, TokenKind } from '../tokenizer.js';

/** One letter per token kind, so token lists read in test expectations: `I:name`, `P:{`, `X:text`. */
const LETTER: Record<number, string> = {
  [TokenKind.Identifier]: 'I',
  [TokenKind.String]: 'S',
  [TokenKind.Template]: 'T',
  [TokenKind.TemplatePart]: 'TP',
  [TokenKind.Punctuator]: 'P',
  [TokenKind.Number]: 'N',
  [TokenKind.Regex]: 'R',
  [TokenKind.JsxText]: 'X',
};

/** Kinds and texts of every token: `I:name`, `S:'x'`, `P:{`, `R:/x/g`, `X:text`. */
export function tokenList(t: Tokens): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) out.push(`${LETTER[t.kind[i]!]}:${t.textOf(i)}`);
  return out;
}
