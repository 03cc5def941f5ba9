import { operationList, SESSION_MODE_HEADER } from '@portal/contract';
import cors, { type CorsOptions } from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS (Fetch standard) for the portal's own pages: a page of one of `origins` (CORS_ORIGINS) may call the
 * API with a bearer token, or in cookie mode with the refresh cookie (credentials). Any other origin, `null`
 * included, gets no `Access-Control-Allow-*` at all, and its browser withholds the answer. Preflights are
 * answered here (204), before the contract's validator would refuse OPTIONS with 405.
 */
export function corsForPortal(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const common: CorsOptions = {
    // The methods the contract uses (a picture is uploaded with PUT and removed with DELETE), no other.
    methods: [...new Set(operationList.map((op) => op.method.toUpperCase()))],
    // Portal-Session asks for cookie mode; being a custom header, another origin can send it only after a
    // preflight, which is what makes it a CSRF defence (http/csrf-guard.ts).
    allowedHeaders: ['Authorization', 'Content-Type', SESSION_MODE_HEADER],
    // What the SDK reads from an error: when to retry, why a token was refused, the id to quote.
    exposedHeaders: ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
    maxAge: 600,
  };
  // A list, not a string: Allow-Origin goes to a listed origin only (a string would go to all). Credentials
  // are decided per request: the cors package would send Allow-Credentials to every origin, listed or not.
  return cors((req, callback) => {
    callback(null, { ...common, origin: [...allowed], credentials: allowed.has(req.headers.origin ?? '') });
  });
}
