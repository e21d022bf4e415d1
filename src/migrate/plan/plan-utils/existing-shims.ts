/**
 * Shims an earlier run wrote (`@ssot-shim <ref>` tags). A rescan may no longer report them as members
 * of their cluster, yet their importers still need moving and the delete phase still needs to find
 * them: they come back as superseded members here, attached to the cluster whose canonical they name.
 */
import type { Finding } from '../../../scan/types.js';
import { shimsOf } from '../codemod-utils/shim-text.js';
import type { PlanContext } from './context.js';

export interface ExistingShim {
  file: string;
  name: string;
  ref: string;
}

export function findExistingShims(context: PlanContext, known: ReadonlySet<string>): ExistingShim[] {
  const shims: ExistingShim[] = [];
  for (const file of context.input.graph.files) {
    const text = context.text(file);
    if (text === null || !text.includes('@ssot-shim')) continue;
    const source = context.source(file, true);
    if (!source) continue;
    for (const [name, ref] of shimsOf(source)) {
      if (known.has(`${file}#${name}`)) continue;
      shims.push({ file, name, ref });
    }
  }
  return shims;
}

/** A finding-shaped record for a shim, so it is planned like any superseded member. */
export function shimFinding(shim: ExistingShim, concept: string, cluster: string, configType: boolean): Finding {
  return {
    id: `${shim.file}#${shim.name}`,
    concept,
    kind: configType ? 'config-type' : 'wrapper',
    file: shim.file,
    symbol: shim.name,
    startLine: 1,
    endLine: 1,
    importers: [],
    cluster,
    status: 'wrapper',
    confidence: 1,
    signals: ['ssot-shim'],
    evidence: [],
    target: shim.ref,
    fingerprint: '',
  };
}
