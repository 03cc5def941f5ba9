import { createEmptyDashboardStats } from '../data/factories.js';
import type { MockOperations } from '../http/operation-types.js';
import { requireAccount } from './auth-operations.js';

type PortalOperations = 'getMe' | 'getClient' | 'getScopes' | 'getDashboardStats';

/** The signed-in user's data, from their account in the mock state. */
export const portalOperations: Pick<MockOperations, PortalOperations> = {
  getMe: ({ account }) => ({ status: 200, body: requireAccount(account).me }),
  getClient: ({ account }) => ({ status: 200, body: requireAccount(account).client }),
  getScopes: ({ account }) => ({ status: 200, body: requireAccount(account).scopes }),
  getDashboardStats: ({ state, account }) => {
    const { dashboard } = requireAccount(account);
    const body = state.has('empty-dashboard') ? createEmptyDashboardStats(dashboard.currency) : dashboard;
    return { status: 200, body };
  },
};
