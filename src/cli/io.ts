/**
 * Where the CLI writes, and how it decides on colour and progress. Injectable so tests can capture
 * output without spawning a process.
 */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Ignores EPIPE on a standard stream: `ssot scan | head` closing the pipe early is no error. */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export function processIo(): CliIo {
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Colour resolution, in the order users of other tools expect: an explicit flag, then FORCE_COLOR,
 * then NO_COLOR (any value), then TERM=dumb, then whether stdout is a terminal.
 */
export function useColor(io: CliIo, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.TERM === 'dumb') return false;
  return Boolean(io.stdout.isTTY);
}

/** Progress goes to stderr, and only when stderr is a terminal and not in CI. */
export function useProgress(io: CliIo, flag?: boolean): boolean {
  if (flag === false) return false;
  if (io.env.CI && io.env.CI !== 'false' && io.env.CI !== '0') return false;
  return Boolean(io.stderr.isTTY);
}
