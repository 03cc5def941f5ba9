import { describe, expect, it } from 'vitest';
import { createMe } from '../data/factories.js';
import { createPortalHttp } from '../http/portal-http.js';
import { mockState, resetMockState } from '../state/default-state.js';
import { TEST_BASE_URL, useGuardedMockServer } from '../test-support/guarded-server.js';

const { call, server } = useGuardedMockServer();
const portalHttp = createPortalHttp(TEST_BASE_URL);

function token() {
  if (!mockState.session) throw new Error('no session');
  return mockState.session.accessToken;
}

describe('the portal operations', () => {
  it("serve the signed-in user's profile, client, sections and figures", async () => {
    resetMockState({ scenario: 'signed-in' });
    const { me, client, scopes, dashboard } = mockState.account;
    expect(await (await call('getMe', { accessToken: token() })).json()).toEqual(me);
    expect(await (await call('getClient', { accessToken: token() })).json()).toEqual(client);
    expect(await (await call('getScopes', { accessToken: token() })).json()).toEqual(scopes);
    expect(await (await call('getDashboardStats', { accessToken: token() })).json()).toEqual(dashboard);
    const res = await call('getMe', { accessToken: token() });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serve the account a test configured: a client without billing address, no finance section', async () => {
    resetMockState({
      scenario: 'signed-in',
      account: { me: { firstName: 'Ada' }, client: { billingAddress: null }, scopes: { finance: false } },
    });
    expect(await (await call('getMe', { accessToken: token() })).json()).toMatchObject({ firstName: 'Ada' });
    expect(await (await call('getClient', { accessToken: token() })).json()).toMatchObject({
      billingAddress: null,
    });
    expect(await (await call('getScopes', { accessToken: token() })).json()).toMatchObject({
      finance: false,
    });
  });

  it('show no figure of a section the tenant switched off, as the server: 0 where the list answers 403', async () => {
    const made = { openOrders: 2, pendingEstimates: 1, unpaidInvoices: 3, totalOutstanding: 99.5 };
    const figures = async (scopes: { configurator: boolean; finance: boolean }) => {
      resetMockState({ scenario: 'signed-in', account: { scopes, dashboard: made } });
      return (await call('getDashboardStats', { accessToken: token() })).json();
    };
    expect(await figures({ configurator: true, finance: false })).toMatchObject({
      ...made,
      unpaidInvoices: 0,
      totalOutstanding: 0,
    });
    expect(await figures({ configurator: false, finance: true })).toMatchObject({
      ...made,
      pendingEstimates: 0,
    });
    expect(await figures({ configurator: false, finance: false })).toMatchObject({
      openOrders: 0,
      pendingEstimates: 0,
      unpaidInvoices: 0,
      totalOutstanding: 0,
    });
  });

  it("serve each user their own data, never another's", async () => {
    const other = mockState.addAccount({ tenantCode: 'other' });
    const tokens = mockState.sessions.issue({
      userId: other.me.id,
      clientId: other.client.id,
      tenantCode: other.tenantCode,
      email: other.me.email,
    });
    expect(await (await call('getClient', { accessToken: tokens.accessToken })).json()).toEqual(other.client);
  });

  it('accept a typed one-off override, gone after resetHandlers', async () => {
    resetMockState({ scenario: 'signed-in' });
    server.use(
      portalHttp.get('/api/v1/portal/me', ({ response }) =>
        // The contract declares `Cache-Control: no-store` on this answer; the guard checks overrides too.
        response(200).json(createMe({ firstName: 'Grace' }), { headers: { 'Cache-Control': 'no-store' } }),
      ),
    );
    expect(await (await call('getMe', { accessToken: token() })).json()).toMatchObject({
      firstName: 'Grace',
    });
    server.resetHandlers();
    expect(await (await call('getMe', { accessToken: token() })).json()).toEqual(mockState.account.me);
  });

  it('keep a safe X-Request-Id of the caller and replace an unsafe one', async () => {
    const kept = await call('getMe', { headers: { 'x-request-id': 'trace-1234abcd' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-1234abcd');
    const replaced = await call('getMe', { headers: { 'x-request-id': 'evil value' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
