/**
 * `ssot scan [path]`: inventory every implementation of each concept and report it.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { unmatchedCanonicals } from '../../config/canonical-check.js';
import { locateConfigKey } from '../../config/config-location.js';
import { didYouMean } from '../../config/did-you-mean.js';
import { formatPath } from '../../config/field-spec.js';
import { loadConfig } from '../../config/load-config.js';
import type { ConfigOverrides } from '../../config/normalize-config.js';
import { projectDeclarations } from '../../config/project-declarations.js';
import { projectPackages } from '../../config/project-packages.js';
import { shippedExports } from '../../config/shipped-exports.js';
import type { ResolvedConfig } from '../../config/types.js';
import { explainFinding } from '../../reporters/explain.js';
import { REPORTER_NAMES, reporters, type ReporterName } from '../../reporters/index.js';
import { BUILTIN_CONCEPTS, type ScanResult } from '../../scan/types.js';
import { SsotError } from '../../shared/errors.js';
import { packageInfo } from '../../shared/package-root.js';
import { ExitCode } from '../exit-codes.js';
import { useColor, useProgress } from '../io.js';
import type { CommandContext, RegisterCommand } from '../program.js';
import { warnIfNoFiles } from '../no-files-warning.js';
import { checkOutputFile, parseOutputFile, writeOutputFile } from '../output-file.js';
import { createProgress } from '../progress.js';
import { evaluateFailOn, FAIL_ON_LEVELS, parseFailOn, type FailOnLevel } from './scan-utils/fail-on.js';
import { filterConcepts } from './scan-utils/filter-concepts.js';

interface ScanFlags {
  config?: string | false;
  format: ReporterName;
  output?: string;
  failOn: FailOnLevel[];
  concept?: string[];
  minConfidence?: number;
  concurrency?: number | 'auto';
  cache: boolean;
  color?: boolean;
  progress: boolean;
  explain?: string;
  debug?: boolean;
}

function parseMinConfidence(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError('expected a number between 0 and 1');
  return number;
}

function parseConcurrency(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number >= 1 or "auto"');
  return number;
}

function parseConcepts(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((id) => id.trim()).filter(Boolean)];
}

const HELP_AFTER = `
Formats:
  table     one table per concept, then clusters, double initializations, unparsable files (default)
  json      the scan result (stable schema, schemaVersion 1)
  markdown  GitHub-flavoured Markdown, for pull requests and job summaries
  sarif     SARIF 2.1.0, for code-scanning dashboards
  html      one self-contained page

--fail-on levels (comma-separated or repeated; exit code 1 when one matches):
${Object.entries(FAIL_ON_LEVELS)
  .map(([level, meaning]) => `  ${level.padEnd(13)}${meaning}`)
  .join('\n')}

Examples:
  ssot scan                                  scan the current folder
  ssot scan packages/api --format json -o report/ssot.json
  ssot scan --fail-on duplicate,error        gate on duplicates and unparsable files
  ssot scan --concept retry,circuit-breaker
  ssot scan --explain src/db/postgres-client.ts#PostgresClient.query`;

async function writeReport(context: CommandContext, output: string | undefined, text: string): Promise<void> {
  if (output === undefined) {
    context.io.stdout.write(text);
    return;
  }
  await writeOutputFile(context.io.cwd, output, text);
}

function warnAboutConcepts(context: CommandContext, result: ScanResult, concepts: readonly string[], declared: readonly string[]): void {
  const known = new Set<string>([...BUILTIN_CONCEPTS, ...declared, ...result.findings.map((finding) => finding.concept)]);
  for (const concept of concepts) {
    if (known.has(concept)) continue;
    const hint = didYouMean(concept, known) || `; known: ${[...known].join(', ')}`;
    context.io.stderr.write(`ssot: warning: --concept ${concept}: no such concept${hint}\n`);
  }
}

/**
 * Settings the scan could not honour: configured canonicals that name nothing (checked here, with the
 * rules' concept ids, the project's packages and the shipped package's exports), then what the
 * scanner itself could not honour (a package canonical it does not take as the target, say), once per
 * config key.
 */
async function warnAboutConfig(context: CommandContext, config: ResolvedConfig, result: ScanResult): Promise<void> {
  const { io } = context;
  const where = (segments: string[]) => (config.configFile ? locateConfigKey(config.configFile, segments, io.cwd) : formatPath(segments));
  const warned = new Set<string>();
  if (Object.keys(config.canonical).length > 0) {
    const { loadRuleSet } = await import('../../rules/load-rules.js');
    const concepts = (await loadRuleSet(config)).definitions.map((definition) => definition.id);
    for (const unmatched of unmatchedCanonicals(config, result, { concepts, hasPackage: projectPackages(config.root), shippedExports, declares: projectDeclarations(config.root) })) {
      warned.add(`canonical.${unmatched.key}`);
      io.stderr.write(`ssot: warning: ${where(['canonical', unmatched.key])} = "${unmatched.reference}" ${unmatched.problem}\n`);
    }
  }
  for (const warning of result.warnings ?? []) {
    if (warned.has(warning.path)) continue;
    warned.add(warning.path);
    // Config keys may hold dots or colons (`canonical.factory:Engine`): only the first dot separates.
    const canonicalKey = warning.path.startsWith('canonical.') ? warning.path.slice('canonical.'.length) : undefined;
    const segments = canonicalKey !== undefined ? ['canonical', canonicalKey] : warning.path.split('.');
    io.stderr.write(`ssot: warning: ${where(segments)}: ${warning.message}\n`);
  }
}

async function runScan(path: string | undefined, flags: ScanFlags, command: Command, context: CommandContext): Promise<void> {
  const { io } = context;
  const overrides: ConfigOverrides = {};
  if (flags.minConfidence !== undefined) overrides.minConfidence = flags.minConfidence;
  if (flags.concurrency !== undefined) overrides.concurrency = flags.concurrency;
  if (command.getOptionValueSource('cache') === 'cli') overrides.cache = flags.cache;

  const config = await loadConfig({ cwd: io.cwd, ...(path !== undefined ? { path } : {}), ...(flags.config !== undefined ? { configFile: flags.config } : {}), overrides });
  await checkOutputFile(io.cwd, flags.output);
  if (flags.debug) io.stderr.write(`ssot: config ${config.configFile ?? '(none)'}\nssot: root ${config.root}\n`);

  // Loaded here, not at startup, so `--help` and usage errors stay fast.
  const { scan } = await import('../../scan/scan.js');
  const progress = createProgress(io.stderr, useProgress(io, flags.progress));
  const started = Date.now();
  let result: ScanResult;
  try {
    result = await scan(config, { onProgress: (update) => progress.update(update) });
  } finally {
    progress.done();
  }
  if (flags.debug) io.stderr.write(`ssot: scanned ${result.files} files in ${Date.now() - started} ms\n`);

  await warnIfNoFiles(io, config, result.files, 'scan');
  await warnAboutConfig(context, config, result);
  if (flags.concept?.length) {
    warnAboutConcepts(context, result, flags.concept, config.concepts.map((concept) => concept.id));
    result = filterConcepts(result, flags.concept);
  }

  // A report written to a file is read later, elsewhere: colour only when asked for explicitly.
  const color = flags.output === undefined ? useColor(io, flags.color) : flags.color === true;

  if (flags.explain !== undefined) {
    const text = explainFinding(result, flags.explain, { color });
    if (text === undefined) {
      const hint = didYouMean(flags.explain, result.findings.map((finding) => finding.id));
      throw new SsotError('usage', `no finding ${flags.explain}`, [{ path: flags.explain, message: `no finding has this id${hint}; ids are "file#symbol", as in --format json` }]);
    }
    await writeReport(context, flags.output, text);
    return;
  }

  const text = reporters[flags.format](result, { color, toolVersion: packageInfo().version });
  await writeReport(context, flags.output, text);

  const verdict = evaluateFailOn(result, flags.failOn);
  if (verdict.failed) {
    io.stderr.write(`ssot: failing (--fail-on ${flags.failOn.join(',')}): ${verdict.reasons.join(', ')}\n`);
    context.setExitCode(ExitCode.Findings);
  }
}

export const registerScan: RegisterCommand = (program, context) => {
  program
    .command('scan')
    .description('Inventory every implementation of each concept (retry, circuit breaker, factories...), cluster them and suggest the canonical one.')
    .argument('[path]', 'folder to scan (default: the config root, else the current folder)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--no-config', 'use no config file, only defaults and flags')
    .addOption(new Option('-f, --format <name>', 'report format').choices(REPORTER_NAMES).default('table'))
    .option('-o, --output <file>', 'write the report to a file (folders are created) instead of stdout', parseOutputFile)
    .addOption(new Option('--fail-on <levels>', 'exit 1 when findings of these levels exist (see below)').argParser(parseFailOn).default(['none'], 'none'))
    .option('--concept <ids>', 'report only these concepts (comma-separated, repeatable)', parseConcepts)
    .option('--min-confidence <n>', 'drop findings below this confidence (0..1)', parseMinConfidence)
    .option('--concurrency <n|auto>', 'worker threads for parsing', parseConcurrency)
    .option('--no-cache', 'ignore and do not write the per-file cache')
    .option('--color', 'force colours')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--no-progress', 'no progress line on stderr (it only shows on a terminal, never in CI)')
    .option('--explain <finding-id>', 'print the evidence and signals behind one finding (id "file#symbol") instead of the report')
    .option('--debug', 'print the config used, timings and stack traces on stderr')
    .addHelpText('after', HELP_AFTER)
    .action((path: string | undefined, flags: ScanFlags, command: Command) => runScan(path, flags, command, context));
};
