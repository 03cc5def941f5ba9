import { type OperationId, operationList } from '@portal/contract';
import { type RequestHandler, Router } from 'express';
import type { Authenticator } from '../tokens/authenticate.js';

/**
 * The bearer check of every operation the contract protects, as Express routes mounted before the
 * contract validator: a stranger gets 401 before the request is validated (not a lesson in our schema).
 * Routed by Express exactly as the operations are (routes.ts), so no request reaches a protected handler
 * without passing here, however its path is cased or slashed.
 *
 * For the operations in `liveCheckedByRead` the guard only verifies the token: their handler's one
 * statement joins the liveness condition (tokens/live-principal.ts) and answers the same 401 when the user,
 * tenant or session is no longer live, so the database is asked once per request, not twice. Every other
 * protected operation gets the liveness query here.
 */
export function bearerGuard(
  authenticator: Authenticator,
  liveCheckedByRead: ReadonlySet<OperationId> = new Set(),
): Router {
  const router = Router();
  for (const op of operationList) {
    if (!op.bearer) continue;
    const method = op.method.toUpperCase();
    router[op.method](
      op.routePath,
      liveCheckedByRead.has(op.id as OperationId)
        ? verifyOnly(method, authenticator)
        : authenticate(method, authenticator),
    );
  }
  return router;
}

// Express routes HEAD like GET; the validator answers it 405, as any method the contract lacks.

function verifyOnly(method: string, { verify }: Authenticator): RequestHandler {
  // Synchronous: no promise per request; Express 5 passes what it throws to the error handler.
  return (req, _res, next) => {
    if (req.method === method) req.principal = verify(req.headers.authorization);
    next();
  };
}

function authenticate(method: string, { authenticate }: Authenticator): RequestHandler {
  return async (req, _res, next) => {
    if (req.method === method) req.principal = await authenticate(req.headers.authorization);
    next();
  };
}
