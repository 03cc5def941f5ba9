import { allowedMethods, apiBasePath, problems } from '@portal/contract';
import { delay, type HttpHandler, http } from 'msw';
import type { MockState } from '../state/mock-state.js';
import { requestIdOf } from './pipeline.js';
import { problemResponse } from './respond.js';

/**
 * What the server answers for requests no operation matches, after the operation handlers: 405 with
 * `Allow` for a method the contract does not define on a path, 404 for an unknown path under the API. It
 * answers under the API's own path only, never for an app's pages or assets.
 */
export function fallbackHandler(baseUrl: string, state: MockState): HttpHandler {
  const basePath = baseUrl.replace(/^https?:\/\/[^/]+/, '');
  return http.all(`${baseUrl}${apiBasePath}/*`, async ({ request }) => {
    const requestId = requestIdOf(request);
    if (state.has('slow-network')) await delay(state.settings.slowNetworkDelayMs);
    // The server reads the body of an operation that takes one only: here it is left unread.
    const methods = allowedMethods(new URL(request.url).pathname.slice(basePath.length));
    const problem = methods.length > 0 ? problems.methodNotAllowed(methods) : problems.noSuchResource();
    return problemResponse(problem, request, requestId, state.clock.now());
  });
}
