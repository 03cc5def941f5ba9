import type { components, operations, paths } from './generated/portal.js';

/*
 * @portal/contract: everything that follows from openapi/portal.yaml, for the server, the SDK and the mocks.
 * Generated: the types (generated/portal.ts), the facts of each operation (generated/operations.gen.ts) and
 * the document as data (generated/document.gen.ts). Hand-written once for both sides: the problem answers,
 * the bearer challenge, the header names and the refresh cookie's names. Runs in Node and in browsers; `@portal/contract/ajv` and
 * `@portal/contract/spec-path` are the parts that only some need.
 */

export { type BearerCredentials, bearerChallenge, readBearer } from './bearer.js';
export { portalDocument } from './generated/document.gen.js';
export { apiBasePath, defaultServerUrl, operationFacts } from './generated/operations.gen.js';
export { acceptRequestId, HEADERS } from './http-headers.js';
export type * from './openapi-document.js';
export type { OperationFacts } from './operation-facts.js';
export {
  allowedMethods,
  type OperationFactsOf,
  operationList,
  type ProtectedOperationId,
  type PublicOperationId,
} from './operation-list.js';
export type {
  BinaryResult,
  JsonBody,
  OperationId,
  PathParams,
  RequestBody,
  RequestQuery,
  ResponseBody,
  SuccessResult,
  SuccessStatus,
} from './operation-types.js';
export {
  type FieldError,
  PROBLEM_DETAILS,
  PROBLEM_MEDIA_TYPE,
  type Problem,
  type ProblemCode,
  ProblemError,
  type ProblemInit,
  type ProblemOccurrence,
  problems,
  type SignInRefusalCode,
} from './problem.js';
export { requestNormalizers } from './request-normalizers.js';
export {
  type LogoutWithCookie,
  logoutClearsRefreshCookie,
  REFRESH_COOKIE_NAMES,
  REFRESH_COOKIE_PATH,
  refreshCookieName,
  SESSION_MODE_COOKIE,
  SESSION_MODE_HEADER,
} from './session-cookie.js';
export type { components, operations, paths };

/** The schemas of the contract, by name: `Schemas['PortalMe']`. */
export type Schemas = components['schemas'];
