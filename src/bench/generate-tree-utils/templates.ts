/**
 * Source templates for generated trees: ordinary modules (services, utilities, components, types,
 * CommonJS modules, tests) and, rarely, implementations of the concepts ssot looks for, in varied
 * styles. Every template uses the names it imports, as real code does.
 */
import { camel, pascal, type Random } from './random.js';

export interface ImportSpec {
  specifier: string;
  names: string[];
  typeOnly?: boolean;
}

export interface Module {
  text: string;
  exports: string[];
}

function importLines(imports: readonly ImportSpec[], commonJs = false): string {
  return imports
    .map((imp) => {
      if (commonJs) return `const { ${imp.names.join(', ')} } = require('${imp.specifier}');`;
      return `import ${imp.typeOnly ? 'type ' : ''}{ ${imp.names.join(', ')} } from '${imp.specifier}';`;
    })
    .join('\n');
}

/** Statements that use the imported names so imports are not dead weight. */
function usage(random: Random, imports: readonly ImportSpec[], indent = '    '): string {
  const lines: string[] = [];
  for (const imp of imports) {
    if (imp.typeOnly) continue;
    for (const name of imp.names) {
      const local = camel(random, 1);
      lines.push(random.chance(0.5) ? `${indent}const ${local}${lines.length} = ${name};` : `${indent}void ${name};`);
    }
  }
  return lines.join('\n');
}

function methodBody(random: Random, name: string): string {
  const kind = random.int(0, 3);
  const field = camel(random, 1);
  if (kind === 0) {
    return `    const items = await this.repository.list({ ${field}: input.${field}, limit: ${random.int(10, 100)} });
    const filtered = items.filter((item) => item.status !== 'archived' && item.${field} !== undefined);
    if (filtered.length === 0) {
      this.logger.debug(\`${name}: nothing to do for \${input.id}\`);
      return [];
    }
    return filtered.map((item) => ({ ...item, updatedAt: new Date().toISOString() }));`;
  }
  if (kind === 1) {
    return `    const existing = this.cache.get(input.id);
    if (existing && Date.now() - existing.at < ${random.int(1, 60) * 1000}) return [existing.value];
    const value = await this.repository.get(input.id);
    if (!value) throw new Error(\`${name}: \${input.id} not found\`);
    this.cache.set(input.id, { value, at: Date.now() });
    return [value];`;
  }
  if (kind === 2) {
    return `    const totals = new Map<string, number>();
    for (const entry of await this.repository.list({ ${field}: input.${field} })) {
      const key = String(entry.${field} ?? 'unknown');
      totals.set(key, (totals.get(key) ?? 0) + Number(entry.amount ?? 0));
    }
    return [...totals.entries()].map(([key, total]) => ({ id: key, status: 'active', amount: total }));`;
  }
  return `    switch (input.status) {
      case 'active':
        return this.repository.list({ status: 'active' });
      case 'archived':
        this.logger.info('${name}: archived records are read-only');
        return [];
      default:
        return this.repository.list({ ${field}: input.${field} });
    }`;
}

/**
 * Ordinary error handling (log and rethrow): real code has it in many files that hold no retry, so a
 * prefilter must not mistake `catch` or `error` for a concept. With the rates below, about one file in
 * eight of a generated tree has a `catch`, close to what published npm packages show (8 to 20 % of
 * files have `catch` or an `err`/`error` identifier).
 */
const SERVICE_CATCH_SHARE = 0.45;
const COMPONENT_CATCH_SHARE = 0.2;

function loggedFailure(random: Random, name: string): string {
  const field = camel(random, 1);
  return `    try {
      return await this.repository.list({ ${field}: input.${field} });
    } catch (error) {
      this.logger.info(\`${name} failed for \${input.id}: \${String(error)}\`);
      throw error;
    }`;
}

export function serviceModule(random: Random, base: string, imports: readonly ImportSpec[]): Module {
  const cls = `${pascal(base)}Service`;
  const methods = Array.from({ length: random.int(4, 10) }, (_, i) => `${camel(random, 2)}${i}`);
  const withCatch = random.chance(SERVICE_CATCH_SHARE) ? random.int(0, methods.length - 1) : -1;
  const text = `${importLines(imports)}

export interface ${pascal(base)}Record {
  id: string;
  status: 'active' | 'archived' | 'pending';
  amount?: number;
  updatedAt?: string;
  [key: string]: unknown;
}

interface Repository {
  list(query: Record<string, unknown>): Promise<${pascal(base)}Record[]>;
  get(id: string): Promise<${pascal(base)}Record | undefined>;
}

interface Logger {
  debug(message: string): void;
  info(message: string): void;
}

/** Reads and updates ${base} records. */
export class ${cls} {
  private readonly cache = new Map<string, { value: ${pascal(base)}Record; at: number }>();

  constructor(
    private readonly repository: Repository,
    private readonly logger: Logger,
  ) {}

${methods
  .map(
    (m, i) => `  async ${m}(input: ${pascal(base)}Record): Promise<${pascal(base)}Record[]> {
${i === withCatch ? loggedFailure(random, m) : methodBody(random, m)}
  }`,
  )
  .join('\n\n')}

  describe(): string {
${usage(random, imports)}
    return '${cls}';
  }
}
`;
  return { text, exports: [cls, `${pascal(base)}Record`] };
}

export function utilModule(random: Random, base: string, imports: readonly ImportSpec[]): Module {
  const names = Array.from({ length: random.int(3, 8) }, (_, i) => `${camel(random, 2)}${pascal(base)}${i}`);
  const bodies = names.map((name, i) => {
    const style = i % 3;
    if (style === 0) {
      return `/** Formats a ${base} value for display. */
export function ${name}(value: unknown, options: { locale?: string; fallback?: string } = {}): string {
  if (value === null || value === undefined) return options.fallback ?? '-';
  if (typeof value === 'number') return value.toLocaleString(options.locale ?? 'en-US', { maximumFractionDigits: ${random.int(0, 4)} });
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value).trim();
  return text.length > ${random.int(20, 80)} ? \`\${text.slice(0, ${random.int(10, 19)})}…\` : text;
}`;
    }
    if (style === 1) {
      return `export const ${name} = <T extends { id: string }>(items: readonly T[], key: keyof T = 'id'): Map<unknown, T[]> => {
  const groups = new Map<unknown, T[]>();
  for (const item of items) {
    const group = groups.get(item[key]) ?? [];
    group.push(item);
    groups.set(item[key], group);
  }
  return groups;
};`;
    }
    return `export function ${name}(input: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of input.split(/[;&]/)) {
    const [rawKey, ...rest] = pair.split('=');
    if (!rawKey) continue;
    result[decodeURIComponent(rawKey.trim())] = decodeURIComponent(rest.join('=').trim());
  }
  return result;
}`;
  });
  const text = `${importLines(imports)}

${bodies.join('\n\n')}

export function ${names[0]}Self(): void {
${usage(random, imports, '  ')}
}
`;
  return { text, exports: [...names, `${names[0]}Self`] };
}

export function componentModule(random: Random, base: string, imports: readonly ImportSpec[]): Module {
  const name = `${pascal(base)}Panel`;
  const rows = random.int(3, 8);
  const loads = random.chance(COMPONENT_CATCH_SHARE);
  const load = loads
    ? `
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/${base}')
      .then((response) => response.json())
      .catch((error: unknown) => setLoadError(String(error)));
  }, []);`
    : '';
  const text = `${importLines(imports)}
import { ${loads ? 'useEffect, ' : ''}useMemo, useState } from 'react';

export interface ${name}Props {
  title: string;
  items: Array<{ id: string; label: string; value: number }>;
  onSelect?: (id: string) => void;
}

export function ${name}({ title, items, onSelect }: ${name}Props) {
  const [filter, setFilter] = useState('');
  const visible = useMemo(() => items.filter((item) => item.label.toLowerCase().includes(filter.toLowerCase())), [items, filter]);${load}
${usage(random, imports, '  ')}
  return (
    <section className="panel ${base}">
      <h2>{title}</h2>${loads ? '\n      {loadError && <p role="alert">{loadError}</p>}' : ''}
      <p>Don't worry, it's fine: {visible.length} / {items.length} shown</p>
      <input value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="Filter…" />
      <ul>
        {visible.map((item) => (
          <li key={item.id} onClick={() => onSelect?.(item.id)}>
            <span>{item.label}</span> <strong>{item.value.toFixed(${random.int(0, 2)})}</strong>
          </li>
        ))}
      </ul>
${Array.from({ length: rows }, (_, i) => `      <div className="row-${i}">{title} #${i}</div>`).join('\n')}
    </section>
  );
}
`;
  return { text, exports: [name, `${name}Props`] };
}

export function typesModule(random: Random, base: string, imports: readonly ImportSpec[]): Module {
  const names = Array.from({ length: random.int(3, 10) }, (_, i) => `${pascal(camel(random, 2))}${pascal(base)}${i}`);
  const text = `${importLines(imports.map((imp) => ({ ...imp, typeOnly: true })))}

${names
  .map(
    (name, i) =>
      i % 2 === 0
        ? `export interface ${name} {
  id: string;
  createdAt: string;
  ${camel(random, 1)}: number;
  ${camel(random, 1)}?: string;
  tags: readonly string[];
}`
        : `export type ${name} = { kind: '${camel(random, 1)}'; value: number } | { kind: '${camel(random, 1)}'; reason: string };`,
  )
  .join('\n\n')}
`;
  return { text, exports: names };
}

export function commonJsModule(random: Random, base: string, imports: readonly ImportSpec[]): Module {
  const names = Array.from({ length: random.int(2, 4) }, (_, i) => `${camel(random, 2)}${pascal(base)}${i}`);
  const text = `'use strict';
${importLines(imports, true)}

${names
  .map(
    (name) => `function ${name}(input, options) {
  const settings = Object.assign({ strict: false, limit: ${random.int(5, 500)} }, options);
  if (!Array.isArray(input)) return [];
  return input.slice(0, settings.limit).map(function (item, index) {
    return { index: index, value: settings.strict ? String(item) : item };
  });
}`,
  )
  .join('\n\n')}

module.exports = { ${names.join(', ')} };
`;
  return { text, exports: names };
}

export function testModule(random: Random, target: ImportSpec): Module {
  const text = `import { describe, expect, it } from 'vitest';
import { ${target.names.join(', ')} } from '${target.specifier}';

describe('${target.names[0]}', () => {
${target.names
  .map(
    (name) => `  it('is defined: ${name}', () => {
    expect(${name}).toBeDefined();
    expect(typeof ${name}).not.toBe('undefined');
  });`,
  )
  .join('\n\n')}

  it('handles ${random.int(1, 99)} cases', () => {
    const values = Array.from({ length: ${random.int(2, 20)} }, (_, i) => i * 2);
    expect(values.every((v) => v % 2 === 0)).toBe(true);
  });
});
`;
  return { text, exports: [] };
}

export function barrelModule(entries: ReadonlyArray<{ specifier: string; names?: string[] }>): Module {
  const text = entries
    .map((entry) => (entry.names ? `export { ${entry.names.join(', ')} } from '${entry.specifier}';` : `export * from '${entry.specifier}';`))
    .join('\n');
  return { text: `${text}\n`, exports: [] };
}
