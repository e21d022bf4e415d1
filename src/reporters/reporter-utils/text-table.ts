/** Column layout for the terminal table, measuring visible width (colour codes take no room). */

const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleWidth(text: string): number {
  return text.replace(ANSI, '').length;
}

export type Align = 'left' | 'right';

/** Lines of a table: header, then rows, columns padded to the widest cell, joined by two spaces. */
export function layoutTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[], indent = '  '): string[] {
  const widths = header.map((cell, column) => Math.max(visibleWidth(cell), ...rows.map((row) => visibleWidth(row[column] ?? ''))));
  const render = (row: readonly string[]) =>
    indent +
    row
      .map((cell, column) => {
        const padding = ' '.repeat(widths[column]! - visibleWidth(cell));
        if (column === row.length - 1 && align[column] !== 'right') return cell;
        return align[column] === 'right' ? padding + cell : cell + padding;
      })
      .join('  ');
  return [render(header), ...rows.map(render)];
}
