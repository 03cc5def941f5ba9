import { expect } from 'vitest';
import { mediaTypeOf } from '../contract-checker.js';

/** The response headers two backends must agree on; the rest (dates, security headers) may differ. */
export const HEADERS_THAT_MATTER = ['content-type', 'www-authenticate', 'allow', 'retry-after'] as const;

export interface NormalizedAnswer {
  status: number;
  headers: Record<string, string | null>;
  requestId: boolean;
  /** A problem without its time and request id; of any other JSON body its field names; or the text. */
  body: unknown;
}

/**
 * What of an answer must be the same from the server and the mocks: the status, the headers that matter, a
 * request id, and the whole problem body but for when it happened and the request id (checked here to be
 * a time and the response's `X-Request-Id`). Of a success, whose data differ, the body's field names.
 */
export async function normalizedAnswer(res: Response): Promise<NormalizedAnswer> {
  const headers = Object.fromEntries(HEADERS_THAT_MATTER.map((h) => [h, res.headers.get(h)]));
  const requestId = res.headers.get('x-request-id');
  const text = await res.text();
  const answer = { status: res.status, headers, requestId: Boolean(requestId) };
  if (!text) return { ...answer, body: text };
  const body = JSON.parse(text) as Record<string, unknown>;
  if (mediaTypeOf(res.headers.get('content-type')) !== 'application/problem+json') {
    return { ...answer, body: Object.keys(body).sort() };
  }
  expect(new Date(body.time as string).toISOString()).toBe(body.time);
  expect(body.requestId).toBe(requestId);
  return { ...answer, body: { ...body, time: 'T', requestId: 'R' } };
}
