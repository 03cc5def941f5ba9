import { startMockWorker } from '@portal/mocks/browser';
import { loadMockTenant } from './mock-tenant';

/** Starts `@portal/mocks` in a service worker, answering the app's `/api/...` calls on its own origin. */
export async function startMocks(): Promise<void> {
  const tenant = loadMockTenant();
  await startMockWorker({
    baseUrl: '',
    reset: { account: { scopes: tenant.sections, dashboard: { currency: tenant.currency } } },
  });
}
