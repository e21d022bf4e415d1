import { preorderOf, ts } from '../../../parser/ts.js';
import type { ImportFact } from '../../facts.js';

/** Fills `namespaceMembers` from `ns.X` uses; any other use of `ns` leaves them unknown. */
export function collectNamespaceMembers(sf: ts.SourceFile, namespaces: Map<string, { decls: Set<ts.Node>; facts: ImportFact[] }>): void {
  const members = new Map<string, Set<string>>();
  const unknown = new Set<string>();
  // Every identifier below the root, over the tree's recorded depth-first order.
  const { nodes, kinds, size } = preorderOf(sf);
  for (let i = 1; i < size; i++) {
    if (kinds[i] !== ts.SyntaxKind.Identifier) continue;
    const node = nodes[i] as ts.Identifier;
    const entry = namespaces.get(node.text);
    if (!entry || entry.decls.has(node)) continue;
    const parent = node.parent;
    const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isQualifiedName(parent) && parent.right === node);
    if (isPropertyName) continue;
    let member: string | undefined;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) member = parent.name.text;
    else if (ts.isQualifiedName(parent) && parent.left === node) member = parent.right.text;
    if (member === undefined) unknown.add(node.text);
    else (members.get(node.text) ?? members.set(node.text, new Set()).get(node.text)!).add(member);
  }
  for (const [name, entry] of namespaces) {
    for (const fact of entry.facts) {
      if (unknown.has(name)) delete fact.namespaceMembers;
      else fact.namespaceMembers = [...(members.get(name) ?? [])].sort();
    }
  }
}
