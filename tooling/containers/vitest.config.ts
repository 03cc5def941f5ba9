import { definePortalTests } from '@portal/vitest-config';

// One file at a time: images start and stop on two shared cores, and both files use the same images.
export default definePortalTests({
  test: { fileParallelism: false, testTimeout: 120_000, hookTimeout: 300_000 },
});
