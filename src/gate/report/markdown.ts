/** Markdown for a pull-request comment or the job summary (`$GITHUB_STEP_SUMMARY`). */
import type { GateVerdict } from '../types.js';

export function reportMarkdown(verdict: GateVerdict): string {
  const s = verdict.summary;
  const out: string[] = [];
  out.push(
    verdict.passed
      ? `### ssot check: passed`
      : `### ssot check: failed (${s.violations} problem${s.violations === 1 ? '' : 's'})`,
    '',
    `${s.findings} findings, ${s.baselined} baselined, ${s.fixed} fixed, ${s.moved} moved, ${s.changed} changed, ${s.suppressed} suppressed.` +
      (verdict.changedSince ? ` Only files changed since \`${verdict.changedSince.ref}\` (${verdict.changedSince.files.length}) are reported.` : ''),
    '',
  );
  if (verdict.baselineMissing) out.push('> No baseline file: every finding counts as new. Record the current state with `ssot baseline`.', '');
  if (verdict.violations.length > 0) {
    out.push('| where | problem | use instead | rule |', '|---|---|---|---|');
    for (const v of verdict.violations) {
      out.push(`| \`${v.file}:${v.line}\` | ${cell(v.message)} | ${v.instead ? `\`${cell(v.instead)}\`` : ''} | \`${v.rule}\` |`);
    }
    out.push('');
  }
  const details = (title: string, rows: string[]) => {
    if (rows.length === 0) return;
    out.push(`<details><summary>${title} (${rows.length})</summary>`, '', ...rows, '', '</details>', '');
  };
  details('Fixed: prune with <code>ssot check --update-baseline</code>', verdict.fixed.map((e) => `- \`${e.file}:${e.line}\` ${e.concept} ${e.kind} \`${cell(e.symbol)}\``));
  details('Moved or renamed', verdict.moved.map((m) => `- \`${m.file}:${m.line}\` ${m.concept}, was \`${m.entry.file}#${cell(m.entry.symbol)}\``));
  details('Changed in place', verdict.changed.map((m) => `- \`${m.file}:${m.line}\` ${m.concept}, baselined as \`${m.entry.file}#${cell(m.entry.symbol)}\``));
  details('Suppressed', verdict.suppressed.map(({ violation, suppression }) => `- \`${violation.file}:${violation.line}\` ${cell(violation.message)}: ${cell(suppression.reason)}`));
  if (!verdict.strict) details('Unused suppressions', verdict.unusedSuppressions.map((x) => `- \`${x.file}:${x.line}\` ssot-ignore ${cell(x.target)}`));
  details('Files that could not be parsed', verdict.scanErrors.map((e) => `- \`${e.file}${e.line ? `:${e.line}` : ''}\` ${cell(e.message)}`));
  return `${out.join('\n').trimEnd()}\n`;
}

/** Table cells cannot hold pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
