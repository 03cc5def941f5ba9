import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report feeds the one-line summary at the end of .ci/run.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
