import { defaultServerUrl, type OperationId, operationList } from '@portal/contract';
import { type HttpHandler, http } from 'msw';
import { defaultOriginCheck } from '../http/cookie-mode.js';
import { fallbackHandler } from '../http/fallback.js';
import type { MockOperations } from '../http/operation-types.js';
import { respondTo } from '../http/pipeline.js';
import { createRequestValidator } from '../http/request-validator.js';
import { type MockState, mockState } from '../state/default-state.js';
import { authOperations } from './auth-operations.js';
import { avatarOperations } from './avatar-operations.js';
import { documentOperations } from './document-operations.js';
import { portalOperations } from './portal-operations.js';
import { wellKnownOperations } from './well-known-operations.js';

/** Every operation of the contract, mocked. */
export const mockOperations: MockOperations = {
  ...authOperations,
  ...portalOperations,
  ...documentOperations,
  ...wellKnownOperations,
  ...avatarOperations,
};

export interface HandlerOptions {
  /**
   * Where the API is: `http://localhost:18080` (the contract's server) by default; `''` for an app that calls
   * the API on its own origin, e.g. `/api/v1/portal/me`.
   */
  baseUrl?: string;
  /** The state behind the handlers: the shared `mockState` unless given. */
  state?: MockState;
  /**
   * The origins (`https://app.example`) whose pages may act on the refresh cookie of cookie mode, as the
   * server's CORS_ORIGINS; others get 403 `csrf_refused`. Default: any http(s) origin on localhost,
   * 127.0.0.1 or [::1], the origin of `settings.signInUrl` (the server's default, PORTAL_URL's) and the
   * page's own.
   */
  allowedOrigins?: readonly string[];
}

/** Where the handlers run: in MSW's browser worker, or in a process (Node). */
export type HandlerRuntime = 'worker' | 'process';

/**
 * MSW handlers for every operation of `openapi/portal.yaml`, routed from the contract itself, then a fallback
 * answering 404/405 under the API like the server. Give them to `setupServer` or `setupWorker`.
 */
export function createHandlers(
  options: HandlerOptions = {},
  runtime: HandlerRuntime = 'process',
): HttpHandler[] {
  const baseUrl = (options.baseUrl ?? defaultServerUrl).replace(/\/+$/, '');
  const state = options.state ?? mockState;
  const allowed = options.allowedOrigins;
  const deps = {
    state,
    validate: createRequestValidator(),
    allowedOrigin: allowed
      ? (origin: string) => allowed.includes(origin)
      : defaultOriginCheck(() => state.settings.signInUrl),
    worker: runtime === 'worker',
  };
  const handlers = operationList.map((op) => {
    const mock: MockOperations[OperationId] | undefined = mockOperations[op.id as OperationId];
    if (!mock) throw new Error(`No mock for operation ${op.id}`);
    return http[op.method](`${baseUrl}${op.routePath}`, respondTo(op, mock, deps));
  });
  return [...handlers, fallbackHandler(baseUrl, deps.state)];
}
