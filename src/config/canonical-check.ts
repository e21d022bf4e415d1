/**
 * Configured canonicals that a scan could not honour: the reference names no finding, or the key
 * names no cluster or concept. The CLI prints them as warnings (a typo in `canonical` should not go
 * unnoticed, but it is no reason to stop a scan).
 *
 * A reference may also name a package rather than a project file (`ssot/resilience#RetryPolicy`,
 * `@acme/resilience#retry`): that is the migration target, which a scan of the project never finds.
 * It is legitimate when it is the ssot package or a package the project declares or has installed.
 */
import type { Finding, ScanResult } from '../scan/types.js';
import { didYouMean } from './did-you-mean.js';
import type { ResolvedConfig } from './types.js';

export interface UnmatchedCanonical {
  /** The `canonical` key: a cluster id or a concept id. */
  key: string;
  reference: string;
  problem: string;
}

export interface CanonicalCheckOptions {
  /** Concept ids the scan looked for (built-in, rule folders, inline): a key naming one is no typo. */
  concepts?: Iterable<string>;
  /** Whether a package name is available to the project (declared or installed). */
  hasPackage?: (name: string) => boolean;
  /**
   * Names exported by an entry point of the shipped package (`ssot/resilience`): null when there is
   * no such entry point, undefined when unknown. Lets `ssot/resilience#RetryPolicyy` be caught.
   */
  shippedExports?: (specifier: string) => ReadonlySet<string> | null | undefined;
  /**
   * Whether a project file still declares a symbol (`file` as the reference writes it). A reference
   * that names no finding but a declaration that exists, under a key of a known concept that has no
   * cluster any more, is a cluster that has converged (a lone factory is no finding): no typo. While
   * the cluster exists, its canonical must be one of its findings.
   */
  declares?: (file: string, symbol: string) => boolean;
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;
/** The package this tool ships: its resilience core is the default migration target. */
const SHIPPED_PACKAGE = 'ssot';
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

/** Whether `path#Symbol` names this finding; the extension may be left out of the path. */
export function referenceMatches(reference: string, finding: Pick<Finding, 'file' | 'symbol'>): boolean {
  const hash = reference.indexOf('#');
  if (hash <= 0) return false;
  const path = reference.slice(0, hash).replace(/^\.\//, '');
  const symbol = reference.slice(hash + 1);
  if (symbol !== finding.symbol) return false;
  return path === finding.file || path === finding.file.replace(SOURCE_EXTENSION, '');
}

/**
 * The package name of a reference written as a bare module specifier (`ssot/resilience#X` → `ssot`,
 * `@acme/core/retry#X` → `@acme/core`), or undefined for a relative or absolute path or a path with
 * a source extension, which can only name a project file.
 */
export function referencePackage(reference: string): string | undefined {
  const hash = reference.indexOf('#');
  if (hash <= 0) return undefined;
  const specifier = reference.slice(0, hash);
  if (/^[./\\]/.test(specifier) || /^[a-z]:/i.test(specifier) || specifier.includes('\\') || SOURCE_EXTENSION.test(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return PACKAGE_NAME.test(name) ? name : undefined;
}

/** Why a reference into the shipped package names nothing it exports, or undefined when it does (or nobody knows). */
function shippedExportProblem(reference: string, options: CanonicalCheckOptions): string | undefined {
  const hash = reference.indexOf('#');
  const specifier = reference.slice(0, hash);
  const symbol = reference.slice(hash + 1).split('.')[0]!;
  const exported = options.shippedExports?.(specifier);
  if (exported === undefined) return undefined;
  if (exported === null) return `names "${specifier}", which the ${SHIPPED_PACKAGE} package does not export`;
  if (exported.has(symbol)) return undefined;
  return `names "${symbol}", which "${specifier}" does not export${didYouMean(symbol, [...exported])}`;
}

/** A `<concept>` or `<concept>:<name>` key of a known concept whose project reference still names a declaration. */
function convergedCluster(key: string, reference: string, concepts: ReadonlySet<string>, options: CanonicalCheckOptions): boolean {
  const hash = reference.indexOf('#');
  if (hash <= 0 || !options.declares) return false;
  const concept = key.split(':')[0]!;
  return concepts.has(concept) && options.declares(reference.slice(0, hash).replace(/^\.\//, ''), reference.slice(hash + 1).split('.')[0]!);
}

export function unmatchedCanonicals(config: Pick<ResolvedConfig, 'canonical'>, result: ScanResult, options: CanonicalCheckOptions = {}): UnmatchedCanonical[] {
  const unmatched: UnmatchedCanonical[] = [];
  const keys = new Set([
    ...(options.concepts ?? []),
    ...result.clusters.map((cluster) => cluster.id),
    ...result.clusters.map((cluster) => cluster.concept),
    ...result.findings.map((finding) => finding.concept),
  ]);
  const concepts = new Set([...(options.concepts ?? []), ...result.findings.map((finding) => finding.concept)]);
  for (const [key, reference] of Object.entries(config.canonical)) {
    const clustered = result.clusters.some((cluster) => cluster.id === key || cluster.concept === key);
    if (!clustered && convergedCluster(key, reference, concepts, options)) continue;
    const matchesFinding = result.findings.some((finding) => referenceMatches(reference, finding));
    const packageName = matchesFinding ? undefined : referencePackage(reference);
    const knownPackage = packageName !== undefined && (packageName === SHIPPED_PACKAGE || options.hasPackage?.(packageName) === true);
    const shippedProblem = packageName === SHIPPED_PACKAGE ? shippedExportProblem(reference, options) : undefined;
    if (shippedProblem !== undefined) {
      unmatched.push({ key, reference, problem: shippedProblem });
    } else if (!matchesFinding && !knownPackage) {
      // `cockatiel#retry` or `@acme/core#retry` reads as a package, not as a project path: say why it fails.
      const looksLikePackage = packageName !== undefined && (packageName.startsWith('@') || !reference.slice(0, reference.indexOf('#')).includes('/'));
      const note = looksLikePackage ? ` and "${packageName}" is neither a dependency of the project nor installed` : '';
      unmatched.push({ key, reference, problem: `matches no finding of the scan${note}` });
    } else if (!keys.has(key)) {
      unmatched.push({ key, reference, problem: 'names no cluster or concept found by the scan' });
    }
  }
  return unmatched;
}
