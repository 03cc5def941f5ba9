import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is kept when it is short and plain, so a proxy's trace id follows the request; anything
// else could inject text into the logs and is replaced.
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Picks the request's id (the caller's, when safe, or a new UUID) and returns it in a response header. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}
