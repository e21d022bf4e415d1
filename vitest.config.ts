import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run from TypeScript sources, where the parser adapter's CommonJS loader (a .cts file) cannot
  // be transformed: load ts-morph itself in its place, eagerly (the built package loads it lazily).
  resolve: {
    alias: [
      { find: /^\.\/ts-morph-loader\.cjs$/, replacement: 'ts-morph' },
      { find: /^\.\/compiler-stand-in\.js$/, replacement: fileURLToPath(new URL('./src/parser/test-utils/eager-compiler.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'codemods/**/*.test.ts'],
    // CLI tests spawn the built binary and scan fixture copies; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { NO_COLOR: '1', FORCE_COLOR: '0' },
  },
});
