import { REFRESH_COOKIE_NAMES, REFRESH_COOKIE_PATH } from '@portal/contract';
import { createPortalClient, type PortalClient, type PortalClientOptions } from './create-portal-client.js';
import { memorySessionStore } from './session-store.js';

/** The cookies of one incoming request and its response, whatever the framework. */
export interface RequestCookies {
  /** The value of the incoming request's cookie `name`, or undefined. */
  get(name: string): string | undefined;
  /** Adds one `Set-Cookie` header to the response, as it is given (call it once per cookie). */
  set(setCookie: string): void;
}

export interface RequestClientOptions extends Omit<PortalClientOptions, 'session'> {
  /** The incoming request's cookies and the response's `Set-Cookie`. See `requestCookies`. */
  cookies: RequestCookies;
  /**
   * The `Origin` sent with the requests that act on the refresh cookie: one of the API's `CORS_ORIGINS`,
   * usually the origin the browser sees the app on (`https://portal.example`).
   */
  origin: string;
  /**
   * The `Path` of the refresh cookie as the browser is given it. By default the API's own
   * (`/api/v1/portal/auth`), right when the browser reaches this server under that path; `'/'` when every
   * page of this server must receive it. Nothing else of the API's cookie is changed.
   */
  cookiePath?: string;
}

/**
 * A Portal client for one request of a server that renders for the browser (a backend-for-frontend): it
 * reads the refresh cookie from the incoming request, refreshes through it on first use to obtain an access
 * token (`getSession()`: null when no one is signed in), calls the API on the user's behalf, and passes every
 * cookie the API sets (rotation, sign-in, logout) back to the response. Create one per request: it holds that
 * user's tokens.
 */
export function portalClientForRequest(options: RequestClientOptions): PortalClient {
  const { cookies, origin, cookiePath, fetch: send, ...client } = options;
  // The refresh cookie as this request holds it, then as the API last set it.
  const jar = new Map<string, string>();
  for (const name of REFRESH_COOKIE_NAMES) {
    const value = cookies.get(name);
    if (value) jar.set(name, value);
  }
  return createPortalClient({
    ...client,
    session: { ...memorySessionStore(), refreshCookie: true },
    fetch: async (request) => {
      const toAuth = new URL(request.url).pathname.startsWith(REFRESH_COOKIE_PATH);
      if (toAuth) {
        // What the browser would send: the page's origin (the API's CSRF check), the cookie of that path.
        request.headers.set('origin', origin);
        const sent = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
        if (sent) request.headers.set('cookie', sent);
      }
      const response = await (send ? send(request) : globalThis.fetch(request));
      for (const line of response.headers.getSetCookie()) {
        remember(jar, line);
        cookies.set(cookiePath === undefined ? line : withPath(line, cookiePath));
      }
      return response;
    },
  });
}

/**
 * `RequestCookies` over a `Cookie` request header and a function that appends a `Set-Cookie` response
 * header: `requestCookies(req.headers.cookie, (c) => res.appendHeader('Set-Cookie', c))` in `node:http` and
 * Express, `requestCookies(request.headers.get('cookie'), (c) => headers.append('Set-Cookie', c))` with
 * fetch-style requests.
 */
export function requestCookies(
  cookieHeader: string | null | undefined,
  appendSetCookie: (setCookie: string) => void,
): RequestCookies {
  const values = new Map<string, string>();
  for (const pair of (cookieHeader ?? '').split(';')) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    // The first of a name wins, as browsers send the most specific path first (RFC 6265, section 5.4).
    if (at > 0 && !values.has(name)) values.set(name, pair.slice(at + 1).trim());
  }
  return { get: (name) => values.get(name), set: appendSetCookie };
}

function remember(jar: Map<string, string>, setCookie: string): void {
  const [pair = ''] = setCookie.split(';');
  const at = pair.indexOf('=');
  const name = pair.slice(0, at).trim();
  if (!(REFRESH_COOKIE_NAMES as readonly string[]).includes(name)) return;
  const cleared = /;\s*max-age=0\s*(;|$)/i.test(setCookie);
  if (cleared) jar.delete(name);
  else jar.set(name, pair.slice(at + 1).trim());
}

function withPath(setCookie: string, path: string): string {
  return /;\s*path=[^;]*/i.test(setCookie)
    ? setCookie.replace(/;\s*path=[^;]*/i, `; Path=${path}`)
    : `${setCookie}; Path=${path}`;
}
