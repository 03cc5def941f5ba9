import type { RequestHandler } from 'express';
import type { Authenticator } from '../tokens/authenticate.js';

/**
 * The bearer check of an operation the contract protects, run before the contract validator: a stranger
 * gets 401 before the request is validated (not a lesson in our schema). `livenessInRead`: the handler's one
 * statement carries the liveness condition (tokens/live-principal.ts) and answers the same 401, so only the
 * token is verified here and the database is asked once per request; otherwise the liveness query runs here.
 */
export function bearerCheck(
  { verify, authenticate }: Authenticator,
  { livenessInRead }: { livenessInRead: boolean },
): RequestHandler {
  if (livenessInRead) {
    // Synchronous: no promise per request; Express 5 passes what it throws to the error handler.
    return (req, _res, next) => {
      req.principal = verify(req.headers.authorization);
      next();
    };
  }
  return async (req, _res, next) => {
    req.principal = await authenticate(req.headers.authorization);
    next();
  };
}
