import { definePortalTests } from '@portal/vitest-config';

export default definePortalTests({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 15_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
