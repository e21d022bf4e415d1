import { ts } from '../../../parser/ts.js';
import type { ImportFact } from '../../facts.js';

/** Fills `namespaceMembers` from `ns.X` uses; any other use of `ns` leaves them unknown. */
export function collectNamespaceMembers(sf: ts.SourceFile, namespaces: Map<string, { decls: Set<ts.Node>; facts: ImportFact[] }>): void {
  const members = new Map<string, Set<string>>();
  const unknown = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const entry = namespaces.get(node.text);
      if (entry && !entry.decls.has(node)) {
        const parent = node.parent;
        const isPropertyName =
          (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isQualifiedName(parent) && parent.right === node);
        if (!isPropertyName) {
          let member: string | undefined;
          if (ts.isPropertyAccessExpression(parent) && parent.expression === node) member = parent.name.text;
          else if (ts.isQualifiedName(parent) && parent.left === node) member = parent.right.text;
          if (member === undefined) unknown.add(node.text);
          else (members.get(node.text) ?? members.set(node.text, new Set()).get(node.text)!).add(member);
        }
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  for (const [name, entry] of namespaces) {
    for (const fact of entry.facts) {
      if (unknown.has(name)) delete fact.namespaceMembers;
      else fact.namespaceMembers = [...(members.get(name) ?? [])].sort();
    }
  }
}
