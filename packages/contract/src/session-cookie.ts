import { apiBasePath } from './generated/operations.gen.js';
import type { components } from './generated/portal.js';

/*
 * Cookie mode (openapi/portal.yaml, parameter `Portal-Session`): for browser apps, the refresh token lives in
 * an HttpOnly cookie that script cannot read, and the access token in memory. The names and attributes are
 * written once here for the server, the mocks and the SDK.
 */

/** The request header that asks for cookie mode; also the CSRF guard's custom header. */
export const SESSION_MODE_HEADER = 'Portal-Session';
export const SESSION_MODE_COOKIE = 'cookie';

/** The cookie is sent back only to the auth operations (validate, verify-code, refresh, logout...). */
export const REFRESH_COOKIE_PATH = `${apiBasePath}/auth`;

/**
 * `__Secure-` tells the browser to accept it only with `Secure` from a secure origin (RFC 6265bis, 4.1.3.1);
 * `__Host-` would need `Path=/`, which would send the token with every request. Plain-http localhost during
 * development gets the unprefixed name, since the prefix requires `Secure`.
 */
export function refreshCookieName(secure: boolean): string {
  return secure ? '__Secure-portal-refresh' : 'portal-refresh';
}

/** Both names, for readers that do not know which one the server set. */
export const REFRESH_COOKIE_NAMES = [refreshCookieName(true), refreshCookieName(false)] as const;

/** What a logout asked, and what refresh cookie it came with. */
export interface LogoutWithCookie {
  scope: components['schemas']['LogoutScope'] | undefined;
  /** The refresh token of the body, if it sent one. */
  bodyToken: string | undefined;
  /** The refresh cookie the request carried (either name), if any. */
  cookie: string | undefined;
  /** Whether the request asked for cookie mode (`Portal-Session: cookie`). */
  cookieMode: boolean;
}

/**
 * Whether a logout clears the refresh cookie. The cookie goes with the sign-in it holds: `global` ends it;
 * `local` (the default) when it named it, by the cookie itself or by the same token in the body. `others`
 * keeps it (the SDK keeps its session; clearing it would sign the browser out at its next refresh), and so
 * does a `local` logout of another sign-in's token in the body: a second client of the same origin, in body
 * mode, signs out without signing the cookie's client out.
 */
export function logoutClearsRefreshCookie({
  scope,
  bodyToken,
  cookie,
  cookieMode,
}: LogoutWithCookie): boolean {
  if (scope === 'global') return cookie !== undefined || cookieMode;
  if (scope === 'others') return false;
  return bodyToken === undefined || cookie === bodyToken;
}
