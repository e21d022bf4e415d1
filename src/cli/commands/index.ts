import type { RegisterCommand } from '../program.js';
import { registerCompare } from './compare.js';
import { registerScan } from './scan.js';

/** Every CLI command, one module each under src/cli/commands. */
export const commands: RegisterCommand[] = [registerScan, registerCompare];
