import { HEADERS, type OperationFacts, type OperationId, operationList } from '@portal/contract';
import type { Express, RequestHandler } from 'express';
import type { OperationContext, OperationHandlers } from './operation-handler.js';

/**
 * Mounts one Express route per operation of the contract, on its path and method, calling the handler
 * registered under its operationId. The handlers' type requires one per operation; this also throws at
 * start-up when a handler names no operation (a handler object assembled without types).
 */
export function mountOperations(app: Express, handlers: OperationHandlers): void {
  const unrouted = new Set(Object.keys(handlers));
  for (const op of operationList) {
    const handler = handlers[op.id as OperationId];
    if (!handler) throw new Error(`No handler for ${op.method.toUpperCase()} ${op.path} (${op.id})`);
    unrouted.delete(op.id);
    app[op.method](op.routePath, toRequestHandler(op, handler as OperationHandlers[OperationId]));
  }
  if (unrouted.size > 0)
    throw new Error(`Handlers for operations not in the contract: ${[...unrouted].join(', ')}`);
}

/** Any handler's result: a JSON body, bytes of a media type, or nothing; headers of its own. */
interface HandlerResult {
  status: number;
  body?: unknown;
  bytes?: Uint8Array;
  mediaType?: string;
  headers?: Readonly<Record<string, string>>;
}

function toRequestHandler(op: OperationFacts, handler: OperationHandlers[OperationId]): RequestHandler {
  return async (req, res) => {
    const ctx = {
      body: req.body,
      query: req.query,
      params: req.params,
      principal: req.principal,
      ip: req.ip ?? req.socket.remoteAddress ?? '',
      userAgent: req.get('user-agent'),
      log: req.log,
      req,
    } as unknown as OperationContext<OperationId>;
    const result = await (handler as (c: typeof ctx) => Promise<HandlerResult>)(ctx);
    // As the contract declares: `no-store` for tokens and personal data (RFC 6749, 5.1), `public` for the JWKS.
    if (op.cacheControl) res.setHeader(HEADERS.cacheControl, op.cacheControl);
    for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
    if (result.bytes !== undefined) {
      res.setHeader('Content-Type', result.mediaType as string);
      res.status(result.status).end(result.bytes);
    } else if (result.body === undefined) res.status(result.status).end();
    else res.status(result.status).json(result.body);
  };
}
