import type { Knex } from 'knex';
import type { OperationHandlers } from '../../http/operation-handler.js';
import { principalOf } from '../../http/routes.js';
import { currentClient, currentUser, dashboardStats, enabledSections } from './portal-reads.js';

type PortalOperations = 'getMe' | 'getClient' | 'getScopes' | 'getDashboardStats';

/** The portal's read operations; who is asking comes only from the verified access token. */
export function portalHandlers(db: Knex): Pick<OperationHandlers, PortalOperations> {
  return {
    getMe: async (ctx) => ({ status: 200, body: await currentUser(db, principalOf(ctx)) }),
    getClient: async (ctx) => ({ status: 200, body: await currentClient(db, principalOf(ctx)) }),
    getScopes: async (ctx) => ({ status: 200, body: await enabledSections(db, principalOf(ctx)) }),
    getDashboardStats: async (ctx) => ({ status: 200, body: await dashboardStats(db, principalOf(ctx)) }),
  };
}
