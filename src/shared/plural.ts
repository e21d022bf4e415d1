/** Pluralisation of counted nouns in reports meant for people. */

/** `1 file`, `2 files`, `0 files`; `many` for nouns whose plural is not the singular plus `s`. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
