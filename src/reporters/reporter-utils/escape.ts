/** Escaping for the text formats reporters produce. */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in HTML text and in double- or single-quoted attributes. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

/** Plain Markdown text: punctuation that would format, link, open HTML or split a table cell is escaped. */
export function markdownText(text: string | number): string {
  return String(text)
    .replace(/[\\`*_[\]<>|#~]/g, (char) => `\\${char}`)
    .replace(/\r?\n/g, ' ');
}

/**
 * A Markdown code span that survives any content: the fence is longer than the longest run of
 * backticks inside, and pipes are escaped because GitHub splits table cells on them even in code.
 */
export function markdownCode(text: string | number): string {
  const value = String(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}
