import { defineConfig } from 'vitest/config';

/**
 * Browser tests (tests/e2e): Debian Chromium against the real server, which the globalSetup in
 * tests/e2e/support/browser.ts starts once for all files. One file at a time in one fork: the
 * machine has two cores, and Chromium plus the server use both. See docs/testing.md.
 */
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/support/browser.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
