import { createDocuments, type MockDocuments } from './documents.js';
import {
  type ClientProfile,
  createClientProfile,
  createDashboardStats,
  createMe,
  createScopes,
  type DashboardStats,
  type PortalMe,
  type PortalScopes,
} from './factories.js';

/** The tenant code of the accounts the mocks create unless told otherwise. */
export const DEMO_TENANT_CODE = 'demo';

/** Everything the mocks serve for one portal user: who they are, their client, sections and figures. */
export interface MockAccount {
  tenantCode: string;
  /** An inactive user (or a user of an inactive tenant) gets no link and cannot sign in. */
  active: boolean;
  me: PortalMe;
  client: ClientProfile;
  scopes: PortalScopes;
  /** The figures the account was made with: its `documents` add up to them (`dashboardOf`). */
  dashboard: DashboardStats;
  /** The client's orders, estimates and invoices, which the lists page through and the figures count. */
  documents: MockDocuments;
}

// The records' dates count back from the start of today (UTC), so a reset on the same day gives the same data.
const startOfToday = () => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);

/** Field overrides for {@link createAccount}, each part merged over generated data. */
export interface AccountOverrides {
  tenantCode?: string;
  active?: boolean;
  me?: Partial<PortalMe>;
  client?: Partial<ClientProfile>;
  scopes?: Partial<PortalScopes>;
  dashboard?: Partial<DashboardStats>;
  /** The client's records, e.g. another account's for a colleague of the same client; else made to add up to `dashboard`. */
  documents?: MockDocuments;
}

/**
 * A consistent account: the user belongs to the client (`me.clientId`, `me.clientName`), in tenant `demo`
 * unless overridden. `createAccount({ me: { firstName: 'Ada' }, client: { billingAddress: null } })`.
 */
export function createAccount(overrides: AccountOverrides = {}): MockAccount {
  const client = createClientProfile(overrides.client);
  const dashboard = createDashboardStats(overrides.dashboard);
  return {
    tenantCode: overrides.tenantCode ?? DEMO_TENANT_CODE,
    active: overrides.active ?? true,
    me: createMe(overrides.me, client),
    client,
    scopes: createScopes(overrides.scopes),
    dashboard,
    documents: overrides.documents ?? createDocuments(dashboard, startOfToday()),
  };
}
