import { PortalApiError } from '@portal/client';
import { describe, expect, it } from 'vitest';
import { describeCodeError, readCode } from './sign-in-code';

function apiError(status: number, detail: string): PortalApiError {
  const problem = { title: 'x', status, detail };
  return new PortalApiError(
    new Response(JSON.stringify(problem), {
      status,
      headers: { 'content-type': 'application/problem+json' },
    }),
    problem,
  );
}

describe('readCode', () => {
  it('takes a code as pasted or typed: any case, with or without its hyphen, white space around or inside', () => {
    expect(readCode(' 7kqm-p3xr\n')).toBe('7KQM-P3XR');
    expect(readCode('7KQM P3XR')).toBe('7KQMP3XR');
    expect(readCode('7KQMP3XR')).toBe('7KQMP3XR');
  });

  it('refuses what cannot be a code, so that no try is spent on it', () => {
    expect(readCode('7KQM-P3X')).toBeUndefined();
    expect(readCode('0OI1-P3XR')).toBeUndefined();
    expect(readCode('')).toBeUndefined();
  });
});

describe('describeCodeError', () => {
  const wrong = apiError(401, 'The token is invalid or has expired.');

  it('counts down the tries a mail allows, then says to ask for a new mail', () => {
    expect(describeCodeError(wrong, 1)).toContain('4 tries left');
    expect(describeCodeError(wrong, 4)).toContain('1 try left');
    expect(describeCodeError(wrong, 5)).toContain('Ask for a new mail');
  });

  it('says when to try again after too many attempts', () => {
    expect(describeCodeError(apiError(429, 'Too many requests. Try again in 60 seconds.'), 2)).toBe(
      'Too many attempts. Too many requests. Try again in 60 seconds.',
    );
  });
});
