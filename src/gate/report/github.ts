/**
 * GitHub Actions workflow commands: one `::error file=…,line=…::` annotation per failure (shown on the
 * pull request's diff), notices for fixed baseline entries, warnings for unused suppressions.
 */
import type { GateVerdict } from '../types.js';
import { hostPath, hostRef, type ReportOptions } from './options.js';

export function reportGithub(verdict: GateVerdict, options: ReportOptions = {}): string {
  const lines: string[] = [];
  const command = (level: 'error' | 'warning' | 'notice', file: string, line: number, title: string, message: string) =>
    `::${level} file=${property(hostPath(file, options))},line=${line},title=${property(title)}::${data(message)}`;
  for (const v of verdict.violations) {
    const instead = v.instead ? ` Use ${hostRef(v.instead, options)} instead.` : '';
    lines.push(command('error', v.file, v.line, `ssot ${v.rule}`, `${v.message}.${instead}`));
  }
  for (const e of verdict.fixed) {
    lines.push(command('notice', e.file, e.line, 'ssot fixed', `${e.concept} ${e.kind} \`${e.symbol}\` is gone: prune its baseline entry with ssot check --update-baseline`));
  }
  if (!verdict.strict) {
    for (const s of verdict.unusedSuppressions) {
      lines.push(command('warning', s.file, s.line, 'ssot unused-suppression', `ssot-ignore ${s.target} suppresses nothing`));
    }
  }
  const s = verdict.summary;
  lines.push(`ssot check ${verdict.passed ? 'passed' : 'failed'}: ${s.violations} problem(s), ${s.findings} finding(s), ${s.baselined} baselined, ${s.fixed} fixed`);
  return `${lines.join('\n')}\n`;
}

/** Escaping of the message part of a workflow command. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value (`file=`, `title=`), which also may not contain `:` or `,`. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
