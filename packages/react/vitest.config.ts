import { definePortalTests } from '@portal/vitest-config';

export default definePortalTests({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    testTimeout: 15_000,
  },
});
