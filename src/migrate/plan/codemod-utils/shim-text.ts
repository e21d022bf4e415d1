/**
 * The text of deprecation shims: the `@deprecated` TSDoc naming the replacement, the `@ssot-shim` tag
 * the gate and later phases recognise shims by, and the once-per-process `DeprecationWarning`.
 */
import { ts } from '../../../parser/ts.js';
import type { CanonicalTarget } from '../codemod-options.js';
import type { FileStyle } from './style.js';

/** Name of the generated warning helper (one per shim module). */
export const WARN_HELPER = 'warnSsotDeprecated';

/** The JSDoc tag that marks a generated shim: `@ssot-shim <canonical ref>`. */
export const SHIM_TAG = '@ssot-shim';

/** Whether a declaration carries the `@ssot-shim` tag: a shim an earlier run wrote. */
export function isWrittenShim(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => `@${tag.tagName.text}` === SHIM_TAG);
}

/** `path#Symbol` → "`Symbol` from `path`". */
export function describeRef(ref: string): string {
  const hash = ref.lastIndexOf('#');
  if (hash < 0) return `\`${ref}\``;
  return `\`${ref.slice(hash + 1)}\` from \`${ref.slice(0, hash)}\``;
}

/** Lines of the shim's doc comment, without indentation. */
export function shimDocLines(canonical: CanonicalTarget, extra: string[] = []): string[] {
  return ['/**', ` * @deprecated Use ${describeRef(canonical.ref)} instead.`, ...extra.map((l) => ` * ${l}`), ` * ${SHIM_TAG} ${canonical.ref}`, ' */'];
}

/**
 * The doc comment, indented. Given the superseded declaration's own doc comment, its text stays (the
 * user's documentation is not lost) and the shim tags go at its end; a doc that already says
 * `@deprecated` keeps its own wording and only gains `@ssot-shim`.
 */
export function shimDoc(canonical: CanonicalTarget, indent = '', extra: string[] = [], existing?: string): string {
  const lines = existing === undefined ? shimDocLines(canonical, extra) : mergedDocLines(existing, canonical, extra);
  return lines.map((line) => indent + line).join('\n');
}

/** The lines of an existing doc comment with the shim's tags appended. */
function mergedDocLines(existing: string, canonical: CanonicalTarget, extra: string[]): string[] {
  const body = existing.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  const content = body.split(/\r?\n/).map((line, index) => (index === 0 ? line.trim() : line.replace(/^[ \t]*\*?[ \t]?/, '').trimEnd()));
  while (content.length > 0 && content[0] === '') content.shift();
  while (content.length > 0 && content[content.length - 1] === '') content.pop();
  const deprecated = content.some((line) => /^@deprecated\b/.test(line.trim()));
  const tags = [...(deprecated ? [] : [`@deprecated Use ${describeRef(canonical.ref)} instead.`]), ...extra, `${SHIM_TAG} ${canonical.ref}`];
  return ['/**', ...content.map((line) => (line === '' ? ' *' : ` * ${line}`)), ...tags.map((tag) => ` * ${tag}`), ' */'];
}

/** The call that warns once per process, for a shim of `name` in `file`. */
export function warnCall(style: FileStyle, file: string, name: string, canonical: CanonicalTarget): string {
  const q = (s: string): string => `${style.quote}${s.replace(/\\/g, '\\\\').split(style.quote).join(`\\${style.quote}`)}${style.quote}`;
  const call = `${WARN_HELPER}(${q(`${name} (${file})`)}, ${q(describeRef(canonical.ref).replace(/`/g, ''))})`;
  return style.semi ? `${call};` : call;
}

/**
 * The warning helper. Guarded so it runs where `process` does not exist (browsers, workers), silenced by
 * `SSOT_NO_DEPRECATION=1` and by Node's own `--no-deprecation`, and keyed on a global registry so two
 * copies of a module still warn once.
 */
export function warnHelper(style: FileStyle): string {
  const s = style.semi ? ';' : '';
  const q = style.quote;
  const lines = style.typescript
    ? [
        '/** Warns once per process that a deprecated shim is used (silence with SSOT_NO_DEPRECATION=1 or --no-deprecation). */',
        `function ${WARN_HELPER}(name: string, replacement: string): void {`,
        '  const scope = globalThis as unknown as {',
        '    process?: {',
        '      env?: Record<string, string | undefined>' + s,
        '      noDeprecation?: boolean' + s,
        '      emitWarning?: (message: string, options: { type: string; code: string }) => void' + s,
        '    }' + s,
        '    [key: symbol]: Set<string> | undefined' + s,
        '  }' + s,
        '  const proc = scope.process' + s,
        `  if (!proc || typeof proc.emitWarning !== ${q}function${q} || proc.noDeprecation || proc.env?.SSOT_NO_DEPRECATION === ${q}1${q}) return` + s,
        `  const key = Symbol.for(${q}ssot.deprecated${q})` + s,
        '  const seen = (scope[key] ??= new Set<string>())' + s,
        '  if (seen.has(name)) return' + s,
        '  seen.add(name)' + s,
        `  proc.emitWarning(\`\${name} is deprecated: use \${replacement} instead.\`, { type: ${q}DeprecationWarning${q}, code: ${q}SSOT_DEPRECATED${q} })` + s,
        '}',
      ]
    : [
        '/** Warns once per process that a deprecated shim is used (silence with SSOT_NO_DEPRECATION=1 or --no-deprecation). */',
        `function ${WARN_HELPER}(name, replacement) {`,
        '  const proc = globalThis.process' + s,
        `  if (!proc || typeof proc.emitWarning !== ${q}function${q} || proc.noDeprecation || (proc.env && proc.env.SSOT_NO_DEPRECATION === ${q}1${q})) return` + s,
        `  const key = Symbol.for(${q}ssot.deprecated${q})` + s,
        '  const seen = globalThis[key] || (globalThis[key] = new Set())' + s,
        '  if (seen.has(name)) return' + s,
        '  seen.add(name)' + s,
        `  proc.emitWarning(\`\${name} is deprecated: use \${replacement} instead.\`, { type: ${q}DeprecationWarning${q}, code: ${q}SSOT_DEPRECATED${q} })` + s,
        '}',
      ];
  return lines.join('\n');
}

/** Whether the file already declares the warning helper. */
export function hasWarnHelper(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((s) => ts.isFunctionDeclaration(s) && s.name?.text === WARN_HELPER);
}

/** The `@ssot-shim` reference in the comments right before a node, if any. */
export function shimTagOf(node: ts.Node): string | undefined {
  const sourceFile = node.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(sourceFile.text, node.pos) ?? [];
  for (const range of ranges) {
    const match = /@ssot-shim\s+(\S+)/.exec(sourceFile.text.slice(range.pos, range.end));
    if (match) return match[1];
  }
  return undefined;
}

/** Every shim of the file: exported name → canonical reference, from `@ssot-shim` tags. */
export function shimsOf(sourceFile: ts.SourceFile): Map<string, string> {
  const shims = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    const statementTag = shimTagOf(statement);
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const tag = shimTagOf(element) ?? statementTag;
        if (tag) shims.set(element.name.text, tag);
      }
      continue;
    }
    if (!statementTag) continue;
    const isDefault = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) shims.set(d.name.text, statementTag);
    } else {
      const name = (statement as { name?: ts.Identifier }).name;
      if (isDefault) shims.set('default', statementTag);
      else if (name) shims.set(name.text, statementTag);
    }
  }
  return shims;
}
