import type { PortalScopes } from '@portal/client';

/** What the mock panel lets you change about the demo tenant: its sections and its currency. */
export interface MockTenant {
  sections: PortalScopes;
  currency: string;
}

const KEY = 'portal-web:mock-tenant';
export const MOCK_CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY', 'BHD'] as const;
const DEFAULT_TENANT: MockTenant = {
  sections: { finance: true, support: true, configurator: true },
  currency: 'EUR',
};

export function loadMockTenant(): MockTenant {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<MockTenant> | null;
    return {
      sections: { ...DEFAULT_TENANT.sections, ...saved?.sections },
      currency: saved?.currency ?? DEFAULT_TENANT.currency,
    };
  } catch {
    return DEFAULT_TENANT;
  }
}

export function saveMockTenant(tenant: MockTenant): void {
  localStorage.setItem(KEY, JSON.stringify(tenant));
}
