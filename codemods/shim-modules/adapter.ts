/**
 * Generated adapters (the seeds' `AgentCircuitBreaker` wrapper): the superseded class or function keeps
 * its public signature and delegates every call to the canonical, following the member/option mapping.
 */
import { expandTemplate } from '../../src/migrate/plan/codemod-utils/usage-edits.js';
import { isRename } from '../../src/migrate/plan/codemod-utils/usages.js';
import { parseValueTarget } from '../../src/migrate/plan/codemod-utils/value-mapping.js';
import type { ShimTask } from '../../src/migrate/plan/codemod-options.js';
import { ts } from '../../src/parser/ts.js';
import { OWN_MEMBER, ownState } from './own-members.js';

export interface AdapterInput {
  sourceFile: ts.SourceFile;
  task: ShimTask;
  /** How the canonical is referenced in this file. */
  targetLocal: string;
  /** The warning call statement. */
  warn: string;
  /** One level of indentation in the file (kept members are copied from it). */
  indent?: string;
  semi: string;
  typescript: boolean;
}

export interface AdapterResult {
  /** Declaration text without the leading doc comment and export keywords. */
  text: string;
  /** Members dropped because the mapping maps them to null. */
  dropped: string[];
}

interface ParamInfo {
  /** Parameter as the adapter declares it (no accessibility modifiers). */
  declaration: string;
  /** How it is passed on. */
  argument: string;
  name: string;
  optional: boolean;
  typeText?: string;
  /** The default as written. */
  initText?: string;
}

function params(sourceFile: ts.SourceFile, list: ts.NodeArray<ts.ParameterDeclaration>): ParamInfo[] {
  // A JavaScript caller may leave out any argument, so none is assumed present.
  const javascript = /\.[cm]?jsx?$/i.test(sourceFile.fileName);
  return list
    .filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'))
    .map((p, index) => {
      const name = ts.isIdentifier(p.name) ? p.name.text : `arg${index}`;
      const rest = p.dotDotDotToken ? '...' : '';
      const optional = p.questionToken !== undefined;
      const typeText = p.type?.getText(sourceFile);
      const type = typeText ? `: ${typeText}` : '';
      const init = p.initializer ? ` = ${p.initializer.getText(sourceFile)}` : '';
      return { declaration: `${rest}${name}${optional ? '?' : ''}${type}${init}`, argument: `${rest}${name}`, name, optional: optional || p.initializer !== undefined || (javascript && !rest), typeText, ...(p.initializer ? { initText: p.initializer.getText(sourceFile) } : {}) };
    });
}

/** Whether `body` refers to the variable `name` (not to a property of that name; a spread `...name` counts). */
function mentions(body: string, name: string): boolean {
  const pattern = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  for (const match of body.matchAll(pattern)) {
    const before = body.slice(0, match.index);
    if (!before.endsWith('.') || before.endsWith('...')) return true;
  }
  return false;
}

/** Parameter declarations; those the delegating code does not use get a `_` prefix (unused-parameter checks). */
function declareParams(list: ParamInfo[], body: string): string {
  return list.map((p) => (mentions(body, p.name) || p.name.startsWith('_') ? p.declaration : p.declaration.replace(p.name, `_${p.name}`))).join(', ');
}

function memberName(sourceFile: ts.SourceFile, name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  void sourceFile;
  return undefined;
}

function isPublic(member: ts.ClassElement): boolean {
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined;
  return !modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
}

function isStatic(member: ts.ClassElement): boolean {
  const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined;
  return modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

/** The option keys of one argument renamed: `{ ...opts, maxAttempts: opts.retries }`. */
function convertOptions(param: ParamInfo, options: Record<string, string | null>): string {
  const renames = Object.entries(options).flatMap(([from, to]) => {
    const target = typeof to === 'string' ? parseValueTarget(to) : undefined;
    return target ? [[from, target] as const] : [];
  });
  if (renames.length === 0) return param.argument;
  // Each key is set only when present, so optional old keys convert without `undefined` arithmetic.
  const converted = `{ ...${param.name}, ${renames
    .map(([from, to]) => {
      const read = `${param.name}.${from}`;
      return `...(${read} !== undefined ? { ${to.name}: ${to.convert ? to.convert(read) : read} } : {})`;
    })
    .join(', ')} }`;
  return param.optional ? `${param.name} === undefined ? undefined : ${converted}` : converted;
}

/** The parameter that carries options: the last one typed with an object type or named like options. */
function optionsParam(list: ParamInfo[]): number {
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i]!;
    if (/^(opts|options|config|settings|cfg)$/i.test(p.name) || (p.typeText && /(^\{)|(Options|Opts|Config|Settings)(<.*>)?$/.test(p.typeText))) return i;
  }
  return -1;
}

/** The arguments passed on to the canonical, with option keys renamed. */
function forwardedArguments(list: ParamInfo[], task: ShimTask): string[] {
  const args = list.map((p) => p.argument);
  if (task.options) {
    const index = optionsParam(list);
    if (index >= 0) args[index] = convertOptions(list[index]!, task.options);
  }
  return args;
}

/** A parameter declared with another type (`options: Partial<RetryConfig> = {}`). */
function retyped(p: ParamInfo, type: string | undefined, initializer?: string): ParamInfo {
  if (type === undefined || p.typeText === undefined) return p;
  const colon = p.declaration.indexOf(`: ${p.typeText}`);
  if (colon < 0) return p;
  // The default follows the type: everything after the type is ` = <old default>`.
  const rest = initializer !== undefined && p.initText !== undefined ? ` = ${initializer}` : p.declaration.slice(colon + 2 + p.typeText.length);
  return { ...p, typeText: type, declaration: `${p.declaration.slice(0, colon)}: ${type}${rest}` };
}

/** A parameter of the old declaration with the type (and default) the task gives its position. */
function retypedAt(task: AdapterInput['task'], p: ParamInfo, index: number): ParamInfo {
  return retyped(p, task.parameterTypes?.[String(index)], task.parameterDefaults?.[String(index)]);
}

export function functionAdapter(input: AdapterInput, declaration: ts.FunctionDeclaration): AdapterResult {
  const { sourceFile, task, targetLocal, warn, semi } = input;
  const list = params(sourceFile, declaration.parameters).map((p, index) => retypedAt(task, p, index));
  const typeParams = declaration.typeParameters ? `<${declaration.typeParameters.map((t) => t.getText(sourceFile)).join(', ')}>` : '';
  const returnType = declaration.type ? `: ${declaration.type.getText(sourceFile)}` : '';
  const call = task.construct
    ? expandTemplate(task.construct.replace(/\$target\b/g, targetLocal), targetLocal, forwardedArguments(list, task))
    : `${targetLocal}(${forwardedArguments(list, task).join(', ')})`;
  const asyncKeyword = declaration.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ? 'async ' : '';
  const body = returnType === ': void' ? `  ${call}${semi}` : `  return ${asyncKeyword ? 'await ' : ''}${call}${semi}`;
  const text = [`${asyncKeyword}function ${declaration.name!.text}${typeParams}(${declareParams(list, call)})${returnType} {`, `  ${warn}`, body, '}'].join('\n');
  return { text, dropped: [] };
}

export function classAdapter(input: AdapterInput, declaration: ts.ClassDeclaration): AdapterResult {
  const { sourceFile, task, targetLocal, warn, semi, typescript } = input;
  const taken = new Set(declaration.members.map((m) => (m.name ? memberName(sourceFile, m.name as ts.PropertyName) : undefined)).filter(Boolean) as string[]);
  const field = taken.has('target') ? 'canonical' : 'target';
  const self = `this.${field}`;
  const mapped = (name: string): string | null | undefined => (task.members && Object.prototype.hasOwnProperty.call(task.members, name) ? task.members[name] : undefined);
  const dropped: string[] = [];
  const lines: string[] = [];
  const typeParams = declaration.typeParameters ? `<${declaration.typeParameters.map((t) => t.getText(sourceFile)).join(', ')}>` : '';
  lines.push(`class ${declaration.name!.text}${typeParams} {`);
  if (typescript) {
    lines.push(`  /** The canonical instance every call delegates to. */`);
    lines.push(`  readonly ${field}: ${targetLocal}${semi}`);
    lines.push('');
  }
  const constructor = declaration.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
  const ctorParams = constructor ? params(sourceFile, constructor.parameters).map((p, index) => retypedAt(task, p, index)) : [];
  const construct = task.construct
    ? expandTemplate(task.construct.replace(/\$target\b/g, targetLocal), targetLocal, forwardedArguments(ctorParams, task))
    : `new ${targetLocal}(${forwardedArguments(ctorParams, task).join(', ')})`;
  const templates = [construct, ...Object.values(task.members ?? {}).filter((t): t is string => typeof t === 'string' && t !== OWN_MEMBER)];
  const own = ownState(sourceFile, declaration, task.members, templates, input.indent ?? '  ', semi, typescript);
  const ctorUses = () => `${construct}\n${ownAssignments.join('\n')}\n${own.constructorStatements.join('\n')}`;
  const members: Array<{ name: string; kind: 'method' | 'get' | 'set' | 'property'; node: ts.ClassElement | ts.ParameterDeclaration; isStatic: boolean }> = [];
  const ownFields: string[] = [];
  const ownAssignments: string[] = [];
  const known = task.canonicalMembers ? new Set(task.canonicalMembers) : undefined;
  const lacks = (name: string): boolean => known !== undefined && !known.has(name) && mapped(name) === undefined;
  for (const p of constructor?.parameters ?? []) {
    const modifiers = ts.getModifiers(p);
    const isProperty = modifiers?.some((m) => m.kind === ts.SyntaxKind.PublicKeyword || m.kind === ts.SyntaxKind.ReadonlyKeyword) && !modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
    if (!isProperty || !ts.isIdentifier(p.name)) continue;
    if (mapped(p.name.text) !== undefined || (known !== undefined && known.has(p.name.text))) {
      members.push({ name: p.name.text, kind: 'property', node: p, isStatic: false });
    } else {
      // The value came in through the constructor: the adapter keeps it as its own state.
      const readonly = modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ? 'readonly ' : '';
      if (typescript) ownFields.push(`  ${readonly}${p.name.text}${p.type ? `: ${p.type.getText(sourceFile)}` : ''}${p.questionToken ? ' | undefined' : ''}${semi}`);
      ownAssignments.push(`    this.${p.name.text} = ${p.name.text}${semi}`);
    }
  }
  for (const member of declaration.members) {
    if (!isPublic(member) || !member.name) continue;
    const name = memberName(sourceFile, member.name as ts.PropertyName);
    if (name === undefined) continue;
    if (ts.isMethodDeclaration(member) && member.body) members.push({ name, kind: 'method', node: member, isStatic: isStatic(member) });
    else if (ts.isGetAccessorDeclaration(member)) members.push({ name, kind: 'get', node: member, isStatic: isStatic(member) });
    else if (ts.isSetAccessorDeclaration(member)) members.push({ name, kind: 'set', node: member, isStatic: isStatic(member) });
    else if (ts.isPropertyDeclaration(member)) members.push({ name, kind: 'property', node: member, isStatic: isStatic(member) });
  }
  for (const member of declaration.members) {
    // Public properties the canonical lacks: kept as the adapter's own state, initialised as before.
    if (!ts.isPropertyDeclaration(member) || !isPublic(member) || isStatic(member) || !member.name) continue;
    const name = memberName(sourceFile, member.name as ts.PropertyName);
    if (name === undefined || !lacks(name)) continue;
    const index = members.findIndex((m) => m.node === member);
    if (index >= 0) members.splice(index, 1);
    const modifiers = (ts.getModifiers(member) ?? []).map((m) => m.getText(sourceFile)).join(' ');
    const optional = member.questionToken ? '?' : member.exclamationToken ? '!' : '';
    const type = typescript && member.type ? `: ${member.type.getText(sourceFile)}` : '';
    const init = member.initializer ? ` = ${member.initializer.getText(sourceFile)}` : '';
    ownFields.push(`  ${modifiers ? `${modifiers} ` : ''}${member.name.getText(sourceFile)}${typescript ? optional : ''}${type}${init}${semi}`);
  }
  ownFields.push(...own.fields);
  if (ownFields.length > 0) lines.push(...ownFields, '');
  // Kept state is set up before the canonical, whose construct template may read it.
  lines.push(`  constructor(${declareParams(ctorParams, ctorUses())}) {`, `    ${warn}`, ...own.constructorStatements, `    ${self} = ${construct}${semi}`, ...ownAssignments, '  }');
  for (const member of members) {
    const target = mapped(member.name);
    const kept = own.methods.get(member.name);
    if (target === OWN_MEMBER) {
      if (kept !== undefined) lines.push('', kept);
      continue;
    }
    if (target === null || (member.kind === 'method' && lacks(member.name))) {
      dropped.push(member.name);
      continue;
    }
    const receiver = member.isStatic ? targetLocal : self;
    const prefix = member.isStatic ? 'static ' : '';
    const to = target ?? member.name;
    lines.push('');
    if (member.kind === 'method') {
      const method = member.node as ts.MethodDeclaration;
      const list = params(sourceFile, method.parameters);
      const returnTypeText = method.type?.getText(sourceFile);
      const isAsync = method.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
      const call = isRename(to) ? `${receiver}.${to}(${list.map((p) => p.argument).join(', ')})` : expandTemplate(to, receiver, list.map((p) => p.argument));
      const typeParams = method.typeParameters ? `<${method.typeParameters.map((t) => t.getText(sourceFile)).join(', ')}>` : '';
      const signature = `  ${prefix}${isAsync ? 'async ' : ''}${member.name}${typeParams}(${declareParams(list, call)})${returnTypeText ? `: ${returnTypeText}` : ''} {`;
      const body = returnTypeText === 'void' || (isAsync && returnTypeText === 'Promise<void>') ? `    ${isAsync ? 'await ' : ''}${call}${semi}` : `    return ${isAsync ? 'await ' : ''}${call}${semi}`;
      lines.push(signature, body, '  }');
    } else if (member.kind === 'set') {
      const setter = member.node as ts.SetAccessorDeclaration;
      const list = params(sourceFile, setter.parameters);
      const value = list[0]?.name ?? 'value';
      lines.push(`  ${prefix}set ${member.name}(${list[0]?.declaration ?? 'value'}) {`, `    ${receiver}.${isRename(to) ? to : member.name} = ${value}${semi}`, '  }');
    } else {
      const typed = (member.node as ts.PropertyDeclaration | ts.GetAccessorDeclaration | ts.ParameterDeclaration).type?.getText(sourceFile);
      const read = isRename(to) ? `${receiver}.${to}` : expandTemplate(to, receiver, []);
      lines.push(`  ${prefix}get ${member.name}()${typed ? `: ${typed}` : ''} {`, `    return ${read}${semi}`, '  }');
    }
  }
  // Private methods the kept code calls.
  for (const [name, text] of own.methods) if (!members.some((m) => m.name === name)) lines.push('', text);
  lines.push('}');
  return { text: lines.join('\n'), dropped };
}
