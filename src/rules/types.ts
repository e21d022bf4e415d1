/**
 * The rule (concept) definition format: one concept per file in `rules/<id>.yaml`, in a user's rules
 * folder, or inline under `concepts` in the config. Data only: no TypeScript needed to add a concept.
 *
 * A rule scores every declaration of the kinds it considers. Each signal that fires adds evidence; the
 * confidence is the noisy-OR of the positive weights (`1 - Π(1 - w)`), scaled down by negative weights.
 * A declaration becomes a candidate when every `requires` condition holds, no `exclude` signal fires and
 * the confidence reaches `threshold` (and the effective minimum confidence).
 *
 * Patterns are JavaScript regular expressions given as strings, matched case-insensitively; write
 * `/source/flags` to choose the flags yourself (for example `/^[A-Z]/` for a case-sensitive match).
 */

/** The declarations a rule can consider. */
export const DECLARATION_KINDS = ['class', 'function', 'method', 'object', 'interface', 'type', 'variable'] as const;
/**
 * - `class`: class declarations and expressions, and prototype-based JS classes (`function F() {}` plus
 *   `F.prototype.m = ...`).
 * - `function`: function declarations, `const f = () => ...`, `exports.f = function ...`.
 * - `method`: a method of a class or object literal, reported as `Class.method` when the class itself is
 *   not about the concept.
 * - `object`: object literals bound to a name (`export const retryHelper = { run() {} }`).
 * - `interface`, `type`: TypeScript interfaces and type aliases.
 * - `variable`: any other named `const`/`let` (for example a schema built with `z.object({...})`).
 */
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

/** A regular expression as a string (`"retry"`, or `"/^Retry/"` with explicit flags). */
export type Pattern = string;

/** Names of members, fields or options: how many must match, and which share of all of them. */
export interface NameListCondition {
  pattern: Pattern;
  /** Minimum number of matching names. Default 1. */
  min?: number;
  /** Minimum share (0..1) of all names that must match. Default 0. */
  minRatio?: number;
}

/** Imports of given modules, used by the declaration (a helper around `p-retry`, `opossum`...). */
export interface ImportCondition {
  /** Module specifier pattern, e.g. `^(p-retry|async-retry)$`. */
  from: Pattern;
  /** Imported names that must be used (default: any binding from that module). */
  names?: Pattern;
}

/**
 * One signal: an `id` (reported in findings), a `weight`, and exactly one condition. Signals with a
 * `matcher` (and `imports`) are structural: they look at what the code does, not what it is called.
 */
export interface SignalDefinition {
  /** Kebab-case id, unique within the rule; appears in findings' `signals` and `evidence`. */
  id: string;
  /** -1..1. Positive weights combine by noisy-OR; negative ones scale the confidence down. Default 0.3. */
  weight?: number;
  /** Short human sentence used as the evidence note. */
  note?: string;
  /** The declaration's own name (for a method, the method name). */
  name?: Pattern;
  /** Names of the methods and properties of a class or object literal. */
  members?: NameListCondition;
  /** Field names of an interface, type literal, data class or schema object. */
  fields?: NameListCondition;
  /** Callee names the declaration calls (`fetch`, `this.breaker.fire`: matched against the full callee text). */
  calls?: Pattern;
  /** Class names the declaration instantiates with `new`. */
  new?: Pattern;
  /** Imports used by the declaration. */
  imports?: ImportCondition;
  /** Names in the `extends` / `implements` clauses. */
  extends?: Pattern;
  /** String literals (and template text) used in the declaration. */
  strings?: Pattern;
  /** A named structural fact from the built-in vocabulary (see `MATCHERS` in `matchers.ts`). */
  matcher?: string;
}

/** The keys of SignalDefinition that are conditions: exactly one must be present. */
export const SIGNAL_CONDITIONS = ['name', 'members', 'fields', 'calls', 'new', 'imports', 'extends', 'strings', 'matcher'] as const;
/** One of the condition keys of a signal. */
export type SignalCondition = (typeof SIGNAL_CONDITIONS)[number];
/** Conditions that describe what code does rather than what it is called. */
export const STRUCTURAL_CONDITIONS: readonly SignalCondition[] = ['matcher', 'imports'];

/** Which signals must fire: at least one of `anyOf`, and all of `allOf` (signal ids). */
export interface RequiresDefinition {
  anyOf?: string[];
  allOf?: string[];
}

/** A finding an `invalid` example must produce. */
export interface ExpectedFinding {
  symbol: string;
  kind?: 'implementation' | 'config-type' | 'wrapper';
  startLine?: number;
  endLine?: number;
}

/** A code snippet run as a test. `file` chooses the language by extension (default `example.ts`). */
export interface RuleExample {
  code: string;
  file?: string;
  /** For invalid examples: the findings expected, exactly (default: one finding, any symbol). */
  findings?: ExpectedFinding[];
}

/** One concept: which declarations implement (or configure) it, and the evidence that says so. */
export interface RuleDefinition {
  /** Kebab-case concept id, equal to the file name. */
  id: string;
  description?: string;
  /** What a match is: logic (`implementation`, the default) or a type that configures it (`config-type`). */
  kind?: 'implementation' | 'config-type';
  /** Declarations considered. Default: class, function, method, object (implementation) or interface, type, class (config-type). */
  declarations?: DeclarationKind[];
  /**
   * Patterns over the raw file text: the rule only runs on files matching one of them, and a file that
   * matches no keyword of any rule is never fully parsed. Must cover everything the rule can find.
   * Omitted: the rule runs on every file (slower scans, never a missed finding).
   */
  keywords?: Pattern[];
  /** Positive and negative evidence. A concept without signals finds nothing (an id reserved for later). */
  signals?: SignalDefinition[];
  /** Minimum confidence (0..1) for a declaration to count at all. Default 0.5. */
  threshold?: number;
  /** Signals that must fire (built-in rules require a structural one, so names alone never suffice). */
  requires?: RequiresDefinition;
  /** Vetoes: if any of these fires, the declaration is a look-alike and is not reported. */
  exclude?: SignalDefinition[];
  /**
   * Minimum confidence to report, overriding the config's global `minConfidence` for this concept
   * (the config's `rules.<id>.minConfidence` overrides this in turn).
   */
  minConfidence?: number;
  /**
   * Whether a declaration named like the concept that only forwards to something named like it is a
   * tentative `wrapper` (confirmed by the scan when the target is a finding). Default true for
   * implementations.
   */
  wrappers?: boolean;
  /** Concepts this one takes precedence over when both match the same symbol (a manager over its retry). */
  supersedes?: string[];
  /**
   * How findings of this concept cluster: all together per scope (`concept`, the default), or by the
   * candidate's `clusterKey` (`key`, e.g. factories grouped by product or name). Clusters smaller than
   * `minSize` (default 1) are not reported, nor are their members (a factory nobody duplicates).
   */
  cluster?: { by: 'concept' | 'key'; minSize?: number };
  /** Snippets run as tests: `valid` must produce no finding of this concept, `invalid` exactly the expected ones. */
  examples?: { valid: Array<string | RuleExample>; invalid: Array<string | RuleExample> };
}
