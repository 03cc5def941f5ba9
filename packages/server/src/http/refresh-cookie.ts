import {
  REFRESH_COOKIE_NAMES,
  REFRESH_COOKIE_PATH,
  refreshCookieName,
  SESSION_MODE_COOKIE,
  SESSION_MODE_HEADER,
} from '@portal/contract';
import { parseCookie } from 'cookie';
import type { CookieOptions, Request } from 'express';

/*
 * Cookie mode (openapi/portal.yaml, `Portal-Session: cookie`): the refresh token travels in an HttpOnly
 * cookie that the page's script cannot read, as the IETF's "OAuth 2.0 for Browser-Based Applications" asks
 * of browser apps; the body's refreshToken is then empty. Names and path come from the contract package.
 */

/** Whether the request asks for cookie mode. */
export function inCookieMode(req: Request): boolean {
  return req.get(SESSION_MODE_HEADER) === SESSION_MODE_COOKIE;
}

/** The refresh token in the request's refresh cookie (either name), or undefined. */
export function refreshCookieOf(req: Request, production: boolean): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const cookies = parseCookie(header);
  // The name this request would be given first, should a browser hold both (after a move to https).
  const preferred = refreshCookieName(isSecure(req, production));
  const token = cookies[preferred] ?? REFRESH_COOKIE_NAMES.map((name) => cookies[name]).find(Boolean);
  return token || undefined;
}

/** Sets the refresh cookie on the request's response, for as long as the sign-in can last. */
export function setRefreshCookie(req: Request, production: boolean, token: string, lifetimeMs: number): void {
  const secure = isSecure(req, production);
  // Express writes Max-Age in whole seconds (rounded down) and Expires for older browsers.
  responseOf(req).cookie(refreshCookieName(secure), token, {
    ...attributes(secure),
    maxAge: Math.max(0, lifetimeMs),
  });
}

/** Clears the refresh cookie: the same name, path and attributes, `Max-Age=0`. */
export function clearRefreshCookie(req: Request, production: boolean): void {
  const secure = isSecure(req, production);
  responseOf(req).cookie(refreshCookieName(secure), '', { ...attributes(secure), maxAge: 0 });
}

// SameSite=Strict: a cross-site request never carries it; Path: only the auth operations ever see it.
function attributes(secure: boolean): CookieOptions {
  return { httpOnly: true, secure, sameSite: 'strict', path: REFRESH_COOKIE_PATH };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

// Secure, except during development on plain-http localhost, where a browser may refuse a Secure cookie.
// req.protocol follows X-Forwarded-Proto only from a trusted proxy (TRUST_PROXY).
function isSecure(req: Request, production: boolean): boolean {
  return production || req.protocol !== 'http' || !LOOPBACK_HOSTS.has(req.hostname);
}

function responseOf(req: Request) {
  if (!req.res) throw new Error('the request has no response to set a cookie on');
  return req.res;
}
