// Plain JavaScript: vitest loads its config files with Node, which does not run TypeScript from node_modules.
import { defineConfig, mergeConfig } from 'vitest/config';

/**
 * The tests of a Portal package: files next to the code (`src/**\/*.test.ts`), generous timeouts (integration
 * tests start servers and databases on two shared cores), and a JSON report that feeds the one-line summary
 * at the end of `.ci/run`. `overrides` are merged over it with vite's mergeConfig: arrays add to the preset's, objects merge.
 *
 * @param {import('vitest/config').ViteUserConfig} [overrides]
 */
export function definePortalTests(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['src/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      },
    }),
    overrides,
  );
}
