import { PortalApiError, PortalNetworkError } from '@portal/client';
import { describe, expect, it } from 'vitest';
import { describeError, fieldErrors } from './describe-error';

function apiError(status: number, problem: Record<string, unknown>): PortalApiError {
  const response = new Response(JSON.stringify(problem), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
  return new PortalApiError(response, problem);
}

describe('describeError', () => {
  it('when the API answers 429, says what its detail says: when to try again', () => {
    const error = apiError(429, {
      title: 'Too Many Requests',
      status: 429,
      detail: 'Try again in 60 seconds.',
    });
    expect(describeError(error)).toBe('Try again in 60 seconds.');
  });

  it('when the server fails, gives the request id to quote and not the problem text', () => {
    const error = apiError(500, {
      title: 'Internal Server Error',
      status: 500,
      detail: 'x',
      requestId: 'r-1',
    });
    expect(describeError(error)).toBe('The portal could not answer (reference r-1). Try again in a moment.');
  });

  it('when nothing answers, says the portal cannot be reached', () => {
    expect(describeError(new PortalNetworkError(new TypeError('Failed to fetch')))).toMatch(
      /cannot be reached/,
    );
  });
});

describe('fieldErrors', () => {
  it('names the fields of a 400 answer by their last path segment', () => {
    const error = apiError(400, {
      title: 'Bad Request',
      status: 400,
      detail: 'invalid',
      errors: [{ path: '/body/email', message: 'must match format "email"', code: 'format' }],
    });
    expect(fieldErrors(error)).toEqual({ email: 'must match format "email"' });
  });

  it('has none for any other answer', () => {
    expect(fieldErrors(apiError(429, { title: 'Too Many Requests', status: 429, detail: 'd' }))).toEqual({});
  });
});
