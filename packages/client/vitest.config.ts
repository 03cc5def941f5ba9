import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 15_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // The JSON report feeds the one-line summary at the end of .ci/run.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
