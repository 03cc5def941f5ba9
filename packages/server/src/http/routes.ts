import type { OperationId } from '@portal/contract';
import type { Express, RequestHandler } from 'express';
import type { OperationContext, OperationHandlers } from './operation-handler.js';
import { HttpProblem } from './problem.js';
import { type ApiDocument, OPERATION_METHODS } from './spec.js';

/**
 * Mounts one Express route per operation of the contract, on the contract's own path and method, calling
 * the handler registered under its operationId. Throws at start-up when an operation has no handler, or a
 * handler no operation.
 */
export function mountOperations(app: Express, spec: ApiDocument, handlers: OperationHandlers): void {
  const unrouted = new Set(Object.keys(handlers));
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of OPERATION_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const id = operation.operationId as OperationId | undefined;
      const handler = id ? handlers[id] : undefined;
      if (!id || !handler) {
        throw new Error(`No handler for ${method.toUpperCase()} ${path} (operationId ${id ?? 'missing'})`);
      }
      unrouted.delete(id);
      app[method](toExpressPath(path), toRequestHandler(handler as OperationHandlers[OperationId]));
    }
  }
  if (unrouted.size > 0)
    throw new Error(`Handlers for operations not in the contract: ${[...unrouted].join(', ')}`);
}

function toRequestHandler(handler: OperationHandlers[OperationId]): RequestHandler {
  return async (req, res) => {
    const ctx: OperationContext<OperationId> = {
      body: req.body,
      query: req.query as never,
      principal: req.principal,
      ip: req.ip ?? req.socket.remoteAddress ?? '',
      userAgent: req.get('user-agent'),
      log: req.log,
      req,
    };
    const result = await (handler as (c: typeof ctx) => Promise<{ status: number; body?: unknown }>)(ctx);
    if (result.body === undefined) res.status(result.status).end();
    else res.status(result.status).json(result.body);
  };
}

/** `/a/{id}` as Express writes it, `/a/:id`. */
export function toExpressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

/** The principal of a protected operation. Its absence is a wiring bug, not the client's fault. */
export function principalOf(ctx: Pick<OperationContext<OperationId>, 'principal'>) {
  if (!ctx.principal) throw new HttpProblem(500, { detail: 'An unexpected error occurred.' });
  return ctx.principal;
}
