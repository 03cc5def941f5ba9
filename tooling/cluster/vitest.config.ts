import { definePortalTests } from '@portal/vitest-config';

// One cluster at a time: the files share the machine's two cores with nothing else of ours.
export default definePortalTests({ test: { fileParallelism: false } });
