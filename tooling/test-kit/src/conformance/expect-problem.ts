import type { FieldError, ProblemCode } from '@portal/contract';
import { expect } from 'vitest';

// RFC 9110's reason phrases, as the problems' titles (RFC 9457, 3.1.3: "title" SHOULD NOT change).
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
};

// The code a problem of this status has unless the test names another (the contract's Problem `code`).
const CODES: Record<number, ProblemCode> = {
  400: 'validation_failed',
  401: 'invalid_token',
  403: 'section_disabled',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export interface ExpectedProblem {
  status: number;
  /** The machine-readable code; by default the usual one of the status (400: `validation_failed`...). */
  code?: ProblemCode;
  detail: string;
  /** The request path the problem is about. */
  instance: string;
  errors?: FieldError[];
  /** Response headers that must have exactly these values (`null`: absent). */
  headers?: Record<string, string | null>;
}

/**
 * That `res` is exactly this RFC 9457 problem: its status, media type and headers, and a body of the given
 * detail and field errors, with the time it happened and the request id of the response's `X-Request-Id`.
 */
export async function expectProblem(res: Response, expected: ExpectedProblem): Promise<void> {
  expect(res.status).toBe(expected.status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    expect(res.headers.get(name), name).toBe(value);
  }
  const body = (await res.json()) as { time: string };
  expect(body).toEqual({
    type: 'about:blank',
    title: TITLES[expected.status],
    status: expected.status,
    detail: expected.detail,
    instance: expected.instance,
    time: expect.any(String),
    code: expected.code ?? CODES[expected.status],
    requestId: res.headers.get('x-request-id'),
    ...(expected.errors ? { errors: expected.errors } : {}),
  });
  expect(new Date(body.time).toISOString()).toBe(body.time);
}
