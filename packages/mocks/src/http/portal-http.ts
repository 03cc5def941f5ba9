import { defaultServerUrl, type paths } from '@portal/contract';
import { createOpenApiHttp, type OpenApiHttpHandlers } from 'openapi-msw';

/**
 * openapi-msw's `http`, typed by the contract, for one-off overrides in a test: paths, statuses and bodies
 * must be the contract's or the override does not compile.
 *
 * ```ts
 * server.use(portalHttp.get('/api/v1/portal/me', ({ response }) => response(200).json(createMe({ firstName: 'Ada' }))));
 * ```
 */
export function createPortalHttp(baseUrl: string = defaultServerUrl): OpenApiHttpHandlers<paths> {
  return createOpenApiHttp<paths>({ baseUrl: baseUrl.replace(/\/+$/, '') });
}
