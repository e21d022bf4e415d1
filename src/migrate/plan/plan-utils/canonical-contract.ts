/**
 * A config type that another cluster's canonical takes in its own signature (the canonical retry's
 * options type, in the canonical retry's module) is part of that canonical's contract. Converting it
 * onto the config cluster's canonical would change the canonical implementation itself, which no phase
 * does; every call the plan writes against that canonical uses its own type. The plan says so once,
 * instead of listing each field the two types do not share.
 */
import type { PlanContext } from './context.js';
import { readApi, type ApiSourceReader } from './api.js';

export interface CanonicalContract {
  /** Cluster whose canonical takes the type. */
  cluster: string;
  /** That canonical (`path#Symbol`). */
  ref: string;
  /** Where the type appears: `constructor`, a member name, or `()` for a function's parameters. */
  where: string;
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);
}

/** The canonical of another cluster, declared in the same module, whose signature names `typeName`. */
export function canonicalContractOf(context: PlanContext, reader: ApiSourceReader, file: string, typeName: string, ownCluster: string): CanonicalContract | undefined {
  for (const cluster of context.input.result.clusters) {
    if (cluster.id === ownCluster || !cluster.canonical) continue;
    const finding = context.findings.get(cluster.canonical);
    if (!finding || finding.file !== file || finding.kind === 'config-type') continue;
    const api = readApi(reader, file, finding.symbol);
    if (!api) continue;
    const param = (api.params ?? []).find((p) => mentions(p.type, typeName));
    if (param) return { cluster: cluster.id, ref: finding.id, where: api.kind === 'class' ? 'constructor' : '()' };
    for (const [member, signature] of api.signatures) if (mentions(signature, typeName)) return { cluster: cluster.id, ref: finding.id, where: member };
  }
  return undefined;
}
