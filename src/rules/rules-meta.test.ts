import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageInfo } from '../shared/package-root.js';
import { loadBuiltinRules } from './load-rules.js';
import { MATCHER_NAMES } from './matchers.js';
import { RULE_SCHEMA } from './rule-schema.js';
import { BUILTIN_CONCEPTS } from '../scan/types.js';
import { STRUCTURAL_CONDITIONS, type RuleDefinition, type SignalDefinition } from './types.js';
import { parseSource } from '../parser/ts.js';
import { analyzeFile, compileRules } from '../scan/detect/analyze-file.js';
import { validateRuleDefinition } from './validate-rule.js';
import { defaultLoaders } from 'cosmiconfig';

const root = packageInfo().root;
const files = readdirSync(join(root, 'rules')).filter((name) => name.endsWith('.yaml')).sort();
const definitions = await loadBuiltinRules();

function isStructural(signal: SignalDefinition | undefined): boolean {
  return !!signal && STRUCTURAL_CONDITIONS.some((condition) => signal[condition] !== undefined);
}

describe('built-in rules (meta)', () => {
  it('ships exactly the built-in concepts, one file each', () => {
    expect(files.map((f) => basename(f, '.yaml')).sort()).toEqual([...BUILTIN_CONCEPTS].sort());
  });

  for (const file of files) {
    const id = basename(file, '.yaml');
    describe(file, () => {
      const raw = defaultLoaders['.yaml'](join(root, 'rules', file), readFileSync(join(root, 'rules', file), 'utf8')) as Record<string, unknown>;
      const definition = definitions.find((d) => d.id === id)!;

      it('has an id equal to its file name', () => {
        expect(raw.id).toBe(id);
      });

      it('is valid against the rule schema and the semantic checks', () => {
        expect(validateRuleDefinition(raw, `rules/${file}`)).toEqual([]);
      });

      it('has a description, keywords, and valid and invalid examples', () => {
        expect(definition.description?.length).toBeGreaterThan(20);
        expect(definition.keywords?.length).toBeGreaterThan(0);
        expect(definition.examples?.valid.length).toBeGreaterThan(0);
        expect(definition.examples?.invalid.length).toBeGreaterThan(0);
      });

      it('requires a structural signal, so names alone never suffice', () => {
        const byId = new Map((definition.signals ?? []).map((s) => [s.id, s]));
        const any = definition.requires?.anyOf ?? [];
        const all = definition.requires?.allOf ?? [];
        const anyStructural = any.length > 0 && any.every((signalId) => isStructural(byId.get(signalId)));
        const allStructural = all.some((signalId) => isStructural(byId.get(signalId)));
        expect(anyStructural || allStructural).toBe(true);
      });

      it('uses only matchers from the vocabulary', () => {
        for (const signal of [...(definition.signals ?? []), ...(definition.exclude ?? [])]) {
          if (signal.matcher !== undefined) expect(MATCHER_NAMES).toContain(signal.matcher);
        }
      });
    });
  }

  it('keeps schema/rule.schema.json equal to the schema the validator uses', () => {
    const onDisk = JSON.parse(readFileSync(join(root, 'schema', 'rule.schema.json'), 'utf8')) as unknown;
    // To regenerate: node -e "import('./dist/src/rules/rule-schema.js').then(m => console.log(JSON.stringify(m.RULE_SCHEMA, null, 2)))" > schema/rule.schema.json
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(RULE_SCHEMA)));
  });

  it('documents every matcher of the vocabulary in the README rules section', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- section: rules -->'), readme.indexOf('<!-- section: migrate -->'));
    for (const matcher of MATCHER_NAMES) expect(section, matcher).toContain(`\`${matcher}\``);
  });
});

describe('the README user-concept example', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- section: rules -->'), readme.indexOf('<!-- section: migrate -->'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const rule = defaultLoaders['.yaml']('feature-flag-client.yaml', yaml) as RuleDefinition;

  it('is a valid rule', () => {
    expect(rule.id).toBe('feature-flag-client');
    expect(validateRuleDefinition(rule, 'README.md')).toEqual([]);
  });

  it('passes its own examples', () => {
    const compiled = compileRules([rule]);
    for (const raw of rule.examples!.valid) {
      const code = typeof raw === 'string' ? raw : raw.code;
      expect(analyzeFile(parseSource('v.ts', code), 'v.ts', compiled).candidates).toEqual([]);
    }
    for (const raw of rule.examples!.invalid) {
      const example = typeof raw === 'string' ? { code: raw, findings: undefined } : raw;
      const found = analyzeFile(parseSource('i.ts', example.code), 'i.ts', compiled).candidates;
      expect(found.map((c) => ({ symbol: c.symbol, kind: c.kind, startLine: c.startLine, endLine: c.endLine }))).toEqual(example.findings);
    }
  });
});
