/**
 * "Merge unique features, then delete": which members of a superseded factory can move into the
 * canonical class. A member moves when everything it refers to exists there: `this.x` members of the
 * canonical (or moved along), names declared or imported by the canonical's module, globals, or imports
 * of the superseded module that can be re-imported from the canonical's module. Otherwise it is a blocker.
 */
import { ts } from '../../../parser/ts.js';
import type { MergeTask } from '../codemod-options.js';
import { jsDocStart } from '../codemod-utils/edits.js';
import { importedLocals, isReference } from '../codemod-utils/imports.js';
import { localDeclarations } from '../codemod-utils/declarations.js';
import type { Blocker } from '../types.js';
import type { PlanContext } from './context.js';
import { resolveSpecifier } from './resolve.js';
import { relativeSpecifier } from './specifiers.js';

const GLOBALS = new Set(
  (
    'undefined NaN Infinity globalThis Object Array String Number Boolean Symbol BigInt Function Promise Map Set WeakMap WeakSet WeakRef ' +
    'Error TypeError RangeError SyntaxError ReferenceError AggregateError JSON Math Date RegExp Reflect Proxy Intl console ' +
    'setTimeout clearTimeout setInterval clearInterval setImmediate clearImmediate queueMicrotask structuredClone ' +
    'ArrayBuffer DataView Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array ' +
    'AbortController AbortSignal URL URLSearchParams TextEncoder TextDecoder fetch performance crypto process Buffer require module exports ' +
    'Record Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType Parameters ConstructorParameters InstanceType Awaited ' +
    'Iterable IterableIterator AsyncIterable AsyncIterableIterator Iterator PromiseLike ArrayLike ReadonlyArray ReadonlyMap ReadonlySet ' +
    'Uppercase Lowercase Capitalize Uncapitalize ThisType unknown never any object string number boolean bigint symbol void null arguments'
  ).split(' '),
);

export interface MergeResult {
  task?: MergeTask;
  merged: string[];
  blockers: Blocker[];
}

/** Names a member refers to that it does not declare itself, and the `this.x` members it uses. */
function references(member: ts.ClassElement): { free: Set<string>; thisMembers: Set<string> } {
  const declared = new Set<string>();
  const free = new Set<string>();
  const thisMembers = new Set<string>();
  const declare = (name: ts.Node | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) declared.add(name.text);
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) declare(element.name);
    }
  };
  const collect = (node: ts.Node): void => {
    if (ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isBindingElement(node)) declare(node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node)) && node.name) declare(node.name);
    else if (ts.isTypeParameterDeclaration(node)) declare(node.name);
    ts.forEachChild(node, collect);
  };
  collect(member);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) thisMembers.add(node.name.text);
    if (ts.isIdentifier(node) && isReference(node) && !declared.has(node.text) && node !== (member as { name?: ts.Node }).name) {
      const parent = node.parent;
      const isDeclName = parent && (parent as { name?: ts.Node }).name === node && (ts.isParameter(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isTypeParameterDeclaration(parent));
      if (!isDeclName) free.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(member);
  return { free, thisMembers };
}

/** Member text from its doc comment on, dedented so its first line starts at column 0. */
function dedentedText(sourceFile: ts.SourceFile, member: ts.ClassElement): string {
  const start = jsDocStart(member);
  const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(sourceFile.text.slice(lineStart))![0];
  return sourceFile.text
    .slice(start, member.getEnd())
    .split(/\r?\n/)
    .map((line, i) => (i === 0 ? line : line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
    .join('\n');
}

export function planMerge(
  context: PlanContext,
  from: { file: string; className: string; ref: string; cluster: string },
  into: { file: string; className: string; members: ReadonlySet<string> },
  unique: string[],
  phase: string,
): MergeResult {
  const blockers: Blocker[] = [];
  const oldSource = context.source(from.file, true);
  const newSource = context.source(into.file, true);
  const oldClass = oldSource?.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === from.className);
  const newClass = newSource?.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === into.className);
  if (!oldSource || !newSource || !oldClass || !newClass) {
    blockers.push({ kind: 'merge-conflict', severity: 'error', phase, cluster: from.cluster, symbol: from.ref, file: from.file, line: 1, message: `cannot read the classes to merge (${from.ref} into ${into.file}#${into.className})` });
    return { merged: [], blockers };
  }
  const line = (node: ts.Node): number => oldSource.getLineAndCharacterOfPosition(node.getStart(oldSource)).line + 1;
  const oldLocals = localDeclarations(oldSource);
  const oldImports = importedLocals(oldSource);
  const newLocals = localDeclarations(newSource);
  const newImports = importedLocals(newSource);
  const oldMembers = new Map<string, ts.ClassElement[]>();
  for (const member of oldClass.members) {
    const name = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
    if (name) oldMembers.set(name, [...(oldMembers.get(name) ?? []), member]);
  }
  const moving = new Set(unique);
  privateCompanions(oldClass, newClass, moving);
  const order = [...moving].sort((a, b) => (oldMembers.get(a)?.[0]?.pos ?? 0) - (oldMembers.get(b)?.[0]?.pos ?? 0));
  const imports: NonNullable<MergeTask['imports']> = [];
  const members: MergeTask['members'] = [];
  const merged: string[] = [];
  for (const name of order) {
    const nodes = oldMembers.get(name) ?? [];
    if (nodes.length === 0) continue;
    const problems: string[] = [];
    const neededImports: typeof imports = [];
    for (const node of nodes) {
      const refs = references(node);
      for (const used of refs.thisMembers) {
        if (!into.members.has(used) && !moving.has(used) && !hasPrivateMember(newClass, used)) problems.push(`this.${used} does not exist in ${into.className}`);
      }
      for (const free of refs.free) {
        if (GLOBALS.has(free) || newLocals.has(free) || free === into.className) continue;
        const newImport = newImports.get(free);
        const oldImport = oldImports.get(free);
        if (newImport && (!oldImport || sameImport(context, from.file, oldImport, into.file, newImport))) continue;
        if (free === from.className) {
          problems.push(`refers to its own class ${from.className}`);
          continue;
        }
        if (oldImport && !newImport && oldImport.imported !== '*') {
          const resolved = resolveSpecifier(context, from.file, oldImport.specifier);
          if (resolved === into.file) continue;
          const specifier = resolved ? relativeSpecifier(into.file, resolved, /\.(m|c)?js$/.test(oldImport.specifier) ? 'js' : /\.tsx?$/.test(oldImport.specifier) ? 'source' : 'none') : oldImport.specifier;
          if (resolved && !oldImport.specifier.startsWith('.')) neededImports.push({ specifier: oldImport.specifier, name: oldImport.imported, local: free, typeOnly: oldImport.typeOnly });
          else neededImports.push({ specifier, name: oldImport.imported, local: free, typeOnly: oldImport.typeOnly });
          continue;
        }
        if (oldLocals.has(free)) problems.push(`uses ${free}, declared only in ${from.file}; move it first`);
        else if (newImport) problems.push(`uses ${free}, which ${into.file} imports from somewhere else`);
        else problems.push(`uses ${free}, which ${into.file} cannot see`);
      }
    }
    if (problems.length > 0) {
      blockers.push({
        kind: 'merge-conflict',
        severity: 'error',
        phase,
        cluster: from.cluster,
        symbol: from.ref,
        file: from.file,
        line: line(nodes[0]!),
        message: `${from.className}.${name} cannot move into ${into.file}#${into.className}: ${[...new Set(problems)].join('; ')}`,
      });
      continue;
    }
    for (const node of nodes) members.push({ name, text: dedentedText(oldSource, node) });
    for (const request of neededImports) if (!imports.some((i) => i.local === request.local)) imports.push(request);
    merged.push(name);
  }
  if (members.length === 0) return { merged, blockers };
  return { task: { class: into.className, from: from.ref, members, ...(imports.length > 0 ? { imports } : {}) }, merged, blockers };
}

/** Any member of the class, private ones and constructor parameter properties included. */
function hasPrivateMember(cls: ts.ClassDeclaration, name: string): boolean {
  if (cls.members.some((m) => m.name !== undefined && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) && m.name.text === name)) return true;
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  return ctor?.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name && (ts.getModifiers(p)?.length ?? 0) > 0) ?? false;
}

/** Private state and helpers of the old class the moving members use, which move along when the canonical lacks them. */
function privateCompanions(oldClass: ts.ClassDeclaration, newClass: ts.ClassDeclaration, moving: Set<string>): void {
  const byName = new Map<string, ts.ClassElement>();
  for (const member of oldClass.members) if (member.name && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) byName.set(member.name.text, member);
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of [...moving]) {
      const member = byName.get(name);
      if (!member) continue;
      for (const used of references(member).thisMembers) {
        const companion = byName.get(used);
        if (!companion || moving.has(used) || hasPrivateMember(newClass, used)) continue;
        if (ts.isPropertyDeclaration(companion) || ts.isMethodDeclaration(companion) || ts.isGetAccessorDeclaration(companion)) {
          moving.add(used);
          changed = true;
        }
      }
    }
  }
}

function sameImport(
  context: PlanContext,
  fromFile: string,
  a: { specifier: string; imported: string },
  intoFile: string,
  b: { specifier: string; imported: string },
): boolean {
  if (a.imported !== b.imported) return false;
  const ra = resolveSpecifier(context, fromFile, a.specifier);
  const rb = resolveSpecifier(context, intoFile, b.specifier);
  return ra !== null ? ra === rb : a.specifier === b.specifier;
}
