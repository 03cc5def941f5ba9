import { REFRESH_COOKIE_NAMES, SESSION_MODE_COOKIE, SESSION_MODE_HEADER } from '@portal/contract';
import { parseSetCookie, type SetCookie } from 'cookie';

/*
 * Cookie mode as a test sees it, on either backend: the refresh cookie an answer sets, read with the
 * `cookie` package (never by hand), and the headers a browser page of an allowed origin would send.
 */

/** The refresh cookie that `res` sets (`Set-Cookie`, either name), or undefined. */
export function refreshCookieSetBy(res: Response): SetCookie | undefined {
  const names: readonly string[] = REFRESH_COOKIE_NAMES;
  return res.headers
    .getSetCookie()
    .map((line) => parseSetCookie(line))
    .find((cookie) => names.includes(cookie.name));
}

/** The `Cookie` request header that sends `cookie` back, as a browser would. */
export function cookieHeader(cookie: Pick<SetCookie, 'name' | 'value'>): string {
  return `${cookie.name}=${cookie.value ?? ''}`;
}

/**
 * The headers of a cookie-mode request from a page of `origin`: `Portal-Session: cookie`, `Origin`, and the
 * refresh cookie when there is one. Leave a part out (`undefined`) to send a request without it.
 */
export function cookieModeHeaders({
  origin,
  cookie,
  header = true,
}: {
  origin?: string | undefined;
  cookie?: Pick<SetCookie, 'name' | 'value'> | undefined;
  header?: boolean;
}): Record<string, string> {
  return {
    ...(header ? { [SESSION_MODE_HEADER.toLowerCase()]: SESSION_MODE_COOKIE } : {}),
    ...(origin === undefined ? {} : { origin }),
    ...(cookie === undefined ? {} : { cookie: cookieHeader(cookie) }),
  };
}
