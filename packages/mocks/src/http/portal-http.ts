import type { paths } from '@portal/contract';
import { createOpenApiHttp, type OpenApiHttpHandlers } from 'openapi-msw';
import { DEFAULT_BASE_URL } from '../contract/operations.js';

/**
 * openapi-msw's `http`, typed by the contract, for one-off overrides in a test: paths, statuses and bodies
 * must be the contract's or the override does not compile.
 *
 * ```ts
 * server.use(portalHttp.get('/api/v1/portal/me', ({ response }) => response(200).json(createMe({ firstName: 'Ada' }))));
 * ```
 */
export function createPortalHttp(baseUrl: string = DEFAULT_BASE_URL): OpenApiHttpHandlers<paths> {
  return createOpenApiHttp<paths>({ baseUrl: baseUrl.replace(/\/+$/, '') });
}
