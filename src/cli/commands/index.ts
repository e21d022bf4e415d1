import type { RegisterCommand } from '../program.js';
import { registerCompare } from './compare.js';

/** Every CLI command, one module each under src/cli/commands. */
export const commands: RegisterCommand[] = [
  registerCompare,
];
