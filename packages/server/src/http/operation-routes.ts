import {
  HEADERS,
  type OperationFacts,
  type OperationId,
  operationList,
  requestNormalizers,
} from '@portal/contract';
import type { Express, RequestHandler } from 'express';
import type { Authenticator } from '../tokens/authenticate.js';
import { readsThroughLiveness } from '../tokens/live-principal.js';
import { bearerCheck } from './bearer-check.js';
import { imageBodyReader } from './image-body.js';
import { jsonBodyParser, normalizeBody } from './json-body.js';
import type { OperationContext, OperationHandlers } from './operation-handler.js';

export interface EdgeDeps {
  authenticator: Authenticator;
  handlers: OperationHandlers;
  /** Handlers that tests replaced: they no longer read through the liveness condition themselves. */
  replaced?: ReadonlySet<string>;
  bodyLimitBytes: number;
  avatarMaxBytes: number;
  /** The contract validator (contract-validator.ts), one instance for every route and what none matched. */
  validate: readonly RequestHandler[];
}

/**
 * The HTTP edge: one Express route per operation of the contract, matched once, its chain read from the
 * operation's facts: tag, JSON body, bearer, image body, contract validation, handler. A path or method the
 * contract lacks matches none of them and gets its 404 or 405 from the same validator mounted after them.
 * The mocks' pipeline (packages/mocks/src/http/pipeline.ts) runs the same steps in the same order.
 * Throws at start-up when a handler is missing or names no operation (a handler object assembled untyped).
 */
export function mountOperationRoutes(app: Express, deps: EdgeDeps): void {
  const { handlers } = deps;
  const unrouted = new Set(Object.keys(handlers));
  const parseJson = jsonBodyParser(deps.bodyLimitBytes);
  for (const op of operationList) {
    const handler = handlers[op.id as OperationId];
    if (!handler) throw new Error(`No handler for ${op.method.toUpperCase()} ${op.path} (${op.id})`);
    unrouted.delete(op.id);
    const normalize = requestNormalizers[op.id as OperationId];
    const livenessInRead = readsThroughLiveness(op) && !deps.replaced?.has(op.id);
    app[op.method](op.routePath, [
      tag(op),
      ...(op.jsonBody ? [parseJson, ...(normalize ? [normalizeBody(normalize)] : [])] : []),
      ...(op.bearer ? [bearerCheck(deps.authenticator, { livenessInRead })] : []),
      ...(op.binaryBody.length > 0 ? imageBodyReader(op.binaryBody, deps.avatarMaxBytes) : []),
      ...deps.validate,
      respond(op, handler as OperationHandlers[OperationId]),
    ]);
  }
  if (unrouted.size > 0)
    throw new Error(`Handlers for operations not in the contract: ${[...unrouted].join(', ')}`);
}

/**
 * Names the request by its operationId, for every log line about it. Express routes HEAD like GET; the
 * contract has no HEAD, so such a request leaves the route for the validator's 405.
 */
function tag(op: OperationFacts): RequestHandler {
  const method = op.method.toUpperCase();
  return (req, _res, next) => {
    req.operationId = op.id;
    next(req.method === method ? undefined : 'route');
  };
}

/** Any handler's result: a JSON body, bytes of a media type, or nothing; headers of its own. */
interface HandlerResult {
  status: number;
  body?: unknown;
  bytes?: Uint8Array;
  mediaType?: string;
  headers?: Readonly<Record<string, string>>;
}

function respond(op: OperationFacts, handler: OperationHandlers[OperationId]): RequestHandler {
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
