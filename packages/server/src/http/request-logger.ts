import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { traceIds } from '../tracing/tracing.js';
import { assignRequestId } from './request-id.js';

/**
 * Logs one line per request when its response is finished, with the request id that is also sent back in
 * `X-Request-Id`; `req.log` logs with that id too. One child logger per request, not pino-http's two
 * (docs/benchmarks.md).
 */
export function requestLogger(logger: Logger, { traceIds: withTraceIds = false } = {}): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const id = assignRequestId(req, res);
    // The client's address goes in the one access-log line, not in every line logged under this request.
    const fields = { id, method: req.method, url: redactUrl(req.originalUrl) };
    req.id = id;
    // Inside the request's span (request-tracing.ts runs first): its ids go in every line of the request.
    req.log = logger.child(withTraceIds ? { req: fields, ...traceIds() } : { req: fields });
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const line = {
        remoteAddress: req.socket.remoteAddress,
        operation: req.operationId,
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (!res.writableFinished) req.log.warn(line, 'request aborted');
      else if (res.statusCode >= 500) req.log.error(line, 'request errored');
      else req.log.info(line, 'request completed');
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

const SECRET_QUERY_PARAMS = new Set(['token', 'refreshToken', 'access_token']);

/** Replaces the value of secret query parameters (the magic-link `token`) before a URL is logged. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of params.keys()) {
    if (SECRET_QUERY_PARAMS.has(key)) {
      params.set(key, '[redacted]');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}
