/**
 * Per-file facts: what one file contributes to a scan. Computed in a worker thread, cached by content
 * hash under `.ssot/cache`, and plain JSON so it can cross thread boundaries and be stored as is.
 *
 * The linker (src/scan/link) turns the facts of all files into the public ScanResult: it resolves
 * imports to files, counts importers, decides wrappers and re-exports, clusters, statuses and the
 * canonical suggestion.
 */

export interface ImportBinding {
  /** Name in the source module: an export name, `default`, or `*` for a namespace import. */
  imported: string;
  /** Local name in the importing file. */
  local: string;
  typeOnly?: boolean;
}

export interface ImportFact {
  /** Module specifier as written: `./retry`, `@app/core/retry`, `@acme/resilience`. */
  specifier: string;
  line: number;
  /**
   * - `static`: `import ... from` (and `import x = require()` in TS)
   * - `dynamic`: `import('...')`
   * - `require`: `require('...')`
   * - `side-effect`: `import '...'`
   */
  kind: 'static' | 'dynamic' | 'require' | 'side-effect';
  typeOnly: boolean;
  bindings: ImportBinding[];
  /**
   * For namespace imports (`import * as x`, `const x = require()`, `await import()` assigned to a name):
   * the member names used as `x.Name` in the file. Undefined when unknown (treat as "uses everything").
   */
  namespaceMembers?: string[];
}

export interface ExportFact {
  /** Exported name; `default` for the default export; `*` for `export * from`. */
  name: string;
  /** Local declaration name when exporting a local binding (`export { a as b }` gives local `a`). */
  local?: string;
  /** Source specifier for re-exports (`export ... from '...'`). */
  from?: string;
  /** Name in the source module for re-exports (`export { a as b } from` gives `a`; `*` for star). */
  imported?: string;
  line: number;
  typeOnly?: boolean;
}

/** Named facts about a declaration that the detectors consider one concept implementation. */
export interface CandidateFeatures {
  /** Public methods and properties of a class/object, or exported helpers of a module-level function. */
  members: string[];
  /** Fields of a config type, or the config fields a class reads (`this.config.maxRetries`). */
  fields: string[];
  /** Keys of the options object parameter(s) the implementation accepts. */
  options: string[];
  /** Event names it emits or callbacks it invokes (`emit('open')`, `onRetry`, `send_event('agent_thinking')`). */
  events: string[];
}

export interface Candidate {
  concept: string;
  /** `wrapper` is tentative: the linker confirms it by resolving `delegatesTo` to another finding. */
  kind: 'implementation' | 'config-type' | 'wrapper';
  /** `Name`, or `Class.method` for logic inlined in a method of a class that exists for something else. */
  symbol: string;
  /** The top-level local name importers reach it by (the class name for `Class.method`). */
  localName: string;
  startLine: number;
  endLine: number;
  /** 0..1 */
  confidence: number;
  signals: string[];
  evidence: Array<{ signal: string; line: number; note: string }>;
  /**
   * Local identifiers (top-level declarations or imported bindings) that the declaration instantiates,
   * calls or extends: lets the linker resolve "delegates to another implementation".
   */
  delegatesTo: string[];
  /** True when the declaration carries concept logic of its own rather than forwarding to another one. */
  ownLogic: boolean;
  /** For keyed concepts (factories): the product or name that groups duplicates. */
  clusterKey?: string;
  features: CandidateFeatures;
  /** See Finding.fingerprint. */
  fingerprint: string;
  /** MinHash signature of the normalised structure, for near-clone similarity. */
  shape: number[];
}

/** A class member holding an instance (`this.x = new Y()`, `x = getY()`), for double initialization. */
export interface HolderFact {
  class: string;
  classStartLine: number;
  classEndLine: number;
  member: string;
  line: number;
  /** Local identifier that is instantiated (`new Y`) or called (`getY()`). */
  target: string;
  via: 'new' | 'call';
}

/** A top-level function that returns an instance of a local or imported class (`function getX() { return new X() }`). */
export interface ProducerFact {
  name: string;
  /** Local identifier of the class it returns. */
  returns: string;
}

export interface FileFacts {
  /** Posix path relative to the scan root. */
  file: string;
  /** Content hash (also the cache key with the rules hash and tool version). */
  hash: string;
  /** Whether the file was fully parsed (it could hold a finding) or only lexed for imports and exports. */
  parsed: boolean;
  imports: ImportFact[];
  exports: ExportFact[];
  candidates: Candidate[];
  holders: HolderFact[];
  producers: ProducerFact[];
  /** Top-level names used by other code in the same file (a helper only used locally is not dead). */
  localUses: string[];
  /** Set when the file could not be read or parsed; the rest of the facts are then empty. */
  error?: { message: string; line?: number };
}
