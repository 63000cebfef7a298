import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // DuckDB files are per-test temp files, but the demo generator is CPU-heavy on 2 cores.
    maxWorkers: 2,
  },
});
