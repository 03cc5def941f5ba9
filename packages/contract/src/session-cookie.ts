import { apiBasePath } from './generated/operations.gen.js';

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
