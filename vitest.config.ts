import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files run at a time. Most of a test's time is spent waiting on PostgreSQL, the broker or a
 * child process, so one more worker than there are cores keeps the cores busy (vitest's own
 * default is one fewer: a single worker on a 2-core machine). At most 4: each worker's hubs hold
 * PostgreSQL connections, and a default server takes 100. `HUIJU_TEST_WORKERS` overrides it.
 */
const workers = Number(process.env.HUIJU_TEST_WORKERS) || Math.min(4, Math.max(2, availableParallelism() + 1));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: workers,
    reporters: ['default', './test/setup/summary-reporter.ts'],
  },
});
