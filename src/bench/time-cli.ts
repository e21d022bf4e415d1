/**
 * Runs the CLI in a fresh process, so each bench case pays its own start-up and has its own peak
 * memory; shared by the check and migrate benches.
 */
import { spawn } from 'node:child_process';

export interface TimedCli {
  /** Wall time. */
  ms: number;
  /** User + system CPU time of all the process's threads: on a shared machine wall time says little. */
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
  /** What the command wrote to stdout. */
  output: string;
}

const MAIN = new URL('../cli/main.js', import.meta.url).href;

export function timeCli(args: string[], cwd: string): Promise<TimedCli> {
  const script = `
    const { runCli } = await import(${JSON.stringify(MAIN)});
    let output = '';
    const sink = { write(text) { output += text; return true; } };
    const code = await runCli(${JSON.stringify(args)}, { stdout: sink, stderr: process.stderr, env: process.env, cwd: process.cwd() });
    const usage = process.resourceUsage();
    process.stdout.write(JSON.stringify({ code, maxRss: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime, output }));
  `;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      try {
        const { code, maxRss, cpuUs, output } = JSON.parse(out) as { code: number; maxRss: number; cpuUs: number; output: string };
        resolve({ ms: Math.round(ms), cpuMs: Math.round(cpuUs / 1000), peakRssMb: Math.round(maxRss / 1024), exitCode: code, output });
      } catch {
        reject(new Error(`ssot ${args.join(' ')} did not finish: ${out.slice(0, 500)}`));
      }
    });
  });
}
