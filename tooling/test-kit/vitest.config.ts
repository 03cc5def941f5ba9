import { definePortalTests } from '@portal/vitest-config';

export default definePortalTests({
  test: { typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' } },
});
