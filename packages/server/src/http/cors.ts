import { operationList } from '@portal/contract';
import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS (Fetch standard) for the portal frontend only: a browser page of `origin` may call the API with a
 * bearer token; pages of any other origin get no `Access-Control-Allow-Origin` and their browser withholds
 * the answer. No credentials mode: the API reads no cookies, so none may ride along. Preflights are
 * answered here (204), before the contract's validator would refuse OPTIONS with 405.
 */
export function corsForPortal(origin: string): RequestHandler {
  return cors({
    // A list, not a string: the header is sent only to a matching origin (a string would be sent to all).
    origin: [origin],
    // The methods the contract's operations use, and no other.
    methods: [...new Set(operationList.map((op) => op.method.toUpperCase()))],
    allowedHeaders: ['Authorization', 'Content-Type'],
    // What the SDK reads from an error: when to retry, why a token was refused, the id to quote.
    exposedHeaders: ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
  });
}
