import { Chalk, type ChalkInstance } from 'chalk';
import type { FindingStatus } from '../../scan/types.js';

/** A chalk instance that colours only when asked: reporters never look at the terminal themselves. */
export function palette(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

/** The status word, coloured by how much it asks of the reader. */
export function paintStatus(chalk: ChalkInstance, status: FindingStatus): string {
  switch (status) {
    case 'canonical':
      return chalk.green(status);
    case 'duplicate':
      return chalk.yellow(status);
    case 'wrapper':
      return chalk.cyan(status);
    case 'dead':
      return chalk.gray(status);
  }
}
