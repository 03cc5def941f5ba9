import {
  type LogoutWithCookie,
  logoutClearsRefreshCookie,
  type OperationId,
  problems,
  REFRESH_COOKIE_NAMES,
  REFRESH_COOKIE_PATH,
  refreshCookieName,
  SESSION_MODE_COOKIE,
  SESSION_MODE_HEADER,
} from '@portal/contract';

/*
 * Cookie mode (openapi/portal.yaml, `Portal-Session: cookie`) with the server's rules: the refresh token is
 * set as an HttpOnly cookie and the body's is empty; refresh and logout without a body token act on the
 * cookie, which needs an allowed `Origin` and the header (else 403 `csrf_refused`); logout clears it.
 */

/** Decides whether a page of `origin` may act on the refresh cookie (the server's CORS_ORIGINS). */
export type OriginCheck = (origin: string) => boolean;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The mocks' default allowed origins: any http(s) origin on this machine (a dev server on any port), the
 * origin of the sign-in page the mails link to (the server's default, PORTAL_URL's), and the page's own.
 */
export function defaultOriginCheck(signInUrl: () => string): OriginCheck {
  return (origin) => {
    const url = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!url || url.origin !== origin) return false;
    if (/^https?:$/.test(url.protocol) && LOOPBACK_HOSTS.has(url.hostname)) return true;
    return origin === new URL(signInUrl()).origin || origin === globalThis.location?.origin;
  };
}

/** The operations that answer a token pair, which cookie mode moves into the cookie. */
const ISSUING: ReadonlySet<string> = new Set<string>([
  'validateMagicLink',
  'verifyCode',
  'refreshSession',
] satisfies OperationId[]);
/** The operations whose refresh token may come from the cookie. */
const TAKING: ReadonlySet<string> = new Set<string>(['refreshSession', 'logout'] satisfies OperationId[]);

const TOKEN_REQUIRED = {
  path: '/body/refreshToken',
  message: "must have required property 'refreshToken'",
  code: 'required',
};

export interface CookieModeRequest {
  /** The request asked for cookie mode. */
  asked: boolean;
  /** Whether the answer's cookie is `Secure` (and named `__Secure-`): all but plain-http localhost. */
  secure: boolean;
  /** The refresh cookie the request carries (either name), if any. */
  cookie: string | undefined;
}

export function readCookieMode(request: Request, cookies: Record<string, string>): CookieModeRequest {
  const url = new URL(request.url);
  const secure = url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname);
  const preferred = cookies[refreshCookieName(secure)];
  const cookie = preferred || REFRESH_COOKIE_NAMES.map((name) => cookies[name]).find(Boolean);
  return { asked: request.headers.get(SESSION_MODE_HEADER) === SESSION_MODE_COOKIE, secure, cookie };
}

/**
 * The refresh token of a refresh or logout: the body's, else the cookie's after the CSRF checks. Without the
 * header a cookie is refused (the request would act on it alone) and no cookie is the body's 400; in
 * cookie mode the `Origin` must be allowed. `origin` is the request's, or the page's in a service worker,
 * which sees requests before the browser adds `Origin` and only ever those of its own pages.
 */
export function refreshTokenOf(
  op: string,
  body: { refreshToken?: string | undefined } | undefined,
  mode: CookieModeRequest,
  origin: string | null,
  allowed: OriginCheck,
): string | undefined {
  if (!TAKING.has(op) || body?.refreshToken !== undefined) return body?.refreshToken;
  if (!mode.asked) {
    if (mode.cookie !== undefined) throw problems.csrfRefused();
    throw problems.requestInvalid([TOKEN_REQUIRED]);
  }
  if (origin === null || !allowed(origin)) throw problems.csrfRefused();
  // Refresh in cookie mode without a cookie: no sign-in to refresh, what the SDK asks on load.
  if (mode.cookie === undefined && op === 'refreshSession') throw problems.invalidToken('session_ended');
  return mode.cookie;
}

/**
 * The answer's `Set-Cookie` in cookie mode, and its body: a token pair's refresh token moves into the cookie
 * for `lifetimeSeconds`; a logout that ends the cookie's sign-in clears it, as the server does (see
 * logoutClearsRefreshCookie).
 */
export function cookieAnswer(
  op: string,
  mode: CookieModeRequest,
  body: unknown,
  lifetimeSeconds: (refreshToken: string) => number,
  now: Date,
  logout?: Pick<LogoutWithCookie, 'scope' | 'bodyToken'>,
): { setCookie?: string; body: unknown } {
  const tokens = body as { refreshToken?: string } | undefined;
  if (mode.asked && ISSUING.has(op) && tokens?.refreshToken) {
    const maxAge = Math.max(0, Math.floor(lifetimeSeconds(tokens.refreshToken)));
    return {
      setCookie: serialize(mode.secure, tokens.refreshToken, maxAge, now),
      body: { ...tokens, refreshToken: '' },
    };
  }
  if (
    op === 'logout' &&
    logout &&
    logoutClearsRefreshCookie({ ...logout, cookie: mode.cookie, cookieMode: mode.asked })
  ) {
    return { setCookie: serialize(mode.secure, '', 0, now), body };
  }
  return { body };
}

// As Express's res.cookie writes it: Max-Age in seconds, then Expires for older browsers.
function serialize(secure: boolean, value: string, maxAgeSeconds: number, now: Date): string {
  const expires = new Date(now.getTime() + maxAgeSeconds * 1000).toUTCString();
  return [
    `${refreshCookieName(secure)}=${value}`,
    `Max-Age=${maxAgeSeconds}`,
    `Path=${REFRESH_COOKIE_PATH}`,
    `Expires=${expires}`,
    'HttpOnly',
    ...(secure ? ['Secure'] : []),
    'SameSite=Strict',
  ].join('; ');
}
