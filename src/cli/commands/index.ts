import type { RegisterCommand } from '../program.js';

/** Every CLI command, one module each under src/cli/commands. */
export const commands: RegisterCommand[] = [];
