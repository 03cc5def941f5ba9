import { fileURLToPath } from 'node:url';

/** Absolute path of `openapi/portal.yaml`, the single source of truth: for tools and tests, in Node only. */
export const specPath: string = fileURLToPath(new URL('../../../openapi/portal.yaml', import.meta.url));
