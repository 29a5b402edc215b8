import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Setup and cleanup hooks build or remove whole output trees: seconds on a loaded 2-core machine.
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
