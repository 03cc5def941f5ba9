import type { RequestHandler } from 'express';
import { type Logger, pino } from 'pino';
import { assignRequestId } from './request-id.js';

/**
 * The process logger: JSON lines on stdout, secrets redacted wherever they could appear. Written
 * asynchronously: lines logged while a write is under way go out together in the next one, instead of a
 * system call per line (one line per request, measured in bench/). pino flushes what is pending when the
 * process exits; only a kill -9 can lose the last lines.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * Logs one line per request when its response is finished, with the request id that is also sent back in
 * `X-Request-Id`; `req.log` logs with that id too. Written for this server rather than taken from
 * pino-http, which cost as much CPU per request as Express itself (measured in bench/: it builds two child
 * loggers and serializes the request into each, on every request).
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const id = assignRequestId(req, res);
    const fields = {
      id,
      method: req.method,
      url: redactUrl(req.originalUrl),
      remoteAddress: req.socket.remoteAddress,
    };
    req.id = id;
    req.log = logger.child({ req: fields });
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const line = {
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
