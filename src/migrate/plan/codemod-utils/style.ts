/**
 * The file's own conventions, so text a codemod adds (imports, shims, adapters) looks like the code
 * around it: quote style, semicolons, line endings and indentation.
 */
import { ts } from '../../../parser/ts.js';

export interface FileStyle {
  quote: "'" | '"';
  semi: boolean;
  eol: '\n' | '\r\n';
  /** One level of indentation. */
  indent: string;
  /** TypeScript file (type annotations and `import type` allowed). */
  typescript: boolean;
}

export function detectStyle(sourceFile: ts.SourceFile): FileStyle {
  const text = sourceFile.text;
  let single = 0;
  let double = 0;
  let withSemi = 0;
  let withoutSemi = 0;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) {
      const spec = statement.moduleSpecifier;
      if (spec) {
        if (spec.getText(sourceFile).startsWith('"')) double++;
        else single++;
      }
    }
    if (ts.isBlock(statement) || ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) continue;
    if (ts.isInterfaceDeclaration(statement) || ts.isModuleDeclaration(statement) || ts.isEnumDeclaration(statement)) continue;
    if (text.charAt(statement.getEnd() - 1) === ';') withSemi++;
    else withoutSemi++;
  }
  if (single + double === 0) {
    // No import to learn from: count string literals instead.
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node)) {
        if (node.getText(sourceFile).startsWith('"')) double++;
        else single++;
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  const indentMatch = /^([ \t]+)\S/m.exec(text);
  let indent = '  ';
  if (indentMatch) indent = indentMatch[1]!.startsWith('\t') ? '\t' : indentMatch[1]!.length >= 4 && indentMatch[1]!.length % 4 === 0 ? '    ' : '  ';
  const name = sourceFile.fileName.toLowerCase();
  return {
    quote: double > single ? '"' : "'",
    semi: withSemi >= withoutSemi,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    indent,
    typescript: /\.(ts|tsx|mts|cts)$/.test(name),
  };
}

/** A string literal in the file's quote style. */
export function quoted(style: FileStyle, value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').split(style.quote).join(`\\${style.quote}`);
  return `${style.quote}${escaped}${style.quote}`;
}

/** Ends a statement as the file does. */
export function endStatement(style: FileStyle, statement: string): string {
  return style.semi ? `${statement};` : statement;
}

/** Converts generated text (written with `\n` and two-space indents) to the file's conventions. */
export function styled(style: FileStyle, text: string): string {
  const indented = style.indent === '  ' ? text : text.replace(/^((?: {2})+)/gm, (m) => style.indent.repeat(m.length / 2));
  return style.eol === '\n' ? indented : indented.replace(/\n/g, '\r\n');
}
