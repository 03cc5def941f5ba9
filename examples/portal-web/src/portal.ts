import { cookieSessionStore, createPortalClient } from '@portal/client';

/**
 * The app's one client of the Portal API, in cookie mode: the refresh token is an HttpOnly cookie that no
 * script of the page can read, and the access token lives in memory; nothing is kept in web storage. The API
 * is on the app's own origin (Vite proxies `/api` in development and preview; in production both sit behind
 * the same host), so the cookie is first-party. The tabs of this origin share sign-ins and sign-outs.
 */
export const portal = createPortalClient({
  baseUrl: import.meta.env.VITE_PORTAL_API_URL ?? '',
  session: cookieSessionStore({ name: 'portal.session' }),
});
