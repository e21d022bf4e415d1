import type { RegisterCommand } from '../program.js';
import { registerBaseline } from './baseline.js';
import { registerCheck } from './check.js';
import { registerCompare } from './compare.js';
import { registerMigrate } from './migrate.js';
import { registerPlan } from './plan.js';
import { registerScan } from './scan.js';

/** Every CLI command, one module each under src/cli/commands. */
export const commands: RegisterCommand[] = [
  registerScan,
  registerCompare,
  registerPlan,
  registerMigrate,
  registerCheck,
  registerBaseline,
];
