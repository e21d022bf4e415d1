import type { RegisterCommand } from '../program.js';
import { registerBaseline } from './baseline.js';
import { registerCheck } from './check.js';

/** Every CLI command, one module each under src/cli/commands. */
export const commands: RegisterCommand[] = [registerCheck, registerBaseline];
