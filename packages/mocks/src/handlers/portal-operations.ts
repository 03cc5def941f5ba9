import { createEmptyDashboardStats } from '../data/factories.js';
import type { MockOperations } from '../http/operation-types.js';

type PortalOperations = 'getMe' | 'getClient' | 'getScopes' | 'getDashboardStats';

/** The signed-in user's data, from their account in the mock state. */
export const portalOperations: Pick<MockOperations, PortalOperations> = {
  getMe: ({ account }) => ({ status: 200, body: account.me }),
  getClient: ({ account }) => ({ status: 200, body: account.client }),
  getScopes: ({ account }) => ({ status: 200, body: account.scopes }),
  getDashboardStats: ({ state, account }) => {
    const { dashboard } = account;
    const body = state.has('empty-dashboard') ? createEmptyDashboardStats(dashboard.currency) : dashboard;
    return { status: 200, body };
  },
};
