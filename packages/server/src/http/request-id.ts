import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptRequestId, HEADERS } from '@portal/contract';

/** Picks the request's id (the caller's, when safe, or a new UUID) and returns it in a response header. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = acceptRequestId(typeof incoming === 'string' ? incoming : undefined, randomUUID);
  res.setHeader(HEADERS.requestId, id);
  return id;
}
