/**
 * Field and option mappings: `"maxAttempts"` renames; `"maxAttempts: $ + 1"` renames and converts the
 * value (`$` is the old value), for changes of meaning or unit such as retries → attempts or seconds → ms.
 */

export interface ValueTarget {
  name: string;
  /** Converts the old value's source text; identity when absent. */
  convert?: (valueText: string) => string;
  /** The conversion expression as written (`$ * 1000`). */
  expression?: string;
}

const SIMPLE = /^[A-Za-z_$][\w$]*$/;
const PRIMARY = /^([A-Za-z_$][\w$.]*|\d[\d_.]*|'[^']*'|"[^"]*"|`[^`]*`|\(.*\)|\[.*\]|\{.*\})$/s;

/** Parses a field/option mapping value; undefined when it is neither a name nor `name: expression`. */
export function parseValueTarget(value: string): ValueTarget | undefined {
  const trimmed = value.trim();
  if (SIMPLE.test(trimmed)) return { name: trimmed };
  const match = /^([A-Za-z_$][\w$]*)\s*:\s*([\s\S]+)$/.exec(trimmed);
  if (!match) return undefined;
  const expression = match[2]!.trim();
  return {
    name: match[1]!,
    expression,
    convert: (text) => expression.replace(/\$(?![\w$])/g, () => (PRIMARY.test(text.trim()) ? text : `(${text})`)),
  };
}
