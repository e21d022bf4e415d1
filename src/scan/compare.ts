/**
 * `ssot compare`: the feature comparison matrix of two declarations (members, config fields, options,
 * events each one has and the other lacks), as the consolidation plans draw it by hand. Works for any
 * class, function, object, interface or type alias, not only findings.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseSource, syntaxErrors } from '../parser/ts.js';
import { isSsotError, SsotError } from '../shared/errors.js';
import { fileContext, unitContext } from './detect/context.js';
import { extractFeatures } from './detect/features.js';
import { collectUnits, type Unit } from './detect/units.js';
import { FEATURE_CATEGORIES, type CompareResult, type CompareRow, type CompareSide } from './compare-types.js';
import type { CandidateFeatures } from './facts.js';
import { fingerprintNodes, similarity } from './fingerprint.js';

export { FEATURE_CATEGORIES, type CompareResult, type CompareRow, type CompareSide, type FeatureCategory } from './compare-types.js';

/** Splits `path#Symbol` (Symbol may be `Class.method`). */
export function parseSymbolRef(ref: string): { path: string; symbol: string } {
  const hash = ref.lastIndexOf('#');
  if (hash <= 0 || hash === ref.length - 1) {
    throw new SsotError('usage', `expected file#Symbol, got "${ref}"`, [{ path: ref, message: 'write it as path/to/file.ts#Symbol or path/to/file.ts#Class.method' }]);
  }
  return { path: ref.slice(0, hash), symbol: ref.slice(hash + 1) };
}

function findUnit(units: Unit[], symbol: string): Unit | undefined {
  const direct = units.find((unit) => unit.symbol === symbol);
  if (direct) return direct;
  const dot = symbol.indexOf('.');
  if (dot < 0) return undefined;
  const owner = units.find((unit) => unit.name === symbol.slice(0, dot));
  return owner?.methods.find((method) => method.name === symbol.slice(dot + 1));
}

async function loadSide(root: string, ref: string): Promise<{ side: CompareSide; shape: number[] }> {
  const { path, symbol } = parseSymbolRef(ref);
  const absolute = isAbsolute(path) ? path : resolve(root, path);
  const file = relative(root, absolute).split(sep).join('/');
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SsotError('input', `cannot compare: ${path} ${code === 'ENOENT' ? 'does not exist' : 'cannot be read'}`, [
      { path: ref, message: code === 'ENOENT' ? `no such file: ${absolute}` : String((error as Error).message) },
    ]);
  }
  const sf = parseSource(absolute, text);
  const units = collectUnits(sf);
  const unit = findUnit(units, symbol);
  if (!unit) {
    const available = units.flatMap((u) => [u.symbol, ...u.methods.filter((m) => m.name !== 'constructor').map((m) => m.symbol)]);
    const shown = available.slice(0, 12).join(', ') + (available.length > 12 ? ', …' : '');
    // A syntax error may hide the declaration: say so rather than "declares nothing".
    const syntax = syntaxErrors(sf)[0];
    const broken = syntax ? `; the file has a syntax error at line ${syntax.line}: ${syntax.message}` : '';
    throw new SsotError('input', `cannot compare: no declaration "${symbol}" in ${file}`, [
      { path: ref, message: (available.length > 0 ? `declared there: ${shown}` : 'the file declares nothing comparable') + broken },
    ]);
  }
  const ctx = unitContext(unit, fileContext(sf, file));
  const { fingerprint, shape } = fingerprintNodes(unit.nodes);
  return {
    side: { ref, file, symbol: unit.symbol, declaration: unit.kind, startLine: unit.startLine, endLine: unit.endLine, features: extractFeatures(ctx), fingerprint },
    shape,
  };
}

/** Case- and separator-insensitive key, so `maxRetries` meets `max_retries`. */
function featureKey(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/** The matrix of two feature sets (pure). */
export function compareFeatures(a: CandidateFeatures, b: CandidateFeatures): Pick<CompareResult, 'rows' | 'summary'> {
  const rows: CompareRow[] = [];
  const summary = {} as CompareResult['summary'];
  for (const category of FEATURE_CATEGORIES) {
    const fromB = new Map(b[category].map((name) => [featureKey(name), name]));
    const seen = new Set<string>();
    const counts = { both: 0, onlyA: 0, onlyB: 0 };
    for (const name of a[category]) {
      const key = featureKey(name);
      if (seen.has(key)) continue;
      seen.add(key);
      const other = fromB.get(key);
      rows.push(other !== undefined ? { category, name, a: name, b: other } : { category, name, a: name });
      if (other !== undefined) counts.both++;
      else counts.onlyA++;
    }
    for (const name of b[category]) {
      const key = featureKey(name);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ category, name, b: name });
      counts.onlyB++;
    }
    summary[category] = counts;
  }
  return { rows, summary };
}

/**
 * Parses the two files, finds the symbols (`Name` or `Class.method`) and compares their features.
 * Paths are relative to `root` (or absolute). Throws `SsotError` when a file or symbol does not exist.
 */
export async function compareSymbols(root: string, a: string, b: string): Promise<CompareResult> {
  const absoluteRoot = resolve(root);
  const settled = await Promise.allSettled([loadSide(absoluteRoot, a), loadSide(absoluteRoot, b)]);
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.length > 0) {
    // Report both sides' problems at once when both are wrong.
    const known = failures.filter(isSsotError);
    if (known.length !== failures.length) throw failures.find((f) => !isSsotError(f));
    if (known.length === 1) throw known[0];
    throw new SsotError(known[0]!.code, known.map((e) => e.message).join('; '), known.flatMap((e) => e.issues));
  }
  const [left, right] = settled.map((s) => (s as PromiseFulfilledResult<{ side: CompareSide; shape: number[] }>).value) as [
    { side: CompareSide; shape: number[] },
    { side: CompareSide; shape: number[] },
  ];
  return {
    a: left.side,
    b: right.side,
    ...compareFeatures(left.side.features, right.side.features),
    similarity: Math.round(similarity(left.shape, right.shape) * 100) / 100,
    identical: left.side.fingerprint === right.side.fingerprint,
  };
}
