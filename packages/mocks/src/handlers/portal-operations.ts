import { dashboardOf } from '../data/documents.js';
import type { MockOperations } from '../http/operation-types.js';

type PortalOperations = 'getMe' | 'getClient' | 'getScopes' | 'getDashboardStats';

/** The signed-in user's data, from their account in the mock state. */
export const portalOperations: Pick<MockOperations, PortalOperations> = {
  getMe: ({ account }) => ({ status: 200, body: account.me }),
  getClient: ({ account }) => ({ status: 200, body: account.client }),
  getScopes: ({ account }) => ({ status: 200, body: account.scopes }),
  // Counted from the records the lists page through, so that figures and lists agree in every scenario;
  // a figure of a list the account's sections close is 0, as the list answers 403.
  getDashboardStats: ({ state, account }) => ({
    status: 200,
    body: dashboardOf(
      state.documentsOf(account),
      account.dashboard.currency,
      state.clock.now().toISOString().slice(0, 10),
      account.scopes,
    ),
  }),
};
