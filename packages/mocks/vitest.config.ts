import { definePortalTests } from '@portal/vitest-config';

export default definePortalTests();
