/**
 * Checks the tokenizer against the TypeScript parser: the identifiers, literals and JSX text runs it
 * reads must be exactly the ones in the compiler's syntax tree of the same text.
 */
import { scriptKindFor, ts } from '../../../parser/ts.js';
import { allowsJsx, TokenKind, tokenize } from '../tokenizer.js';

export interface OracleReport {
  /** Tokens the tokenizer read. */
  tokens: number;
  /** Identifier tokens that are no keyword (so the syntax tree has them). */
  identifiers: number;
  /** Syntax errors the compiler reported (the comparison means little when there are some). */
  syntaxErrors: number;
  faithful: boolean;
  /** What differs, one line each: what, where and the text. */
  mismatches: string[];
}

/** Spans (`start:end`) of the tree's identifiers, literals and JSX text, by the token kind that must match them. */
function treeSpans(source: ts.SourceFile): { byKind: Map<TokenKind, Set<string>>; jsxText: Array<[number, number]> } {
  const byKind = new Map<TokenKind, Set<string>>();
  for (const kind of [TokenKind.Identifier, TokenKind.String, TokenKind.Template, TokenKind.TemplatePart, TokenKind.Number, TokenKind.Regex, TokenKind.JsxText]) byKind.set(kind, new Set());
  const jsxText: Array<[number, number]> = [];
  const add = (kind: TokenKind, node: ts.Node): void => void byKind.get(kind)!.add(`${node.getStart(source)}:${node.end}`);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) add(TokenKind.Identifier, node);
    else if (ts.isStringLiteral(node)) add(TokenKind.String, node);
    else if (ts.isNoSubstitutionTemplateLiteral(node)) add(TokenKind.Template, node);
    else if (node.kind === ts.SyntaxKind.TemplateHead || node.kind === ts.SyntaxKind.TemplateMiddle || node.kind === ts.SyntaxKind.TemplateTail) add(TokenKind.TemplatePart, node);
    else if (ts.isNumericLiteral(node) || ts.isBigIntLiteral(node)) add(TokenKind.Number, node);
    else if (ts.isRegularExpressionLiteral(node)) add(TokenKind.Regex, node);
    else if (ts.isJsxText(node)) {
      jsxText.push([node.pos, node.end]);
      // Runs of white space alone get no token.
      if (/\S/.test(node.text)) byKind.get(TokenKind.JsxText)!.add(`${node.pos}:${node.end}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { byKind, jsxText };
}

/** Whether `word` is a keyword, contextual ones (`type`, `as`, `of`) included: the tokenizer reads them as identifiers. */
function isKeyword(word: string): boolean {
  const kind = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, word).scan();
  return kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword;
}

/** Compares the tokens of `text` (read as the file `fileName`) with the compiler's syntax tree. */
export function compareWithCompiler(fileName: string, text: string): OracleReport {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  const { byKind, jsxText } = treeSpans(source);
  const tokens = tokenize(text, true, allowsJsx(fileName));
  const mismatches: string[] = [];
  const seen = new Map<TokenKind, Set<string>>();
  for (const kind of byKind.keys()) seen.set(kind, new Set());
  const where = (start: number): string => {
    const { line, character } = source.getLineAndCharacterOfPosition(start);
    return `${fileName}:${line + 1}:${character + 1}`;
  };
  let identifiers = 0;
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i] as TokenKind;
    const start = tokens.start[i]!;
    const span = `${start}:${tokens.end[i]}`;
    const word = tokens.textOf(i);
    if (kind !== TokenKind.JsxText && jsxText.some(([from, to]) => start >= from && start < to)) {
      mismatches.push(`code token inside JSX text at ${where(start)}: ${JSON.stringify(word)}`);
    }
    const expected = byKind.get(kind);
    if (!expected) continue;
    if (expected.has(span)) {
      seen.get(kind)!.add(span);
      if (kind === TokenKind.Identifier) identifiers++;
    } else if (!(kind === TokenKind.Identifier && isKeyword(word))) {
      mismatches.push(`${TokenKind[kind]} token not in the tree at ${where(start)}: ${JSON.stringify(word)}`);
    }
  }
  for (const [kind, spans] of byKind) {
    for (const span of spans) {
      if (seen.get(kind)!.has(span)) continue;
      const [start, end] = span.split(':').map(Number) as [number, number];
      mismatches.push(`${TokenKind[kind]} of the tree not read at ${where(start)}: ${JSON.stringify(text.slice(start, end))}`);
    }
  }
  return { tokens: tokens.count, identifiers, syntaxErrors: diagnostics.length, faithful: tokens.faithful, mismatches };
}

/** Texts that read as code if JSX text is misread: quotes, comment openers, a template and a regex. */
const TRICKY_TEXT = [" Don't // retry /* it's */ \"ok\" ` ${x} ", "\n  it's a 'test' -- /regex/ \n", ' & &amp; \\ \' " '];

/**
 * `text` with every JSX text run replaced by one of `TRICKY_TEXT` and every JSX attribute string's
 * content by quotes of the other kind, a backslash and a comment opener (JSX strings have no
 * escapes), so a tokenizer that reads JSX text or attribute strings as code goes astray. Positions
 * come from the compiler's syntax tree; the result is still valid JSX.
 */
export function withTrickyJsxText(fileName: string, text: string): string {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  const edits: Array<[number, number, string]> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) edits.push([node.pos, node.end, TRICKY_TEXT[edits.length % TRICKY_TEXT.length]!]);
    else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const start = node.initializer.getStart(source);
      edits.push([start + 1, node.initializer.end - 1, text[start] === '"' ? "it's \\ // x" : 'say "hi" \\ /* x']);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + replacement + out.slice(end);
  return out;
}
