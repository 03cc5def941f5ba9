/** The response headers the server and the mocks both set, by what they carry. */
export const HEADERS = {
  requestId: 'X-Request-Id',
  retryAfter: 'Retry-After',
  wwwAuthenticate: 'WWW-Authenticate',
  allow: 'Allow',
  cacheControl: 'Cache-Control',
} as const;

// A caller's request id is kept when it is short and plain, so that a proxy's trace id follows the request;
// anything else could inject text into logs and is replaced.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The caller's `X-Request-Id` when it is safe to keep, otherwise `fresh()`. */
export function acceptRequestId(incoming: string | null | undefined, fresh: () => string): string {
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : fresh();
}
