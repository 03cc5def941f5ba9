import { fileURLToPath } from 'node:url';
import type { components, operations, paths } from './generated/portal.js';

export type {
  JsonBody,
  OperationId,
  RequestBody,
  RequestQuery,
  ResponseBody,
  SuccessResult,
  SuccessStatus,
} from './operation-types.js';
export type { components, operations, paths };

/** The schemas of the contract, by name: `Schemas['PortalMe']`. */
export type Schemas = components['schemas'];

/** The RFC 9457 problem body every error response carries. */
export type Problem = Schemas['Problem'];

/** Absolute path of `openapi/portal.yaml`, the single source of truth. */
export const specPath: string = fileURLToPath(new URL('../../../openapi/portal.yaml', import.meta.url));
