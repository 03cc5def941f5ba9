import { createPortalClient, localStorageSessionStore } from '@portal/client';

/**
 * The app's one client of the Portal API. The API is on the app's own origin: Vite proxies `/api` to the
 * server in development and preview, and in production both sit behind the same host, so no CORS is needed.
 * The session is shared by the tabs of this origin: their sign-ins and sign-outs reach each other.
 */
export const portal = createPortalClient({
  baseUrl: import.meta.env.VITE_PORTAL_API_URL ?? '',
  session: localStorageSessionStore({ key: 'portal.session' }),
});
