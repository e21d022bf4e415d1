#!/usr/bin/env node
// Thin entry: everything else lives in src/cli, which returns the exit code.
import { runCli } from '../dist/src/cli/main.js';

process.on('uncaughtException', (error) => {
  process.stderr.write(`ssot: internal error: ${error?.stack ?? error}\n`);
  process.exitCode = 2;
});

process.exitCode = await runCli(process.argv.slice(2));
