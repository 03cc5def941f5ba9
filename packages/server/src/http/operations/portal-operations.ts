import type { Knex } from 'knex';
import {
  currentClient,
  currentUser,
  dashboardStats,
  enabledSections,
} from '../../features/portal/portal-reads.js';
import type { OperationHandlers } from '../operation-handler.js';

type PortalOperations = 'getMe' | 'getClient' | 'getScopes' | 'getDashboardStats';

/**
 * The protected operations whose handler (below) checks the token's liveness in its own statement: the
 * bearer guard only verifies the token for them (bearer-guard.ts). live-principal.test.ts proves that every
 * protected operation that does not write is here.
 */
export const LIVE_CHECKED_READS: readonly PortalOperations[] = [
  'getMe',
  'getClient',
  'getScopes',
  'getDashboardStats',
];

/** The portal's read operations; who is asking comes only from the verified access token. */
export function portalOperations(db: Knex): Pick<OperationHandlers, PortalOperations> {
  return {
    getMe: async ({ principal }) => ({ status: 200, body: await currentUser(db, principal) }),
    getClient: async ({ principal }) => ({ status: 200, body: await currentClient(db, principal) }),
    getScopes: async ({ principal }) => ({ status: 200, body: await enabledSections(db, principal) }),
    getDashboardStats: async ({ principal }) => ({ status: 200, body: await dashboardStats(db, principal) }),
  };
}
