/**
 * Prefilter for the holder and producer facts (double initialization, wrappers through a producer):
 * whether a file that no rule's keywords match still needs a full parse for them.
 *
 * Those facts only matter when their target is a finding. A finding declared in the same file makes
 * its rule's keywords match (the file is parsed anyway), so a file without keyword matches needs the
 * parse only when it instantiates an imported name (`new Imported()`, a holder or a producer) or, in a
 * class, assigns the result of calling one (`this.x = createImported()`). `new Map()` or a class
 * that only uses its own helpers does not count.
 */
import type { ImportFact } from '../facts.js';

/** `new Name` (not `new ns.Name`, which no holder records): group 1 is the name. */
const NEW_NAME = /(?<![\w$.])new\s+([A-Za-z_$][\w$]*)(?![\w$.])/g;
/** `= name(`, `= await name(`, `= (name(`, `= name?.(`, `= name<T>(`: group 1 is the name. */
const ASSIGNED_CALL = /=\s*(?:await\s+|\(\s*)*([A-Za-z_$][\w$]*)\s*(?:\?\.)?[(<]/g;
const CLASS_LIKE = /\bclass\b|\.prototype\b/;

function anyMatchIn(pattern: RegExp, text: string, names: ReadonlySet<string>): boolean {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) if (names.has(match[1]!)) return true;
  return false;
}

/** Whether `text`, whose imports are `imports`, may hold a holder or producer fact worth a full parse. */
export function mayHoldInstance(text: string, imports: readonly ImportFact[]): boolean {
  if (!imports.some((fact) => fact.bindings.length > 0)) return false;
  // Plain substring searches first (the patterns cannot match without them), the set of names last.
  const mayConstruct = text.includes('new');
  const classLike = (text.includes('class') || text.includes('.prototype')) && CLASS_LIKE.test(text);
  if (!mayConstruct && !classLike) return false;
  const names = new Set<string>();
  for (const fact of imports) for (const binding of fact.bindings) names.add(binding.local);
  if (mayConstruct && anyMatchIn(NEW_NAME, text, names)) return true;
  return classLike && anyMatchIn(ASSIGNED_CALL, text, names);
}
