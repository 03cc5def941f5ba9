/**
 * `@portal/client/server`: for apps that render on a server (a backend-for-frontend), a Portal client per
 * incoming request that signs the user in through the refresh cookie of cookie mode and passes the API's
 * cookies back to the browser. Framework-free: cookies go through a get/set adapter.
 */
export type { PortalClient } from './create-portal-client.js';
export {
  portalClientForRequest,
  type RequestClientOptions,
  type RequestCookies,
  requestCookies,
} from './request-client.js';
