import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Chooses the browser, and unpacks the npm-shipped one, once for all workers.
    globalSetup: ['./test/support/global-setup.ts'],
    // Browser and CLI tests start Chromium and child processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
