import { definePortalTests } from '@portal/vitest-config';

export default definePortalTests({
  test: {
    include: ['e2e/**/*.test.ts'],
    hookTimeout: 90_000,
    // One browser at a time: the machine's cores are shared.
    fileParallelism: false,
  },
});
