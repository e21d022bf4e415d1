/**
 * The options each built-in codemod receives for one file. The planner computes them (specifiers are
 * already written as the edited file must spell them); golden tests write them by hand in
 * `<case>.options.json`. Everything here is plain JSON and position-free: codemods find their targets
 * on the AST of the text they are given, so they still work after an earlier codemod edited the file,
 * and a second run finds nothing left to do.
 */

/** A symbol as the edited file must import it. */
export interface ImportTarget {
  /** Module specifier, written as this file must write it (`../core/breaker.js`, `ssot/resilience`). */
  specifier: string;
  /** Export name in that module; `default` for the default export. */
  name: string;
  /** The target is only a type (interface or type alias): imports of it must be type-only. */
  typeOnly?: boolean;
}

/** A canonical symbol: how to import it from the edited file, and its `path#Symbol` reference. */
export interface CanonicalTarget extends ImportTarget {
  /** `src/core/breaker.ts#UnifiedCircuitBreaker` or `ssot/resilience#CircuitBreaker`, for messages and tags. */
  ref: string;
}

/**
 * How uses of a superseded symbol map onto the canonical. A value that is an identifier renames; `null`
 * drops (a drop at a use site cannot be done and is reported); any other string is an expression
 * template (members only): `this.target` is the instance, the old parameter names are the arguments.
 */
export interface UsageMapping {
  members?: Record<string, string | null>;
  fields?: Record<string, string | null>;
  options?: Record<string, string | null>;
  /**
   * Default values of the superseded declaration's parameters, by position: what a call or construct
   * template gets for an argument a call site leaves out; `null` when the default cannot be written at
   * a call site (it names something of the declaring module). Positions with no default are absent.
   */
  argumentDefaults?: Record<string, string | null>;
  /**
   * Config types: canonical fields the old type has no counterpart for → the value the converter sets
   * (`slidingWindowSize: "20"`); a literal rewritten for the canonical gets the ones it does not set.
   */
  fieldDefaults?: Record<string, string>;
  /**
   * Properties of other types whose type moved to the canonical with a config-flow group: a literal
   * that spreads `x.<name>` still gets the defaults, placed before the spread so that its values win.
   */
  canonicalSpreads?: string[];
}

/** `rewrite-imports`: one superseded symbol reached through one specifier of this file. */
export interface SymbolMove extends UsageMapping {
  /** Specifier as written in this file (the superseded module, a barrel or a re-export). */
  from: string;
  /** Export name at `from` (`default` for a default import). */
  name: string;
  to: ImportTarget;
  /** What the symbol is, so uses can be tracked: instances of classes, option objects of functions. */
  symbolKind?: 'class' | 'function' | 'type' | 'value';
  /**
   * For a barrel's `export { X } from`: drop the re-export instead of pointing it at the canonical (the
   * canonical is another type, and every importer that used the barrel for it has moved).
   */
  remove?: boolean;
}

/**
 * Calls of a superseded function that this file keeps calling (its adapter), whose options argument
 * follows the adapter's new parameter type: the keys of an object literal there are renamed.
 */
export interface ArgumentKeyRename {
  /** Specifier as written in this file. */
  from: string;
  /** Export name at `from`. */
  name: string;
  /** 0-based position of the options argument. */
  argument: number;
  /** Old key → new key. */
  keys: Record<string, string>;
}

export interface RewriteImportsOptions {
  moves: SymbolMove[];
  /** Option literals passed to adapters the file keeps (after their parameter type became the canonical's). */
  argumentKeys?: ArgumentKeyRename[];
  /**
   * Every export name of a `from` module, when known: an `export * from` whose every export moves is
   * replaced; otherwise the moved names are re-exported explicitly next to it.
   */
  moduleExports?: Record<string, string[]>;
  /**
   * A config type moved as a group with the signatures it flows through: object literals passed where
   * those signatures now take the canonical type are written as the converter would.
   */
  configLiterals?: ConfigLiteralTask[];
  /** Reads of old fields on values of the canonical type that a template expansion wrote, converted. */
  configReads?: ConfigReadTask[];
  /** Object literals set as a property whose type moved to the canonical (`circuit: { ... }`), converted. */
  configProperties?: ConfigPropertyTask[];
  /** Values of the canonical module the converted literals name, imported when used and unbound. */
  configValues?: ImportTarget[];
  /** In the config type's own module: signatures that take the canonical type now, with their reads converted. */
  configOwnSlots?: ConfigOwnSlotTask[];
}

/**
 * Parameters of the superseded config type's own module (a constructor or function that stays) typed
 * with the old type: retyped to the canonical, which is imported when unbound, and the parameter's
 * field reads in the body written for the canonical (renamed, or converted back).
 */
export interface ConfigOwnSlotTask {
  /** The old type's name in the module. */
  type: string;
  /** The canonical type, as the module imports it. */
  canonical: ImportTarget;
  /** Old field → canonical field, as for a config-type move. */
  fields?: Record<string, string | null>;
  /** Exported class (its constructor) or function, and the parameter position. */
  slots: Array<{ name: string; construct: boolean; index: number }>;
}

/**
 * One signature a superseded config type flows through that now takes the canonical type: the object
 * literals passed to it (directly, or as a branch of `??`, `||` or `?:`) are rewritten for the canonical.
 */
export interface ConfigLiteralTask {
  /** The function or class whose parameter changed: imported as `name` from `specifier`, or declared in this file when `specifier` is absent. */
  callee: { specifier?: string; name: string };
  /** `new Callee(...)` rather than `callee(...)`. */
  construct: boolean;
  /** Parameter position. */
  index: number;
  /** Old field → canonical field (`null` drops it), as for a config-type move. */
  fields?: Record<string, string | null>;
  /** Canonical fields the old type lacks → the value the converter sets. */
  fieldDefaults?: Record<string, string>;
}

/**
 * A property of another type whose type was built from a superseded config type and now takes the
 * canonical (`circuit?: Partial<OldConfig>`): every object literal set as that property in this file
 * (the planner made sure each is set on a value of the holder type) is written for the canonical.
 */
export interface ConfigPropertyTask {
  property: string;
  /** Old field → canonical field (`null` drops it), as for a config-type move. */
  fields?: Record<string, string | null>;
  /** Canonical fields the old type lacks → the value the converter sets (none when the property type is `Partial<...>`). */
  fieldDefaults?: Record<string, string>;
}

/**
 * A superseded config type this file now imports as its canonical: reads of old fields on values typed
 * with it (`cfg.recoveryTimeout` that a construct template wrote) become reads of the canonical field,
 * converted back. Names the canonical has itself are left alone.
 */
export interface ConfigReadTask {
  /** The canonical type as this file imports it. */
  type: ImportTarget;
  fields: Record<string, string | null>;
  canonicalFields: string[];
}

/** `call-recipes`: one recipe as it applies to this file. */
export interface RecipeTask {
  id: string;
  /** Call or `new` pattern with `$placeholders` (`$$$rest` matches the remaining arguments). */
  match: string;
  /** Template; placeholders are replaced with the matched arguments' original text. */
  replace: string;
  /** Imports the template needs, added when the file does not have them. */
  imports?: ImportTarget[];
  /**
   * Pattern identifiers and how this file spells them: `{ withDbRetry: "dbRetry" }` for an aliased
   * import, `{ withDbRetry: "db.withDbRetry" }` for a namespace import. Unlisted identifiers match as written.
   */
  locals?: Record<string, string>;
  /** Local import bindings to remove when no use of them is left after the rewrite. */
  removeUnusedImports?: string[];
  /**
   * When the pattern constructs or calls a superseded symbol: how this file names it (`local` or
   * `ns.Name`), its kind and mapping, so option literals of matched calls are converted and instances
   * built by a rewritten call have their member uses renamed too.
   */
  follow?: UsageMapping & { local: string; symbolKind: 'class' | 'function' | 'type' | 'value' };
}

export interface CallRecipesOptions {
  recipes: RecipeTask[];
}

/** `config-types`: a superseded config type declared in this file. */
export interface ConfigTypeTask {
  /** The declared (exported) type name. */
  name: string;
  canonical: CanonicalTarget;
  /** `alias`: becomes `type Old = Canonical`; `converter`: stays, deprecated, with a generated converter. */
  mode: 'alias' | 'converter';
  /** Old field → canonical field (`null` drops it). Unlisted fields keep their name. */
  fields?: Record<string, string | null>;
  /** Name of the generated converter function; default `to<Canonical>From<Old>`. */
  converterName?: string;
  /**
   * Canonical fields the old type lacks → expression the converter sets them to; also the value used
   * when the optional old field mapped onto a required canonical field is absent.
   */
  defaults?: Record<string, string>;
  /**
   * Values of the canonical's module the converter's expressions name (an enum member as a default):
   * imported from the canonical's specifier when the file lacks them.
   */
  values?: string[];
}

export interface ConfigTypesOptions {
  types: ConfigTypeTask[];
}

/** `shim-modules`: a superseded symbol declared (or re-exported) in this file. */
export interface ShimTask extends UsageMapping {
  /** Exported name of the superseded symbol. */
  name: string;
  canonical: CanonicalTarget;
  /** `re-export` when the canonical is compatible; `adapter` generates a delegating class or function. */
  kind: 're-export' | 'adapter';
  /**
   * Expression that builds the canonical instance (classes) or produces the result (functions) from the
   * old parameters: `$0`, `$1`... are the parameters, `$args` all of them, `$target` the canonical.
   */
  construct?: string;
  /** Imports `construct` and member templates need. */
  imports?: ImportTarget[];
  /**
   * Function adapters and class adapters' constructors: parameter position → the type it is declared with instead of the old one (a
   * superseded options type replaced by the canonical config type; its importers' literals follow).
   */
  parameterTypes?: Record<string, string>;
  /**
   * Parameter position → the default it is declared with instead of the old one (a `new OldConfig()`
   * default written as the literal of the canonical config type the parameter took).
   */
  parameterDefaults?: Record<string, string>;
  /**
   * Function adapters: typed consts of the module (the default of a retyped parameter) that take the
   * canonical config type with it, their object literal written as the converter would.
   */
  configConsts?: ConfigConstTask[];
  /**
   * Public members of the canonical, when known: an adapter keeps unmapped properties the canonical lacks
   * as its own state, and drops unmapped methods it lacks (reported). Unknown: every member delegates.
   */
  canonicalMembers?: string[];
}

/** `const NAME: Old = { ... }` of a module, retyped to `type` with its literal converted. */
export interface ConfigConstTask {
  name: string;
  /** The canonical type as the module names it. */
  type: string;
  fields?: Record<string, string | null>;
  fieldDefaults?: Record<string, string>;
}

export interface ShimModulesOptions {
  shims: ShimTask[];
}

/** `collapse-double-init`: a class holding two instances of one concept. */
export interface CollapseTask {
  class: string;
  /** Member that stays (holds the canonical). */
  keep: string;
  /** Member that goes; its uses move onto `keep`. */
  remove: string;
  /** Renames/templates of the removed member's methods onto the kept one. */
  members?: Record<string, string | null>;
}

export interface CollapseDoubleInitOptions {
  collapses: CollapseTask[];
}

/** `merge-factory`: members to move into a canonical class of this file. */
export interface MergeTask {
  /** Canonical class in this file. */
  class: string;
  /** `path#Symbol` of the superseded class the members come from. */
  from: string;
  /** Member source text with its doc comment, dedented (first line at column 0), in the superseded class's order. */
  members: Array<{ name: string; text: string }>;
  /** Imports the moved members need, as this file must write them. */
  imports?: Array<ImportTarget & { local: string }>;
}

export interface MergeFactoryOptions {
  merges: MergeTask[];
}

/** `delete-superseded`: what to remove from a superseded module that nothing imports any more. */
export interface DeleteSupersededOptions {
  /** `file` deletes the module; `symbols` removes the listed shims and keeps the rest of the module. */
  mode: 'file' | 'symbols';
  /**
   * For `symbols`: the superseded names to remove, with their canonical (bound as a local import when the
   * module's remaining code still uses the name). Generated companions (converters) have no canonical.
   */
  symbols?: Array<{ name: string; canonical?: CanonicalTarget }>;
}

/** `inline-retry`: one function or method whose retry loop becomes a call to the canonical. */
export interface InlineRetryTask {
  /** `Class.method`, or a function's name. */
  method: string;
  /** Expression template with `$target`, `$name`, `$attempts` or `$retries`, `$retryOn`, `$delay`, `$operation`. */
  template: string;
  canonical: CanonicalTarget;
}

export interface InlineRetryOptions {
  retries: InlineRetryTask[];
}

/** Options by codemod id, for the built-in codemods. */
export interface BuiltinCodemodOptions {
  'rewrite-imports': RewriteImportsOptions;
  'call-recipes': CallRecipesOptions;
  'config-types': ConfigTypesOptions;
  'shim-modules': ShimModulesOptions;
  'collapse-double-init': CollapseDoubleInitOptions;
  'merge-factory': MergeFactoryOptions;
  'delete-superseded': DeleteSupersededOptions;
  'inline-retry': InlineRetryOptions;
}
