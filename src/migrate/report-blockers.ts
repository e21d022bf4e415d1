/**
 * How `ssot migrate` tells the user what a phase left as it is: each blocked item with its file:line
 * and what to do about it (the planner's hint, else the usual remedy for its kind: a config mapping, a
 * merge, a recipe, or an earlier phase). Pure functions.
 */
import type { PhaseBlocker } from './apply/run-phase.js';

/** The usual remedy per planner blocker kind, when the planner gives no specific hint. */
const ADVICE: Record<string, string> = {
  'missing-member': 'map the member in config: mappings["<file>#<Symbol>"].members.<name> = "<canonical member or template>"',
  'missing-option': 'map the option in config: mappings["<file>#<Symbol>"].options.<name> = "<canonical option>"',
  'missing-field': 'map the field in config: mappings["<file>#<Type>"].fields.<name> = "<canonical field>"',
  'required-field': 'give the canonical field a default, or map it in config: mappings["<file>#<Type>"].fields',
  'unmerged-members': 'list the superseded factory under "merge" in config so its unique members move into the canonical',
  'merge-conflict': 'move those members into the canonical class by hand, then run the phase again',
  'canonical-not-found': 'point canonical["<cluster>"] in config at an existing "path#Symbol"',
  'no-canonical': 'choose one: canonical["<cluster>"] = "path#Symbol" in config',
  'recipe-unmatched': "check the recipe's match pattern against the call sites, or remove the recipe",
  'recipe-invalid': 'fix the recipe: its match and replace must parse, and replace must not match again',
  'adapter-incomplete': 'map the constructor or members in config (mappings[...].members), or add a recipe for the call sites',
  'unsupported-import': 'rewrite this import by hand onto the canonical module',
  'double-init-incompatible': 'make the uses fit the kept instance by hand, or add a recipe',
  'still-imported': 'move the remaining importers first (the imports phase, after resolving their blockers), then run this phase again',
  'entry-point': 'remove the reference that runs the module (script, bin, main, worker path) first, or delete it by hand',
  'value-escapes': 'move the code the value flows to onto the canonical first, or add a recipe',
  'signature-mismatch': 'add a recipe (match and replace) for these calls, or a member template in mappings',
  'inline-implementation': 'migrate it by hand, or with a recipe',
  specifier: 'set how the canonical is imported (canonical as a package or path alias)',
  unreadable: 'fix or restore the file so it parses, then plan again',
};

/** What to do about a blocker: its own hint, else the usual remedy for its kind. */
export function blockerAdvice(blocker: PhaseBlocker): string | null {
  if (blocker.hint) return blocker.hint;
  return blocker.kind ? (ADVICE[blocker.kind] ?? null) : null;
}

/** `file:line`, `file`, or empty. */
export function blockerLocation(blocker: PhaseBlocker): string {
  if (!blocker.file) return '';
  return blocker.line ? `${blocker.file}:${blocker.line}` : blocker.file;
}

/** Errors (blocked items) first, then warnings (items waiting for another phase); by file and line. */
export function sortBlockers(blockers: readonly PhaseBlocker[]): PhaseBlocker[] {
  const rank = (b: PhaseBlocker) => (b.severity === 'warning' ? 1 : 0);
  return [...blockers].sort(
    (a, b) => rank(a) - rank(b) || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.message.localeCompare(b.message),
  );
}

/** Blocked items (errors) and items waiting for another phase (warnings). */
export function countBlockers(blockers: readonly PhaseBlocker[]): { blocked: number; waiting: number } {
  const waiting = blockers.filter((b) => b.severity === 'warning').length;
  return { blocked: blockers.length - waiting, waiting };
}

/** The text section listing every blocker with file:line and what to do; empty when there is none. */
export function renderBlockerLines(blockers: readonly PhaseBlocker[]): string[] {
  if (blockers.length === 0) return [];
  const { blocked, waiting } = countBlockers(blockers);
  const parts = [];
  if (blocked > 0) parts.push(`${blocked} blocked`);
  if (waiting > 0) parts.push(`${waiting} waiting for another phase`);
  const lines = [`Left as they are (${parts.join(', ')}); the rest of the phase does not wait for them:`];
  for (const blocker of sortBlockers(blockers)) {
    const where = blockerLocation(blocker);
    const kind = blocker.kind ? ` [${blocker.kind}]` : '';
    lines.push(`  ${where ? `${where}  ` : ''}${blocker.message}${kind}`);
    const advice = blockerAdvice(blocker);
    if (advice) lines.push(`      to do: ${advice}`);
  }
  return lines;
}
