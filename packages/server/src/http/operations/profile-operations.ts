import type { Knex } from 'knex';
import {
  currentClient,
  currentUser,
  dashboardStats,
  enabledSections,
} from '../../features/profile/profile-reads.js';
import type { OperationHandlers } from '../operation-handler.js';

type PortalOperations = 'getMe' | 'getClient' | 'getScopes' | 'getDashboardStats';

/** The portal's read operations; who is asking comes only from the verified access token. */
export function portalOperations(db: Knex): Pick<OperationHandlers, PortalOperations> {
  return {
    getMe: async ({ principal }) => ({ status: 200, body: await currentUser(db, principal) }),
    getClient: async ({ principal }) => ({ status: 200, body: await currentClient(db, principal) }),
    getScopes: async ({ principal }) => ({ status: 200, body: await enabledSections(db, principal) }),
    getDashboardStats: async ({ principal }) => ({ status: 200, body: await dashboardStats(db, principal) }),
  };
}
