/**
 * Re-export findings: a module that is not an `index` barrel and forwards an implementation of a
 * concept under its own path (`export { CircuitBreaker } from '../core/breaker'`, `export *` from a
 * module holding one, `export default X` of an imported X, `module.exports = require(...)`).
 * Barrels are plumbing and get no findings.
 */
export { isBarrel } from './barrel.js';
import { createHash } from 'node:crypto';
import type { FileFacts } from '../facts.js';
import type { WorkspacePackage } from '../graph-types.js';
import { workspaceOf } from '../resolve/workspaces.js';
import type { Finding } from '../types.js';
import { type Draft, isWholeDeclaration } from './drafts.js';
import { isBarrel } from './barrel.js';
import type { ExportResolver } from './export-resolver.js';
import type { ImporterIndex } from './importers.js';

/** The line of the export statement through which `file` exports `name`. */
function exportLine(facts: FileFacts, name: string, exports: ExportResolver, resolve: (from: string, spec: string) => string | null): number {
  const explicit = facts.exports.find((exp) => exp.name === name);
  if (explicit) return explicit.line;
  for (const exp of facts.exports) {
    if (exp.name !== '*' || exp.from === undefined) continue;
    const target = resolve(facts.file, exp.from);
    if (target && exports.resolveExport(target, name)) return exp.line;
  }
  return 1;
}

/** Adds a re-export draft for every forwarded name that designates a finding. */
export function reExportDrafts(
  facts: readonly FileFacts[],
  drafts: Map<string, Draft>,
  byDeclaration: ReadonlyMap<string, Draft[]>,
  exports: ExportResolver,
  importers: ImporterIndex,
  workspaces: readonly WorkspacePackage[],
  resolve: (from: string, spec: string) => string | null,
): void {
  for (const file of facts) {
    if (file.error || isBarrel(file.file) || !exports.reExports(file.file)) continue;
    const workspace = workspaceOf(file.file, workspaces)?.name;
    for (const name of exports.exportedNames(file.file)) {
      const trace = exports.resolveExport(file.file, name);
      if (!trace || trace.origin.file === file.file || trace.origin.name === '*') continue;
      const targets = (byDeclaration.get(`${trace.origin.file}\0${trace.origin.name}`) ?? []).filter(isWholeDeclaration);
      const target = targets.sort((a, b) => b.finding.confidence - a.finding.confidence)[0];
      if (!target) continue;
      const id = `${file.file}#${name}`;
      if (drafts.has(id)) continue;
      const line = exportLine(file, name, exports, resolve);
      const finding: Finding = {
        id,
        concept: target.finding.concept,
        kind: 're-export',
        file: file.file,
        symbol: name,
        startLine: line,
        endLine: line,
        importers: importers.of(file.file, name),
        cluster: null,
        status: 'duplicate',
        confidence: target.finding.confidence,
        signals: ['re-export'],
        evidence: [{ signal: 're-export', line, note: `re-exports ${target.finding.symbol} from ${target.finding.file}` }],
        target: target.finding.id,
        fingerprint: createHash('sha1').update(`re-export\0${target.finding.fingerprint}`).digest('hex').slice(0, 16),
      };
      if (workspace !== undefined) finding.workspace = workspace;
      drafts.set(id, { finding, localName: name });
    }
  }
}
