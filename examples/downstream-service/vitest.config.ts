import { definePortalTests } from '@portal/vitest-config';

// The real server starts with the demo data before the tests: slow on a busy machine.
export default definePortalTests({ test: { hookTimeout: 120_000 } });
