import type { RequestHandler } from 'express';
import { startRequestSpan, traceContext } from '../tracing/tracing.js';

/**
 * One span per request, named by the contract's operationId (operation-routes.ts) once routed, with the rest
 * of the request (its queries, its log lines) running inside it. Installed only while tracing is on.
 */
export function requestTracing(): RequestHandler {
  return (req, res, next) => {
    const { span, context } = startRequestSpan(req.method, req.headers);
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      if (req.operationId) span.updateName(req.operationId);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (req.route?.path) span.setAttribute('http.route', String(req.route.path));
      // OpenTelemetry's HTTP conventions: a server span is an error for 5xx only.
      if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: 2 });
      span.end();
    };
    res.once('finish', done);
    res.once('close', done);
    traceContext.with(context, next);
  };
}
