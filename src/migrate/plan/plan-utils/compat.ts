/**
 * Comparing a superseded symbol with its canonical: which members, options and fields the canonical
 * lacks (after the configured mapping), whether a config type can simply alias the canonical, and
 * name suggestions for what is left (`maxRetries`/`retries` → `maxAttempts`).
 */
import type { MappingConfig } from '../../../config/types.js';
import type { DeclarationApi, ParamShape } from './api.js';
import { parseValueTarget } from '../codemod-utils/value-mapping.js';

/** Words that mean the same in option and field names. */
const SYNONYMS: Record<string, string> = {
  retries: 'attempt', retry: 'attempt', tries: 'attempt', try: 'attempt', attempts: 'attempt',
  delay: 'delay', wait: 'delay', interval: 'delay', backoff: 'delay', sleep: 'delay', pause: 'delay',
  timeout: 'timeout', cooldown: 'timeout', recovery: 'reset', reset: 'reset',
  failures: 'failure', errors: 'failure', error: 'failure', fails: 'failure', fail: 'failure',
  threshold: 'limit', limit: 'limit', multiplier: 'factor', factor: 'factor', exponent: 'factor',
  jitter: 'jitter', randomize: 'jitter', random: 'jitter',
};
/** Words that only qualify (units, "max", "base"). */
const FILLER = new Set(['max', 'maximum', 'min', 'base', 'initial', 'ms', 'millis', 'milliseconds', 'seconds', 'sec', 's', 'num', 'number', 'count', 'of', 'enabled', 'use', 'is']);

function tokens(name: string): Set<string> {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 0);
  const out = new Set<string>();
  for (const word of words) {
    if (FILLER.has(word)) continue;
    out.add(SYNONYMS[word] ?? word.replace(/s$/, ''));
  }
  if (out.size === 0 && words.length > 0) out.add(words[words.length - 1]!);
  return out;
}

/** The candidate most like `name` (same meaning after synonyms and units are set aside), if one stands out. */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const mine = tokens(name);
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const candidate of candidates) {
    const theirs = tokens(candidate);
    const shared = [...mine].filter((t) => theirs.has(t)).length;
    const score = shared / (mine.size + theirs.size - shared || 1);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) tie = true;
  }
  return bestScore >= 0.5 && !tie ? best : undefined;
}

export interface MemberGap {
  /** Public members of the old API the canonical lacks and the mapping does not place. */
  missing: string[];
  /** Suggestions for the missing ones. */
  suggestions: Record<string, string>;
}

function has(mapping: Record<string, string | null> | undefined, name: string): boolean {
  return mapping !== undefined && Object.prototype.hasOwnProperty.call(mapping, name);
}

/** Members of `old` that `canonical` lacks, after `mapping.members`. */
export function memberGap(old: DeclarationApi, canonical: DeclarationApi, mapping: MappingConfig | undefined): MemberGap {
  const missing: string[] = [];
  const suggestions: Record<string, string> = {};
  for (const name of [...old.members].sort()) {
    if (canonical.members.has(name) || has(mapping?.members, name)) continue;
    missing.push(name);
    const suggestion = suggestName(name, canonical.members);
    if (suggestion) suggestions[name] = suggestion;
  }
  for (const name of [...old.statics].sort()) {
    if (canonical.statics.has(name) || has(mapping?.members, name)) continue;
    missing.push(name);
  }
  return { missing, suggestions };
}

/**
 * Names that mean the same type once the migration is done (a superseded config type aliased to its
 * canonical): type texts are compared after this renaming.
 */
export type TypeAliases = ReadonlyMap<string, string>;

export function normalizeType(text: string, aliases: TypeAliases): string {
  if (aliases.size === 0) return text;
  return text.replace(/[A-Za-z_$][\w$]*/g, (name) => aliases.get(name) ?? name);
}

/** Whether two parameter lists are the same (by type text, after aliases). */
export function sameParams(a: ParamShape[] | null, b: ParamShape[] | null, aliases: TypeAliases = new Map()): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((p, i) => normalizeType(p.type, aliases) === normalizeType(b[i]!.type, aliases) && p.rest === b[i]!.rest && p.optional === b[i]!.optional);
}

/**
 * Whether every call written for `old`'s parameters also fits `canonical`'s: the same types in the same
 * places, and whatever the canonical takes beyond them is optional.
 */
export function callCompatible(old: ParamShape[] | null, canonical: ParamShape[] | null, aliases: TypeAliases = new Map()): boolean {
  if (old === null || canonical === null) return old === canonical;
  if (old.length > canonical.length && !canonical.some((p) => p.rest)) return false;
  for (let i = 0; i < canonical.length; i++) {
    const a = old[i];
    const b = canonical[i]!;
    if (!a) {
      if (!b.optional && !b.rest) return false;
      continue;
    }
    if (normalizeType(a.type, aliases) !== normalizeType(b.type, aliases) || a.rest !== b.rest) return false;
    if (a.optional && !b.optional && !b.rest) return false;
  }
  return true;
}

/** Whether calls of both return the same sort of thing: a generator's iterator, or not (`function*` vs `function`). */
export function sameYield(old: DeclarationApi, canonical: DeclarationApi): boolean {
  return (old.generator ?? false) === (canonical.generator ?? false);
}

/** Whether uses written against `old` keep their meaning against `canonical` (same kind of declaration). */
export function sameKind(old: DeclarationApi, canonical: DeclarationApi): boolean {
  const family = (kind: DeclarationApi['kind']): string => (kind === 'interface' || kind === 'type' ? 'type' : kind === 'variable' ? 'value' : kind);
  return family(old.kind) === family(canonical.kind);
}

/** Whether a call with `count` arguments fits the parameters (unknown parameters fit anything). */
export function acceptsArity(params: ParamShape[] | null, count: number): boolean {
  if (params === null) return true;
  if (params.some((p) => p.rest)) return count >= params.filter((p) => !p.optional && !p.rest).length;
  return count <= params.length && count >= params.filter((p) => !p.optional).length;
}

export interface FieldComparison {
  /** The old type can become `type Old = Canonical` without breaking its users. */
  aliasable: boolean;
  /** Old field → canonical field (identity included), `null` when mapped away. */
  mapping: Record<string, string | null>;
  /** Old fields with no counterpart and no mapping. */
  missing: string[];
  /** Required canonical fields no old field provides. */
  required: string[];
  suggestions: Record<string, string>;
  /**
   * Canonical fields the old type lacks, given a value by the mapping (`fields: { slidingWindowSize: "20" }`,
   * a key that names a canonical field and no old one): the converter sets them.
   */
  defaults: Record<string, string>;
  /** Mapping keys that name neither an old nor a canonical field (probably misspelt). */
  unknown: string[];
  /** Required canonical fields fed only by an optional old field, with no default for when it is absent. */
  optionalOnly: string[];
}

export function compareFields(old: DeclarationApi, canonical: DeclarationApi, mapping: MappingConfig | undefined): FieldComparison {
  const result: FieldComparison = { aliasable: !old.open, mapping: {}, missing: [], required: [], suggestions: {}, defaults: {}, unknown: [], optionalOnly: [] };
  const provided = new Set<string>();
  const optionalSources = new Set<string>();
  for (const [name, value] of Object.entries(mapping?.fields ?? {})) {
    if (old.fields.has(name)) continue;
    if (canonical.fields.has(name) && typeof value === 'string') {
      result.defaults[name] = value;
      result.aliasable = false;
    } else if (!old.open) {
      result.unknown.push(name);
    }
  }
  for (const [name, field] of [...old.fields].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (has(mapping?.fields, name)) {
      const target = mapping!.fields![name]!;
      result.mapping[name] = target;
      if (target !== name) result.aliasable = false;
      if (target !== null) {
        const to = parseValueTarget(target)?.name ?? target;
        if (field.optional) optionalSources.add(to);
        else provided.add(to);
      }
      continue;
    }
    const counterpart = canonical.fields.get(name);
    if (counterpart) {
      result.mapping[name] = name;
      if (field.optional && !counterpart.optional) optionalSources.add(name);
      else provided.add(name);
      if (counterpart.type !== field.type || (field.optional && !counterpart.optional)) result.aliasable = false;
      continue;
    }
    result.aliasable = false;
    result.missing.push(name);
    const suggestion = suggestName(name, canonical.fields.keys());
    if (suggestion) result.suggestions[name] = suggestion;
  }
  for (const [name, field] of canonical.fields) {
    if (field.optional || provided.has(name) || has(result.defaults, name)) continue;
    result.aliasable = false;
    if (optionalSources.has(name)) result.optionalOnly.push(name);
    else result.required.push(name);
  }
  return result;
}
