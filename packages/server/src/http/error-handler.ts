import { HEADERS, PROBLEM_DETAILS, PROBLEM_MEDIA_TYPE } from '@portal/contract';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { databaseUnavailable, noRoute, ProblemError, problems } from '../errors/problem-error.js';
import { loggableError } from '../logging/loggable-error.js';

/**
 * The one place where an error becomes a response. Validator errors, body-parser errors, our own
 * ProblemErrors and database outages map to problem+json (RFC 9457); anything else is a 500 whose details
 * stay in the log, under the request id the client also receives.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const problem = toProblem(err);
  // The operation and request id find the request; the error's bound values (personal data) stay out.
  if (problem.status >= 500)
    req.log.error({ err: loggableError(err), operation: req.operationId }, 'request failed');
  else req.log.info({ status: problem.status, detail: problem.detail }, 'request refused');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  const body = problem.toBody({
    instance: req.originalUrl.split('?')[0] ?? '/',
    requestId: req.id,
    time: new Date(),
  });
  res.status(problem.status).type(PROBLEM_MEDIA_TYPE).send(JSON.stringify(body));
};

/** Answers 404 for any route nothing else handled. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(noRoute(req.method, req.path));
};

interface ValidatorError {
  status: number;
  message?: string;
  errors?: { path?: string; message?: string; errorCode?: string }[];
  headers?: Record<string, string>;
}

function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  const e = (err ?? {}) as { type?: string; status?: number; limit?: number } & Partial<ValidatorError>;
  // body-parser's errors (express.json).
  switch (e.type) {
    case 'entity.parse.failed':
      return problems.bodyNotJson();
    case 'entity.too.large':
      return problems.bodyTooLarge(e.limit ?? 0);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return problems.bodyNotUtf8();
    case 'request.aborted':
      return new ProblemError(400, { detail: PROBLEM_DETAILS.bodyIncomplete });
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && Array.isArray(e.errors)) {
    return fromValidator(e as ValidatorError);
  }
  return problems.unexpected();
}

// express-openapi-validator's errors: 400 (request invalid), 404, 405, 415.
function fromValidator(e: ValidatorError): ProblemError {
  switch (e.status) {
    case 404:
      return problems.noSuchResource();
    case 405: {
      const allow = e.headers?.[HEADERS.allow];
      return problems.methodNotAllowed(allow ? [allow] : []);
    }
    case 415:
      return problems.bodyNotJsonMediaType();
    default:
      return new ProblemError(e.status, {
        detail: PROBLEM_DETAILS.requestInvalid,
        errors: (e.errors ?? []).map((fe) => ({
          path: fe.path ?? '',
          message: fe.message ?? 'is invalid',
          ...(fe.errorCode ? { code: fe.errorCode.split('.')[0] as string } : {}),
        })),
      });
  }
}
