import { operationList } from '@portal/contract';
import { Router } from 'express';

/**
 * Names each request by the contract's operationId as soon as it is routed (routed by Express as the
 * operations are), so that every log line about it can say which operation it was.
 */
export function operationTag(): Router {
  const router = Router();
  for (const op of operationList) {
    router[op.method](op.routePath, (req, _res, next) => {
      req.operationId = op.id;
      next();
    });
  }
  return router;
}
