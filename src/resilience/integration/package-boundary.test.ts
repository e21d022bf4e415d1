import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CORE = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-utils' || entry.name === 'integration' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The core's promise: a service can depend on it without pulling in anything else. */
describe('ssot/resilience package boundary', () => {
  it('imports only its own modules and node: builtins (zero runtime dependencies, nothing else from src)', () => {
    const offending: string[] = [];
    for (const file of sources(CORE)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const specifier = match[1]!;
        if (specifier.startsWith('node:')) continue;
        const target = specifier.startsWith('.') ? resolve(file, '..', specifier) : undefined;
        if (target === undefined || !(target + sep).startsWith(CORE)) offending.push(`${relative(CORE, file)}: ${specifier}`);
      }
    }
    expect(sources(CORE).length).toBeGreaterThan(20);
    expect(offending).toEqual([]);
  });

  it('is importable as ssot/resilience (the package subpath export)', async () => {
    const core = (await import('ssot/resilience')) as Record<string, unknown>;
    for (const name of ['retry', 'circuitBreaker', 'wrap', 'timeout', 'ReliabilityManager', 'createRegistry', 'DependencyStartup', 'createHealthHandler', 'fromLegacyRetryConfig']) {
      expect(typeof core[name], name).toBe('function');
    }
  });
});
