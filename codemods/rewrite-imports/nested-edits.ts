/**
 * Two moves of one pass may both rewrite the same code: a literal typed with one moving config type
 * has its property rewritten (`recoveryTimeout: cfg.recoveryTimeout` → `recoveryTimeoutMs:
 * cfg.recoveryTimeout * 1000`) while the value it holds is a read another moving type converts
 * (`cfg.recoveryTimeout` → `cfg.recoveryTimeoutMs / 1000`). The outer edit carries the inner code
 * verbatim, so the inner edit is applied inside the outer one's text instead of overlapping it.
 */
import type { TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';

/** A complete operand as it stands: names, member reads and calls need no parentheses. */
function isOperand(text: string): boolean {
  return /^[\w$]+(\??\.[\w$]+|\([^()]*\))*$/.test(text);
}

/**
 * Edits with every edit nested in another folded into the outer one, when the outer edit's text holds
 * the inner edit's original code as a whole expression. Edits that overlap in any other way are left
 * as they are (applying them fails, as before).
 */
export function foldNestedEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const result = edits.map((edit) => ({ ...edit }));
  const folded = new Set<number>();
  for (let i = 0; i < result.length; i++) {
    const inner = result[i]!;
    if (inner.start === inner.end) continue;
    for (let j = 0; j < result.length; j++) {
      const outer = result[j]!;
      if (i === j || folded.has(j) || !(outer.start <= inner.start && inner.end <= outer.end) || (outer.start === inner.start && outer.end === inner.end)) continue;
      const original = text.slice(inner.start, inner.end);
      const escaped = original.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g');
      if (!pattern.test(outer.text)) continue;
      const replacement = isOperand(inner.text) ? inner.text : `(${inner.text})`;
      outer.text = outer.text.replace(pattern, () => replacement);
      folded.add(i);
      break;
    }
  }
  return result.filter((_edit, index) => !folded.has(index));
}
