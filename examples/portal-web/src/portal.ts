import { createPortalClient, localStorageSessionStore } from '@portal/client';

/** Fired when the server refused to refresh the session: the user must sign in again. */
export const sessionEvents = new EventTarget();
export const SESSION_EXPIRED = 'session-expired';

/** The storage key of the session, shared by the tabs of this origin. */
export const SESSION_STORAGE_KEY = 'portal.session';

/**
 * The app's one client of the Portal API. The API is on the app's own origin: Vite proxies `/api` to the
 * server in development and preview, and in production both sit behind the same host, so no CORS is needed.
 */
export const portal = createPortalClient({
  baseUrl: import.meta.env.VITE_PORTAL_API_URL ?? '',
  session: localStorageSessionStore({ key: SESSION_STORAGE_KEY }),
  onSessionExpired: () => sessionEvents.dispatchEvent(new Event(SESSION_EXPIRED)),
});
