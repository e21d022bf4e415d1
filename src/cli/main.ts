import { CommanderError } from 'commander';
import { didYouMean } from '../config/did-you-mean.js';
import { isSsotError } from '../shared/errors.js';
import { ExitCode } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { createProgram } from './program.js';

/**
 * Runs the CLI and returns the exit code; never calls process.exit, so it can be tested in-process.
 * Usage errors from commander become 2 (never mistaken for "findings"), known errors print a short
 * message with every issue and their locations, unknown errors print a stack and also return 2.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const state = { exitCode: ExitCode.Ok as number };
  const program = createProgram(io, (code) => {
    state.exitCode = Math.max(state.exitCode, code);
  });
  // commander answers `ssot help <unknown>` with the general help and no word about the typo.
  if (argv[0] === 'help' && argv[1] !== undefined && !argv[1].startsWith('-')) {
    const names = program.commands.map((command) => command.name());
    if (!names.includes(argv[1])) {
      io.stderr.write(`error: unknown command '${argv[1]}'${didYouMean(argv[1], names)}\nCommands: ${names.join(', ')}\n`);
      return ExitCode.Error;
    }
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are "errors" for commander, but successful runs for the user.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.Ok;
      // `ssot help` asks for help (exit code 0); `ssot` with no command gets help on stderr as a usage error.
      if (error.code === 'commander.help') return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Error;
      return ExitCode.Error;
    }
    // The reader went away (`ssot scan | head`): nothing is wrong with the scan, and nobody is listening.
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return state.exitCode;
    if (isSsotError(error)) {
      io.stderr.write(`ssot: ${error.message}\n`);
      for (const issue of error.issues) io.stderr.write(`  ${issue.path}: ${issue.message}\n`);
      return ExitCode.Error;
    }
    const debug = argv.includes('--debug');
    const text = error instanceof Error ? (debug ? error.stack ?? error.message : error.message) : String(error);
    io.stderr.write(`ssot: internal error: ${text}\n`);
    if (!debug) io.stderr.write('  (run again with --debug for the stack trace)\n');
    return ExitCode.Error;
  }
}
