import { type RequestHandler, Router } from 'express';
import type { Authenticate } from '../auth/authenticate.js';
import { toExpressPath } from './routes.js';
import { type ApiDocument, OPERATION_METHODS } from './spec.js';

const BEARER_SCHEME = 'bearerAuth';

/**
 * The bearer check of every operation the contract protects, as Express routes mounted before the
 * contract validator: a stranger gets 401 before the request is validated (not a lesson in our schema).
 * Routed by Express exactly as the operations are (routes.ts), so no request reaches a protected handler
 * without passing here, however its path is cased or slashed. Which operations are protected is read
 * from the contract once, at start, not on every request.
 */
export function bearerGuard(spec: ApiDocument, authenticate: Authenticate): Router {
  const router = Router();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of OPERATION_METHODS) {
      const operation = item?.[method];
      if (operation && requiresBearer(operation.security ?? spec.security ?? [], path)) {
        router[method](toExpressPath(path), guard(method.toUpperCase(), authenticate));
      }
    }
  }
  return router;
}

function guard(method: string, authenticate: Authenticate): RequestHandler {
  return async (req, _res, next) => {
    // Express routes HEAD like GET; the validator answers it 405, as any method the contract lacks.
    if (req.method === method) req.principal = await authenticate(req);
    next();
  };
}

// OpenAPI 3.1, 4.8.30: the operation is allowed if any one requirement is met; `{}` allows anyone.
function requiresBearer(requirements: Record<string, string[]>[], path: string): boolean {
  if (requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0)) return false;
  const schemes = requirements.flatMap((r) => Object.keys(r));
  if (schemes.some((s) => s !== BEARER_SCHEME)) {
    throw new Error(`${path}: only the ${BEARER_SCHEME} security scheme is implemented`);
  }
  return true;
}
