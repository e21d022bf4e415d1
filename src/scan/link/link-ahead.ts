/**
 * Preparing the link while the analysis runs: between the batches of files it reads, and while worker
 * threads still parse, the main thread resolves the import edges of the files whose facts are known
 * (`resolveFileImports`) and indexes their exports and imports (`ExportResolver.add`), so the link,
 * which runs on one thread once every file is analyzed, finds that work done. The resolver's answers
 * do not depend on the order it is asked in, and a file's edges and its export and import index depend
 * on that file alone, so the link's results are the same with or without this; it only moves work out
 * of the single-threaded tail of a scan.
 */
import type { FileOutcome } from '../analyze/text-stage.js';
import type { Resolver } from '../resolve/resolver.js';
import type { FileFacts } from '../facts.js';
import type { ResolvedImport } from '../graph-types.js';
import { ExportResolver } from './export-resolver.js';
import { resolveFileImports } from './graph.js';

/** Files prepared per step: a step stays short, so the caller gets back to its workers quickly. */
const FILES_PER_STEP = 32;

export class LinkAhead {
  private resolver: Pick<Resolver, 'resolve'> | undefined;
  private exportResolver: ExportResolver | undefined;
  /** How many of the outcomes seen so far were looked at. */
  private next = 0;
  /** Set when a resolution threw: the link meets the same error where it always did. */
  private stopped = false;
  /** Each prepared file's resolved import edges, with the facts they were made from. */
  private readonly imports = new Map<string, { facts: FileFacts; edges: ResolvedImport[] }>();

  /** `setup`: the scan's resolver, possibly still being built (a failure is left for the link to report). */
  constructor(setup: Promise<{ resolver: Pick<Resolver, 'resolve'> }>) {
    setup.then(
      ({ resolver }) => {
        this.resolver = resolver;
        this.exportResolver = new ExportResolver(new Map(), (from, specifier) => resolver.resolve(from, specifier).resolved);
      },
      () => {
        this.stopped = true;
      },
    );
  }

  /**
   * The export resolver holding the files prepared so far, over the resolver's `resolve`, for the link
   * (`LinkInput.exports`); undefined when no file was prepared.
   */
  get exports(): ExportResolver | undefined {
    return this.stopped || !this.exportResolver?.size ? undefined : this.exportResolver;
  }

  /**
   * The resolved import edges of a file prepared so far (`resolveFileImports`), for the link
   * (`LinkInput.preparedImports`): undefined when that file, with these very facts, was not prepared.
   */
  importsOf(facts: FileFacts): readonly ResolvedImport[] | undefined {
    const prepared = this.stopped ? undefined : this.imports.get(facts.file);
    return prepared?.facts === facts ? prepared.edges : undefined;
  }

  /**
   * Prepares a few more files among `outcomes` (the analysis outcomes so far, in the order they came;
   * the list only grows). False when there is nothing left to do for now (every outcome seen, or no
   * resolver yet).
   */
  step(outcomes: readonly FileOutcome[]): boolean {
    const resolver = this.resolver;
    const exportResolver = this.exportResolver;
    if (!resolver || !exportResolver || this.stopped || this.next >= outcomes.length) return false;
    const end = Math.min(outcomes.length, this.next + FILES_PER_STEP);
    try {
      for (; this.next < end; this.next++) {
        const outcome = outcomes[this.next]!;
        // Cache hits carry no facts here; files that failed are not linked.
        if (outcome.hit || outcome.facts.error) continue;
        const { facts } = outcome;
        this.imports.set(facts.file, { facts, edges: resolveFileImports(facts, (from, specifier) => resolver.resolve(from, specifier)) });
        exportResolver.add(facts, { index: true });
      }
    } catch {
      // Left for the link, which resolves the same specifier and reports what goes wrong.
      this.stopped = true;
      return false;
    }
    return this.next < outcomes.length;
  }
}
