import { operationList } from '@portal/contract';
import { type RequestHandler, Router } from 'express';
import type { Authenticate } from '../auth/authenticate.js';

/**
 * The bearer check of every operation the contract protects, as Express routes mounted before the
 * contract validator: a stranger gets 401 before the request is validated (not a lesson in our schema).
 * Routed by Express exactly as the operations are (routes.ts), so no request reaches a protected handler
 * without passing here, however its path is cased or slashed.
 */
export function bearerGuard(authenticate: Authenticate): Router {
  const router = Router();
  for (const op of operationList) {
    if (op.bearer) router[op.method](op.routePath, guard(op.method.toUpperCase(), authenticate));
  }
  return router;
}

function guard(method: string, authenticate: Authenticate): RequestHandler {
  return async (req, _res, next) => {
    // Express routes HEAD like GET; the validator answers it 405, as any method the contract lacks.
    if (req.method === method) req.principal = await authenticate(req.headers.authorization);
    next();
  };
}
