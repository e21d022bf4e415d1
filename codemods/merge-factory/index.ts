/**
 * Moves the members only a superseded factory has into the canonical factory class, so the superseded
 * one can become a plain re-export shim ("merge unique features, then delete"). The planner only asks
 * for members whose references resolve in the canonical's module; members already there are skipped.
 */
import { defineCodemod } from '../../src/migrate/plan/codemod.js';
import type { MergeFactoryOptions } from '../../src/migrate/plan/codemod-options.js';
import { applyEdits, type TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { addImports } from '../../src/migrate/plan/codemod-utils/imports.js';
import { detectStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import { ts } from '../../src/parser/ts.js';

export default defineCodemod<MergeFactoryOptions>({
  id: 'merge-factory',
  description: "move a superseded factory's unique members into the canonical factory class",
  transform(file, options, api) {
    const sourceFile = api.parse(file.path, file.text);
    const style = detectStyle(sourceFile);
    const edits: TextEdit[] = [];
    for (const merge of options.merges) {
      const cls = sourceFile.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === merge.class);
      if (!cls) {
        api.report({ line: 1, kind: 'merge-conflict', message: `no class ${merge.class} to merge ${merge.from} into` });
        continue;
      }
      const present = new Set(cls.members.map((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : '')).filter(Boolean));
      const missing = merge.members.filter((m) => !present.has(m.name));
      if (missing.length === 0) continue;
      const indent = memberIndent(sourceFile, cls, style.indent);
      const block = missing.map((m) => reindent(m.text, indent, style.eol, style.indent)).join(style.eol + style.eol);
      const last = cls.members[cls.members.length - 1];
      if (last) edits.push({ start: last.getEnd(), end: last.getEnd(), text: `${style.eol}${style.eol}${block}` });
      else {
        const open = cls.members.pos;
        edits.push({ start: open, end: open, text: `${style.eol}${block}${style.eol}` });
      }
      edits.push(...addImports(sourceFile, style, (merge.imports ?? []).map((i) => ({ specifier: i.specifier, imported: i.name, local: i.local, typeOnly: i.typeOnly }))));
    }
    if (edits.length === 0) return undefined;
    return applyEdits(file.text, edits);
  },
});

/** Indentation of the class's members (or one level more than the class). */
function memberIndent(sourceFile: ts.SourceFile, cls: ts.ClassDeclaration, unit: string): string {
  const first = cls.members[0];
  const text = sourceFile.text;
  const node = first ?? cls;
  const lineStart = text.lastIndexOf('\n', node.getStart(sourceFile) - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return first ? indent : indent + unit;
}

/**
 * Member text arrives dedented (its first line at column 0). Every line gets the class's member
 * indentation, and the member's own nesting is converted to this file's indentation unit.
 */
function reindent(text: string, indent: string, eol: string, unit: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  // Doc-comment continuation lines (` * ...`) are aligned by one space; they say nothing about the indentation step.
  const depths = lines.map((l) => /^[ \t]*/.exec(l)![0]).filter((w, i) => w.length > 0 && lines[i]!.trim().length > 0 && !lines[i]!.trim().startsWith('*'));
  const step = depths.length === 0 ? '' : depths.reduce((a, b) => (a.length <= b.length ? a : b));
  return lines
    .map((l) => {
      if (l.trim().length === 0) return '';
      const lead = /^[ \t]*/.exec(l)![0];
      const levels = step.length === 0 ? 0 : Math.floor(lead.length / step.length);
      return indent + unit.repeat(levels) + lead.slice(levels * step.length) + l.slice(lead.length);
    })
    .join(eol);
}
