/**
 * Renderers for `ssot compare`: pure functions from a CompareResult to a string.
 */
import { Chalk } from 'chalk';
import { FEATURE_CATEGORIES, type CompareResult, type CompareRow, type CompareSide } from '../scan/compare-types.js';

/** Rendering options: `color` comes from `useColor` in the CLI. */
export interface CompareRenderOptions {
  color: boolean;
}

const TITLES: Record<(typeof FEATURE_CATEGORIES)[number], string> = {
  members: 'Members',
  fields: 'Config fields',
  options: 'Options',
  events: 'Events',
};

function describeSide(side: CompareSide): string {
  return `${side.file}#${side.symbol} (${side.declaration}, lines ${side.startLine}-${side.endLine})`;
}

function cell(row: CompareRow, which: 'a' | 'b'): string | undefined {
  return row[which];
}

/** The matrix as a terminal table, with ✓/✗ marks (coloured when `color`). */
export function renderCompareTable(result: CompareResult, options: CompareRenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  lines.push(`${chalk.bold('A')}  ${describeSide(result.a)}`);
  lines.push(`${chalk.bold('B')}  ${describeSide(result.b)}`);
  lines.push(`structural similarity ${result.similarity.toFixed(2)}${result.identical ? ' (identical copies)' : ''}`);
  const width = Math.max(24, ...result.rows.map((row) => row.name.length + 4));
  for (const category of FEATURE_CATEGORIES) {
    const rows = result.rows.filter((row) => row.category === category);
    const counts = result.summary[category];
    lines.push('');
    lines.push(`${chalk.bold(TITLES[category].padEnd(width))}${chalk.bold('A')}  ${chalk.bold('B')}   ${chalk.dim(`${counts.both} shared, ${counts.onlyA} only in A, ${counts.onlyB} only in B`)}`);
    if (rows.length === 0) {
      lines.push(chalk.dim('  (none on either side)'));
      continue;
    }
    for (const row of rows) {
      const mark = (which: 'a' | 'b'): string => (cell(row, which) !== undefined ? chalk.green('✓') : chalk.red('✗'));
      const spelled = row.a !== undefined && row.b !== undefined && row.a !== row.b ? chalk.dim(`  (B: ${row.b})`) : '';
      lines.push(`  ${row.name.padEnd(width - 2)}${mark('a')}  ${mark('b')}${spelled}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The result as JSON (stable field order, two-space indent). */
export function renderCompareJson(result: CompareResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The matrix as a Markdown table, as the consolidation plans draw it. */
export function renderCompareMarkdown(result: CompareResult): string {
  const a = `\`${result.a.symbol}\``;
  const b = `\`${result.b.symbol}\``;
  const lines = [
    `### Feature comparison: ${a} vs ${b}`,
    '',
    `- **A**: \`${result.a.file}#${result.a.symbol}\` (${result.a.declaration}, lines ${result.a.startLine}-${result.a.endLine})`,
    `- **B**: \`${result.b.file}#${result.b.symbol}\` (${result.b.declaration}, lines ${result.b.startLine}-${result.b.endLine})`,
    `- Structural similarity: ${result.similarity.toFixed(2)}${result.identical ? ' (identical copies)' : ''}`,
    '',
    `| Feature | ${escapeCell(a)} | ${escapeCell(b)} |`,
    '|---|:---:|:---:|',
  ];
  for (const category of FEATURE_CATEGORIES) {
    const counts = result.summary[category];
    lines.push(`| **${TITLES[category]}** (${counts.both} shared, ${counts.onlyA} only A, ${counts.onlyB} only B) | | |`);
    for (const row of result.rows.filter((r) => r.category === category)) {
      const name = row.a !== undefined && row.b !== undefined && row.a !== row.b ? `${row.a} / ${row.b}` : row.name;
      lines.push(`| ${escapeCell(name)} | ${row.a !== undefined ? '✅' : '❌'} | ${row.b !== undefined ? '✅' : '❌'} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
