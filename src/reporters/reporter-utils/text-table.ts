/** Column layout for the terminal table, measuring visible width (colour codes take no room). */

const ANSI = /\u001b\[[0-9;]*m/g;

/** Combining marks and zero-width characters take no column. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]$/u;
/** East Asian wide and fullwidth characters and emoji take two columns on a terminal. */
const DOUBLE_WIDTH = /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]$/u;

/** Terminal columns a text takes: colour codes none, wide characters (CJK, emoji) two. */
export function visibleWidth(text: string): number {
  const plain = text.replace(ANSI, '');
  // Fast path: plain ASCII, as almost every path and symbol is.
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const ch of plain) width += ZERO_WIDTH.test(ch) ? 0 : DOUBLE_WIDTH.test(ch) ? 2 : 1;
  return width;
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
