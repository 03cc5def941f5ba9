import { delay, type HttpHandler, http } from 'msw';
import { allowedMethods } from '../contract/operations.js';
import type { MockState } from '../state/mock-state.js';
import { problemOf, requestIdOf } from './pipeline.js';
import { MockProblem } from './problem.js';

/** The API's own prefix: the fallback answers there only, never for an app's pages or assets. */
const API_PREFIX = '/api/v1/portal';

/**
 * What the server answers for requests no operation matches, after the operation handlers: 405 with
 * `Allow` for a method the contract does not define on a path, 404 for an unknown path under the API.
 */
export function fallbackHandler(baseUrl: string, state: MockState): HttpHandler {
  const allowed = new Map(
    [...allowedMethods()].map(([path, methods]) => [
      `${baseUrl}${path}`.replace(/^https?:\/\/[^/]+/, ''),
      methods,
    ]),
  );
  return http.all(`${baseUrl}${API_PREFIX}/*`, async ({ request }) => {
    const requestId = requestIdOf(request);
    if (state.has('slow-network')) await delay(state.settings.slowNetworkDelayMs);
    try {
      // The server reads the body of an operation that takes one only: here it is left unread.
      const methods = allowed.get(new URL(request.url).pathname);
      if (methods) {
        throw new MockProblem(405, {
          detail: 'This method is not allowed on this resource.',
          headers: { Allow: methods.join(', ') },
        });
      }
      throw new MockProblem(404, { detail: 'No such resource.' });
    } catch (err) {
      return problemOf(err).toResponse(request, requestId, state.clock.now());
    }
  });
}
