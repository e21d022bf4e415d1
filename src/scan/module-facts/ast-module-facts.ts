/**
 * Imports and exports of a parsed file, read from the compiler's nodes (the files that can hold a
 * finding are parsed anyway). Produces the same facts as the lexer pass for the same text.
 */
import { lineOf, preorderOf, ts } from '../../parser/ts.js';
import type { ExportFact, ImportFact } from '../facts.js';
import { callFacts } from './ast-utils/calls.js';
import { commonJsAssignment } from './ast-utils/commonjs.js';
import { collectNamespaceMembers } from './ast-utils/namespaces.js';
import type { Omitted } from './ast-utils/shared.js';
import { topLevel } from './ast-utils/top-level.js';
import { mayHaveModuleSyntax, type ModuleFacts } from './types.js';

const K = ts.SyntaxKind;

/** Imports and exports of a parsed source file. */
export function astModuleFacts(sf: ts.SourceFile): ModuleFacts {
  const imports: ImportFact[] = [];
  const exports: ExportFact[] = [];
  if (!mayHaveModuleSyntax(sf.text)) return { imports, exports };
  /** Namespace-like locals: declaration node → facts whose members we collect. */
  const namespaces = new Map<string, { decls: Set<ts.Node>; facts: ImportFact[] }>();
  const addImport = (node: ts.Node, fact: Omitted<ImportFact>, namespaceName?: ts.Identifier): void => {
    const full = { ...fact, line: lineOf(sf, node.getStart(sf)) } as ImportFact;
    imports.push(full);
    if (namespaceName) {
      const entry = namespaces.get(namespaceName.text) ?? { decls: new Set(), facts: [] };
      entry.decls.add(namespaceName);
      entry.facts.push(full);
      namespaces.set(namespaceName.text, entry);
    }
  };
  const addExport = (node: ts.Node, fact: Omitted<ExportFact>): void => {
    exports.push({ ...fact, line: lineOf(sf, node.getStart(sf)) } as ExportFact);
  };

  for (const statement of sf.statements) topLevel(statement, addImport, addExport);

  const text = sf.text;
  if (text.includes('require') || text.includes('exports') || /\bimport\s*\(/.test(text)) {
    // Every call and assignment below the root, in the tree's recorded depth-first order (a loop over
    // arrays, not a callback per node: this walk used to cost a third as much as the parse itself).
    // A CommonJS export assignment is read whole, so nothing below it is looked at again.
    const { nodes, ends, kinds, size } = preorderOf(sf);
    for (let i = 1; i < size; ) {
      const kind = kinds[i];
      if (kind === K.CallExpression) callFacts(nodes[i] as ts.CallExpression, addImport);
      else if (kind === K.BinaryExpression) {
        const node = nodes[i] as ts.BinaryExpression;
        if (node.operatorToken.kind === K.EqualsToken && commonJsAssignment(node, addExport)) {
          i = ends[i]!;
          continue;
        }
      }
      i++;
    }
  }
  if (namespaces.size > 0) collectNamespaceMembers(sf, namespaces);
  imports.sort((a, b) => a.line - b.line);
  exports.sort((a, b) => a.line - b.line);
  return { imports, exports };
}
