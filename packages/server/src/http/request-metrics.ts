import type { RequestHandler } from 'express';
import type { Metrics } from '../metrics/metrics.js';

/**
 * Counts and times every request by the contract's operationId (operation-routes.ts) and status. A request
 * that matched no operation (a probe, a 404 from a scanner) counts as `none`: the raw path never becomes a
 * label, so no client can grow the number of series.
 */
export function requestMetrics(metrics: Metrics): RequestHandler {
  const { httpRequestDuration, httpRequestsInFlight } = metrics;
  return (req, res, next) => {
    const end = httpRequestDuration.startTimer();
    httpRequestsInFlight.inc();
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      httpRequestsInFlight.dec();
      end({
        operation: req.operationId ?? 'none',
        status: res.writableFinished ? res.statusCode : 'aborted',
      });
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}
