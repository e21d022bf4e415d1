/**
 * Double initializations (a class holding instances of two members of one cluster): the holder of the
 * canonical stays, the other goes, when every use of the other is a member the canonical has (or the
 * mapping places) and nothing outside the class reaches the holder.
 */
import { ts } from '../../../parser/ts.js';
import type { DoubleInitialization } from '../../../scan/types.js';
import type { CollapseTask } from '../codemod-options.js';
import type { Blocker, DoubleInitCollapse } from '../types.js';
import { suggestName } from './compat.js';
import type { PlanContext } from './context.js';
import { readApi, type DeclarationApi } from './api.js';
import { resolveSpecifier } from './resolve.js';

export interface DoubleInitResult {
  collapses: DoubleInitCollapse[];
  tasks: Map<string, CollapseTask[]>;
  /** Per file, the holder properties that go (their uses are the collapse's business). */
  removed: Map<string, Set<string>>;
  blockers: Blocker[];
}

export interface ClusterCanonical {
  finding?: string;
  ref: string;
  api: DeclarationApi | null;
}

export function planDoubleInits(
  context: PlanContext,
  canonicals: ReadonlyMap<string, ClusterCanonical>,
  superseded: ReadonlySet<string>,
  phase: string,
): DoubleInitResult {
  const result: DoubleInitResult = { collapses: [], tasks: new Map(), removed: new Map(), blockers: [] };
  for (const init of context.input.result.doubleInitializations) {
    const canonical = canonicals.get(init.cluster);
    if (!canonical) continue;
    const keep = init.holders.find((h) => h.finding === canonical.finding);
    const block = (message: string, line: number, kind: Blocker['kind'] = 'double-init-incompatible', hint?: string): void => {
      result.blockers.push({ kind, severity: 'error', phase, cluster: init.cluster, file: init.file, line, message: `${init.class}: ${message}`, ...(hint ? { hint } : {}) });
    };
    if (!keep) {
      block(`none of ${init.holders.map((h) => h.member).join(', ')} holds the canonical ${canonical.ref}; collapse it by hand`, init.startLine);
      continue;
    }
    for (const holder of init.holders) {
      if (holder === keep || !superseded.has(holder.finding)) continue;
      const collapse: DoubleInitCollapse = { id: init.id, file: init.file, class: init.class, keep: keep.member, remove: holder.member, line: holder.line, status: 'blocked' };
      result.collapses.push(collapse);
      const members = context.input.config.mappings[holder.finding]?.members;
      const problems = checkHolder(context, init, { member: holder.member, ref: holder.finding }, keep.member, canonical, members);
      for (const problem of problems) block(problem.message, problem.line, 'double-init-incompatible', problem.hint);
      if (problems.length > 0) continue;
      collapse.status = 'collapse';
      const mapped = members ? Object.fromEntries(Object.entries(members).filter(([k]) => k !== 'constructor')) : undefined;
      const task: CollapseTask = { class: init.class, keep: keep.member, remove: holder.member, ...(mapped && Object.keys(mapped).length > 0 ? { members: mapped } : {}) };
      result.tasks.set(init.file, [...(result.tasks.get(init.file) ?? []), task]);
      result.removed.set(init.file, new Set([...(result.removed.get(init.file) ?? []), holder.member]));
    }
  }
  return result;
}

/** The superseded member's API (`file#Symbol`), for comparing the signatures of the members used. */
function holderApi(context: PlanContext, ref: string): DeclarationApi | null {
  const index = ref.lastIndexOf('#');
  if (index < 0) return null;
  const file = ref.slice(0, index);
  const symbol = ref.slice(index + 1).split('.')[0]!;
  return readApi({ source: (path) => context.source(path, true), resolve: (from, specifier) => resolveSpecifier(context, from, specifier) }, file, symbol);
}

function checkHolder(
  context: PlanContext,
  init: DoubleInitialization,
  removed: { member: string; ref: string },
  keep: string,
  canonical: ClusterCanonical,
  members: Record<string, string | null> | undefined,
): Array<{ line: number; message: string; hint?: string }> {
  const remove = removed.member;
  const problems: Array<{ line: number; message: string; hint?: string }> = [];
  const oldApi = holderApi(context, removed.ref);
  const source = context.source(init.file);
  const cls = source?.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === init.class);
  if (!source || !cls) return [{ line: init.startLine, message: `class not found in ${init.file}` }];
  const line = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  const parameter = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === remove && (ts.getModifiers(p)?.length ?? 0) > 0);
  if (parameter) problems.push({ line: line(parameter), message: `${remove} is a constructor parameter property; callers pass it in` });
  const api = canonical.api;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === remove) {
      const parent = node.parent;
      const assigned = ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      if (assigned) return;
      if (!ts.isPropertyAccessExpression(parent) || parent.expression !== node) {
        problems.push({ line: line(node), message: `this.${remove} is used as a whole, not through its members` });
        return;
      }
      const member = parent.name.text;
      if (members && Object.prototype.hasOwnProperty.call(members, member)) {
        if (members[member] === null) problems.push({ line: line(parent), message: `this.${remove}.${member} is mapped to null` });
        return;
      }
      if (api && !api.open && !api.members.has(member)) {
        const suggestion = suggestName(member, api.members);
        problems.push({
          line: line(parent),
          message: `this.${remove}.${member} has no counterpart on this.${keep} (${canonical.ref})`,
          hint: `mappings["${removed.ref}"].members.${member} = ${suggestion ? `"${suggestion}"` : '"<member or template>"'}`,
        });
        return;
      }
      // Same name, other signature (another result shape, other parameters): the moved call would not fit.
      const before = oldApi?.signatures.get(member);
      const after = api?.signatures.get(member);
      if (before !== undefined && after !== undefined && before !== after) {
        problems.push({
          line: line(parent),
          message: `this.${remove}.${member} is ${before} but this.${keep}.${member} (${canonical.ref}) is ${after}`,
          hint: `mappings["${removed.ref}"].members.${member} = "<template over this.target, $0, $1...>"`,
        });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(cls);
  // The holder must not be reached from outside the class (other files, subclasses elsewhere).
  const pattern = new RegExp(`\\.${remove.replace(/\$/g, '\\$')}\\b`);
  for (const entry of context.importsOf.get(init.file) ?? []) {
    const text = context.text(entry.from);
    if (text !== null && pattern.test(text)) problems.push({ line: init.startLine, message: `${entry.from} uses .${remove}; it must stop before the holder goes` });
  }
  return problems;
}
