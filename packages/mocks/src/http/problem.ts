import type { Problem } from '@portal/contract';
import type { FieldError } from '../contract/json-schema.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What the server sends as `Content-Type` with a problem (Express adds the charset). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface ProblemInit {
  detail: string;
  title?: string;
  errors?: FieldError[];
  /** Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
  headers?: Record<string, string>;
}

/**
 * A refusal, thrown anywhere in a mock handler, that reaches the client as the same RFC 9457 problem the
 * server sends: `type`, `title`, `status`, `detail`, `instance`, `time`, `requestId` and `errors`.
 */
export class MockProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, init: ProblemInit) {
    super(init.detail);
    this.name = 'MockProblem';
    this.status = status;
    this.title = init.title ?? TITLES[status] ?? 'Error';
    this.detail = init.detail;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
  }

  /** The response body, in the contract's `Problem` shape. */
  toBody(instance: string, requestId: string, now: Date): Problem {
    return {
      type: 'about:blank',
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
      time: now.toISOString(),
      requestId,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }

  /** The HTTP response; a HEAD request gets the headers only, as from Express. */
  toResponse(request: Request, requestId: string, now: Date): Response {
    const body =
      request.method === 'HEAD' ? null : JSON.stringify(this.toBody(pathOf(request), requestId, now));
    return new Response(body, {
      status: this.status,
      headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'X-Request-Id': requestId, ...this.headers },
    });
  }
}

function pathOf(request: Request): string {
  return new URL(request.url).pathname;
}

/** 401 for a protected operation, with the challenge of RFC 6750, section 3 (as the server words it). */
export function unauthorized(tokenPresented: boolean): MockProblem {
  return new MockProblem(401, {
    detail: tokenPresented
      ? 'The access token is invalid or has expired.'
      : 'A valid access token is required.',
    headers: {
      'WWW-Authenticate': tokenPresented
        ? 'Bearer realm="portal", error="invalid_token"'
        : 'Bearer realm="portal"',
    },
  });
}

/** 401 for a magic-link or refresh token that is unknown, expired, used or revoked: one generic answer. */
export function invalidCredentials(): MockProblem {
  return new MockProblem(401, { detail: 'The token is invalid or has expired.' });
}
