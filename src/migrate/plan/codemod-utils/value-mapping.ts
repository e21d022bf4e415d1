/**
 * Field and option mappings: `"maxAttempts"` renames; `"maxAttempts: $ + 1"` renames and converts the
 * value (`$` is the old value), for changes of meaning or unit such as retries → attempts or seconds → ms.
 */
import { simplifyExpression, type TextRange } from './simplify.js';

export interface ValueTarget {
  name: string;
  /** Converts the old value's source text; identity when absent. */
  convert?: (valueText: string) => string;
  /** The conversion expression as written (`$ * 1000`). */
  expression?: string;
  /**
   * Gives the old value back from a read of the new field (`cfg.timeoutMs / 1000` for `$ * 1000`), when
   * the conversion is one arithmetic step with a number, which can be undone exactly.
   */
  revert?: (newValueText: string) => string;
}

const NUMBER = String.raw`\d[\d_]*(?:\.\d[\d_]*)?`;
const INVERSE: Record<string, string> = { '*': '/', '/': '*', '+': '-', '-': '+' };

/** The inverse of `$ op n` (or `n * $`, `n + $`), or undefined for any other expression. */
function inverseOf(expression: string): ((text: string) => string) | undefined {
  const after = new RegExp(`^\\$\\s*([*/+-])\\s*(${NUMBER})$`).exec(expression);
  const before = new RegExp(`^(${NUMBER})\\s*([*+])\\s*\\$$`).exec(expression);
  const op = after ? after[1]! : before?.[2];
  const operand = after ? after[2]! : before?.[1];
  if (op === undefined || operand === undefined) return undefined;
  // Dividing by zero or multiplying by it loses the value.
  if ((op === '*' || op === '/') && Number(operand.replace(/_/g, '')) === 0) return undefined;
  return (text) => `${PRIMARY.test(text.trim()) ? text : `(${text})`} ${INVERSE[op]} ${operand}`;
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
  const revert = inverseOf(expression);
  return {
    name: match[1]!,
    expression,
    ...(revert ? { revert } : {}),
    // A read converted back (`cfg.timeoutMs / 1000`) and converted again comes out as the read itself.
    convert: (text) => {
      const value = PRIMARY.test(text.trim()) ? text : `(${text})`;
      const kept: TextRange[] = [];
      const converted = expression.replace(/\$(?![\w$])/g, (_match, at: number) => {
        const start = at + kept.length * (value.length - 1);
        kept.push([start, start + value.length]);
        return value;
      });
      return simplifyExpression(converted, kept);
    },
  };
}
