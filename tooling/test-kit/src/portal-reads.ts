import type { ProtectedOperationId } from '@portal/contract';

/** The operations that read the signed-in user's portal (GET, with a bearer token). */
export const PORTAL_READS = [
  'getMe',
  'getClient',
  'getScopes',
  'getDashboardStats',
] as const satisfies readonly ProtectedOperationId[];

export type PortalRead = (typeof PORTAL_READS)[number];
