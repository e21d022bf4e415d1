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

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const CLASS_LIKE = /\bclass\b|\.prototype\b/;

/** Whether `text`, whose imports are `imports`, may hold a holder or producer fact worth a full parse. */
export function mayHoldInstance(text: string, imports: readonly ImportFact[]): boolean {
  const names = new Set<string>();
  for (const fact of imports) for (const binding of fact.bindings) if (IDENTIFIER.test(binding.local)) names.add(binding.local);
  if (names.size === 0) return false;
  const alternatives = [...names].map((name) => name.replace(/\$/g, '\\$')).join('|');
  if (new RegExp(`(?<![\\w$.])new\\s+(?:${alternatives})(?![\\w$.])`).test(text)) return true;
  // `x = create()`, `this.x = await create()`, `x = (create())`, `x = create?.()`, `x = create<T>()`.
  return CLASS_LIKE.test(text) && new RegExp(`=\\s*(?:await\\s+|\\(\\s*)*(?:${alternatives})\\s*(?:\\?\\.)?[(<]`).test(text);
}
