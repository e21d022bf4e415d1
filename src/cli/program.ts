import { Command } from 'commander';
import { packageInfo } from '../shared/package-root.js';
import type { CliIo } from './io.js';
import { commands } from './commands/index.js';
import { EXIT_CODES_HELP, hasOwnExitCodes } from './help-exit-codes.js';

/** Context every command receives: where to write, and how to report its exit code. */
export interface CommandContext {
  io: CliIo;
  /** Records an exit code; the highest one recorded wins. */
  setExitCode(code: number): void;
}

export type RegisterCommand = (program: Command, context: CommandContext) => void;


export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('ssot')
    .description('One canonical implementation per concept: find duplicates, migrate onto the canonical, gate CI.')
    .version(packageInfo().version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const context: CommandContext = { io, setExitCode };
  for (const register of commands) register(program, context);
  // Subcommands inherit the overrides so their usage errors also map to exit code 2.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
    if (!hasOwnExitCodes(command)) command.addHelpText('after', EXIT_CODES_HELP);
  }
  return program;
}
