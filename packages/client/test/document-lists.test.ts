import { createMockServer, mockState, resetMockState } from '@portal/mocks/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPortalClient, memorySessionStore, PortalApiError } from '../src/index.js';

// The SDK's lists against @portal/mocks (the conformance suite proves the mocks page as the server does).
const baseUrl = 'http://portal.mock';
const server = createMockServer({ baseUrl });
const requests: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }: { request: Request }) => {
    requests.push(new URL(request.url).search);
  });
});
afterEach(() => {
  server.resetHandlers();
  resetMockState();
  requests.length = 0;
});
afterAll(() => server.close());

function signedIn(scenario: 'signed-in' | 'signed-in,many-documents' = 'signed-in,many-documents') {
  resetMockState({ scenario });
  const session = mockState.session;
  if (!session) throw new Error('the scenario issued no session');
  return createPortalClient({ baseUrl, session: memorySessionStore(session) });
}

describe('the lists of the SDK', () => {
  it('all() walks every page of a filtered list, as many items as the figure counts', async () => {
    const portal = signedIn();
    const stats = await portal.dashboardStats();
    const unpaid = [];
    for await (const invoice of portal.invoices.all({ state: 'unpaid', limit: 10 })) unpaid.push(invoice);
    expect(unpaid).toHaveLength(stats.unpaidInvoices);
    expect(new Set(unpaid.map((i) => i.id)).size).toBe(unpaid.length);
    // 57 unpaid invoices at 10 a page: 6 pages, each asked for once.
    expect(requests.filter((q) => q.includes('state=unpaid'))).toHaveLength(6);
  });

  it('all() stops on abort: no page is asked for after it', async () => {
    const portal = signedIn();
    const controller = new AbortController();
    const seen: unknown[] = [];
    const walk = async () => {
      for await (const order of portal.orders.all({ limit: 5 }, { signal: controller.signal })) {
        seen.push(order);
        if (seen.length === 7) controller.abort(new Error('enough'));
      }
    };
    await expect(walk()).rejects.toThrow('enough');
    expect(seen).toHaveLength(7);
    expect(requests.filter((q) => q.includes('limit=5'))).toHaveLength(2);
  });

  it('list() and get() answer a page and a record; a disabled section rejects with 403', async () => {
    const portal = signedIn('signed-in');
    const page = await portal.estimates.list({ limit: 2 });
    expect(page.items).toHaveLength(2);
    const [first] = page.items;
    expect(await portal.estimates.get(first?.id as string)).toEqual(first);
    const next = await portal.estimates.list({ limit: 2, cursor: page.nextCursor as string });
    expect(next.items.map((e) => e.id)).not.toContain(first?.id);

    mockState.account.scopes.finance = false;
    const error = await portal.invoices.list().catch((e) => e);
    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 403 });
  });
});
