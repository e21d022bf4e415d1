/**
 * The default console report: one line per failure, `file:line  what  → use instead  (rule)`, then
 * what the baseline learned (fixed, moved, changed), suppressions, and a one-line summary.
 */
import { Chalk } from 'chalk';
import type { GateVerdict, Violation } from '../types.js';
import { hostPath, hostRef, type ReportOptions } from './options.js';

export function reportStylish(verdict: GateVerdict, options: ReportOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const where = (file: string, line: number) => c.underline(`${hostPath(file, options)}:${line}`);

  if (verdict.violations.length > 0) {
    for (const v of verdict.violations) out.push(violationLine(v, where, c, options));
    out.push('');
  }
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(c.bold(`${title} (${lines.length})`), ...lines, '');
  };
  section(
    'Fixed: baseline entries that match nothing any more',
    verdict.fixed.map((e) => `  ${where(e.file, e.line)}  ${e.concept} ${e.kind} \`${e.symbol}\``),
  );
  section(
    'Moved or renamed (still baselined)',
    verdict.moved.map((m) => `  ${where(m.file, m.line)}  ${m.concept} \`${m.finding.split('#').pop()}\` ${c.dim(`(was ${m.entry.file}#${m.entry.symbol})`)}`),
  );
  section(
    'Changed in place (still baselined)',
    verdict.changed.map((m) => `  ${where(m.file, m.line)}  ${m.concept} \`${m.finding.split('#').pop()}\` ${c.dim(`(baselined as ${m.entry.file}#${m.entry.symbol})`)}`),
  );
  if (!verdict.strict) {
    section(
      'Unused suppressions',
      verdict.unusedSuppressions.map((s) => `  ${where(s.file, s.line)}  ssot-ignore ${s.target} suppresses nothing`),
    );
  }
  section(
    'Skipped: files the scanner could not parse',
    verdict.scanErrors.map((e) => `  ${where(e.file, e.line ?? 1)}  ${e.message}`),
  );

  const s = verdict.summary;
  const facts = [
    `${s.findings} finding${s.findings === 1 ? '' : 's'}`,
    `${s.baselined} baselined`,
    s.fixed ? `${s.fixed} fixed` : '',
    s.moved ? `${s.moved} moved` : '',
    s.changed ? `${s.changed} changed` : '',
    s.suppressed ? `${s.suppressed} suppressed` : '',
    verdict.changedSince ? `${verdict.changedSince.files.length} changed file${verdict.changedSince.files.length === 1 ? '' : 's'} since ${verdict.changedSince.ref}` : '',
    s.outsideChanged ? `${s.outsideChanged} outside them not reported` : '',
  ].filter(Boolean);
  if (verdict.baselineMissing) out.push(c.yellow('No baseline file: every finding counts as new. Record the current state with `ssot baseline`.'));
  if (s.fixed > 0) out.push(c.dim('Shrink the baseline with `ssot check --update-baseline`.'));
  out.push(
    verdict.passed
      ? `${c.green('✔ ssot check passed')}: ${facts.join(', ')}`
      : `${c.red(`✖ ssot check failed: ${s.violations} problem${s.violations === 1 ? '' : 's'}`)}; ${facts.join(', ')}`,
  );
  return `${out.join('\n')}\n`;
}

function violationLine(v: Violation, where: (file: string, line: number) => string, c: InstanceType<typeof Chalk>, options: ReportOptions): string {
  const instead = v.instead ? `  ${c.cyan(`→ use ${hostRef(v.instead, options)}`)}` : '';
  return `${where(v.file, v.line)}  ${c.red('error')}  ${v.message}${instead}  ${c.dim(`(${v.rule})`)}`;
}
