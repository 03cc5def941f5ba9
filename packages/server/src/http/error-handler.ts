import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

/** How long a client should wait before retrying when the database is unavailable, in seconds. */
const RETRY_AFTER_UNAVAILABLE = '5';

/**
 * The one place where an error becomes a response. Validator errors, body-parser errors, our own
 * HttpProblems and database outages map to problem+json (RFC 9457); anything else is a 500 whose details
 * stay in the log, under the request id the client also receives.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const problem = toProblem(err);
  if (problem.status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ status: problem.status, detail: problem.detail }, 'request refused');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toBody(req.originalUrl.split('?')[0] ?? '/', req.id as string)));
};

/** Answers 404 for any route nothing else handled. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpProblem(404, { detail: `No resource at ${req.method} ${req.path}.` }));
};

interface ValidatorError {
  status: number;
  message?: string;
  errors?: { path?: string; message?: string; errorCode?: string }[];
  headers?: Record<string, string>;
}

function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (isDatabaseUnavailable(err)) {
    return new HttpProblem(503, {
      detail: 'The service is temporarily unavailable. Try again shortly.',
      headers: { 'Retry-After': RETRY_AFTER_UNAVAILABLE },
    });
  }
  const e = (err ?? {}) as { type?: string; status?: number; limit?: number } & Partial<ValidatorError>;
  switch (e.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, { detail: 'The request body is not valid JSON.' });
    case 'entity.too.large':
      return new HttpProblem(413, {
        title: 'Content Too Large',
        detail: `The request body is larger than ${e.limit} bytes.`,
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new HttpProblem(415, { detail: 'The request body must be UTF-8 encoded JSON.' });
    case 'request.aborted':
      return new HttpProblem(400, { detail: 'The request body was not received completely.' });
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && Array.isArray(e.errors)) {
    return fromValidator(e as ValidatorError);
  }
  return new HttpProblem(500, { detail: 'An unexpected error occurred.' });
}

// express-openapi-validator's errors: 400 (request invalid), 404, 405, 415.
function fromValidator(e: ValidatorError): HttpProblem {
  switch (e.status) {
    case 404:
      return new HttpProblem(404, { detail: 'No such resource.' });
    case 405:
      return new HttpProblem(405, {
        detail: 'This method is not allowed on this resource.',
        headers: e.headers?.Allow ? { Allow: e.headers.Allow } : {},
      });
    case 415:
      return new HttpProblem(415, { detail: 'The request body must be application/json.' });
    default:
      return new HttpProblem(e.status === 400 ? 400 : e.status, {
        detail: 'The request is not valid.',
        errors: (e.errors ?? []).map((fe) => ({
          path: fe.path ?? '',
          message: fe.message ?? 'is invalid',
          ...(fe.errorCode ? { code: fe.errorCode.split('.')[0] as string } : {}),
        })),
      });
  }
}
