/**
 * JSON with comments and trailing commas, as tsconfig.json and jsconfig.json allow.
 */

/** Removes `//` and `/* *\/` comments and trailing commas outside strings, then parses. Throws on bad JSON. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const length = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      i++;
      while (i < length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      out += text.slice(start, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? length : close + 2;
      continue;
    }
    out += c;
    i++;
  }
  // Trailing commas before `}` or `]` (comments are gone, strings never end in `,` + `}` here).
  return JSON.parse(removeTrailingCommas(out));
}

function removeTrailingCommas(json: string): string {
  let out = '';
  let i = 0;
  while (i < json.length) {
    const c = json[i]!;
    if (c === '"') {
      const start = i;
      i++;
      while (i < json.length && json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
      i++;
      out += json.slice(start, i);
      continue;
    }
    if (c === ',') {
      let j = i + 1;
      while (j < json.length && /\s/.test(json[j]!)) j++;
      if (json[j] === '}' || json[j] === ']') {
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}
