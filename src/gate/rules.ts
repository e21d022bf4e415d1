/** What each gate rule means, for SARIF rule metadata, help texts and the README. */
import type { GateRule } from './types.js';

export const GATE_RULES: Readonly<Record<GateRule, { title: string; help: string }>> = {
  'new-finding': {
    title: 'New implementation of a concept',
    help: 'A new implementation, wrapper or config type of a concept appeared (or a copy of a baselined one). Use the canonical module instead, or accept it on purpose with `ssot baseline` or an `// ssot-ignore <concept>: <why>` comment.',
  },
  'deprecated-import': {
    title: 'Import of a deprecated module',
    help: 'The imported module is a deprecation shim left by a migration (`@ssot-shim`). Import the canonical module it names instead.',
  },
  'deleted-import': {
    title: 'Import of a deleted module',
    help: 'A migration deleted this module (`.ssot/forbidden.json`). Import its replacement instead.',
  },
  'forbidden-import': {
    title: 'Forbidden import',
    help: 'The import matches `forbid.imports` in the config.',
  },
  boundary: {
    title: 'Architecture boundary crossed',
    help: 'A file matching a boundary\'s `from` imports a file matching its `to` (`forbid.boundaries` in the config).',
  },
  'forbidden-file': {
    title: 'Forbidden file',
    help: 'The file matches `forbid.files` in the config: it must not exist.',
  },
  'deleted-file': {
    title: 'Deleted module re-created',
    help: 'A migration deleted this file (`.ssot/forbidden.json`); use its replacement instead of re-creating it.',
  },
  'forbidden-symbol': {
    title: 'Forbidden symbol declared',
    help: 'The declaration\'s name is on `forbid.symbols`, or it re-declares a symbol a migration deleted.',
  },
  'max-exceeded': {
    title: 'Too many implementations of a concept',
    help: 'The concept or cluster has more implementations than its configured `max`.',
  },
  'invalid-suppression': {
    title: 'Invalid suppression comment',
    help: 'An `ssot-ignore` comment must name a concept or rule and give a reason: `// ssot-ignore <concept>: <why>`.',
  },
  'stale-baseline': {
    title: 'Stale baseline entry',
    help: 'A baseline entry matches no finding any more (it was fixed). Prune it with `ssot check --update-baseline` (fails with --strict only).',
  },
  'unused-suppression': {
    title: 'Unused suppression comment',
    help: 'An `ssot-ignore` comment suppresses nothing: remove it (fails with --strict only).',
  },
};

export const GATE_RULE_IDS = Object.keys(GATE_RULES) as GateRule[];
