/**
 * Double initialization: a class holding instances of two different members of one cluster (the
 * seeds' BaseAgent building a ReliabilityManager and, through `getReliabilityWrapper()`, an
 * AgentReliabilityWrapper). Holder targets resolve through local classes, imports, and producer
 * functions that return a class.
 */
import type { FileFacts, HolderFact } from '../facts.js';
import type { DoubleInitialization } from '../types.js';
import type { Draft } from './drafts.js';
import type { ExportResolver } from './export-resolver.js';
import { findingForIdentifier } from './wrappers.js';

/** Every double initialization, sorted by file, line and cluster. */
export function findDoubleInitializations(
  facts: readonly FileFacts[],
  drafts: ReadonlyMap<string, Draft>,
  byDeclaration: ReadonlyMap<string, Draft[]>,
  exports: ExportResolver,
  factsByFile: ReadonlyMap<string, FileFacts>,
): DoubleInitialization[] {
  const results: DoubleInitialization[] = [];
  for (const file of facts) {
    if (file.error || file.holders.length === 0) continue;
    const byClass = new Map<string, HolderFact[]>();
    for (const holder of file.holders) {
      const k = `${holder.class}\0${holder.classStartLine}`;
      const list = byClass.get(k);
      if (list) list.push(holder);
      else byClass.set(k, [holder]);
    }
    for (const holders of byClass.values()) {
      const first = holders[0]!;
      const byCluster = new Map<string, Array<{ member: string; finding: string; line: number }>>();
      for (const holder of holders) {
        const target = findingForIdentifier(file.file, holder.target, null, exports, byDeclaration, factsByFile);
        // Only findings that survived clustering count.
        if (!target || !drafts.has(target.finding.id) || !target.finding.cluster) continue;
        const list = byCluster.get(target.finding.cluster) ?? [];
        list.push({ member: holder.member, finding: target.finding.id, line: holder.line });
        byCluster.set(target.finding.cluster, list);
      }
      const found = [...byCluster.entries()].filter(([, list]) => new Set(list.map((h) => h.finding)).size >= 2);
      for (const [cluster, list] of found) {
        const id = found.length === 1 ? `${file.file}#${first.class}` : `${file.file}#${first.class}:${cluster}`;
        results.push({
          id,
          file: file.file,
          class: first.class,
          cluster,
          holders: list.sort((a, b) => a.line - b.line || (a.member < b.member ? -1 : 1)),
          startLine: first.classStartLine,
          endLine: first.classEndLine,
        });
      }
    }
  }
  return results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.startLine - b.startLine || (a.cluster < b.cluster ? -1 : 1)));
}
