import { describe, expectTypeOf, it } from 'vitest';
import {
  type AuthTokens,
  type ClientProfile,
  createPortalClient,
  type DashboardStats,
  type FieldError,
  type Invoice,
  type Order,
  type PortalApiError,
  type PortalMe,
  type PortalScopes,
  type SessionStore,
} from './index.js';

const portal = createPortalClient({ baseUrl: 'https://portal.example' });

describe('request types come from the contract', () => {
  it('requestMagicLink takes exactly the fields of MagicLinkRequest', () => {
    expectTypeOf(portal.auth.requestMagicLink)
      .parameter(0)
      .toEqualTypeOf<{ email: string; tenantCode: string }>();
    // @ts-expect-error: a misspelt field name does not compile
    void portal.auth.requestMagicLink({ emial: 'ada@example.com', tenantCode: 'demo' });
    // @ts-expect-error: a missing field does not compile
    void portal.auth.requestMagicLink({ email: 'ada@example.com' });
  });

  it('validate takes the token of the magic link', () => {
    void portal.auth.validate({ token: 'abc' });
    // @ts-expect-error: the query parameter is called `token`
    void portal.auth.validate({ magicToken: 'abc' });
  });

  it('the raw client knows the paths and their bodies', () => {
    void portal.raw.POST('/api/v1/portal/auth/refresh', { body: { refreshToken: 'r' } });
    void portal.raw.POST('/api/v1/portal/auth/verify-code', {
      // @ts-expect-error: a misspelt body field does not compile
      body: { email: 'a', tenantCode: 't', kode: 'c' },
    });
    // @ts-expect-error: a path the contract does not have does not compile
    void portal.raw.GET('/api/v1/portal/payments');
  });

  it('the lists take the contract’s filters only', () => {
    void portal.invoices.list({ state: 'unpaid', limit: 50 });
    // @ts-expect-error: invoices filter by the dashboard's `unpaid` state only
    void portal.invoices.list({ state: 'overdue' });
    // @ts-expect-error: estimates have no `unpaid` state
    void portal.estimates.all({ state: 'unpaid' });
    // @ts-expect-error: `all` pages by itself and takes no cursor
    void portal.orders.all({ cursor: 'x' });
    expectTypeOf(portal.invoices.all({ state: 'unpaid' })).toEqualTypeOf<AsyncIterableIterator<Invoice>>();
    expectTypeOf(portal.orders.get).returns.resolves.toEqualTypeOf<Order>();
  });
});

describe('response types come from the contract', () => {
  it('each call resolves with its schema', () => {
    expectTypeOf(portal.me).returns.resolves.toEqualTypeOf<PortalMe>();
    expectTypeOf(portal.client).returns.resolves.toEqualTypeOf<ClientProfile>();
    expectTypeOf(portal.scopes).returns.resolves.toEqualTypeOf<PortalScopes>();
    expectTypeOf(portal.dashboardStats).returns.resolves.toEqualTypeOf<DashboardStats>();
    expectTypeOf(portal.auth.validate).returns.resolves.toEqualTypeOf<AuthTokens>();
    expectTypeOf(portal.auth.requestMagicLink).returns.resolves.toEqualTypeOf<void>();
  });

  it('a misspelt response field does not compile', async () => {
    const me = await portal.me();
    expectTypeOf(me.firstName).toEqualTypeOf<string>();
    expectTypeOf(me.avatar).toEqualTypeOf<{
      blobId: string;
      height: number;
      thumbnailBlobId: string;
      width: number;
    } | null>();
    // @ts-expect-error: the field is `firstName`
    void me.firstname;
    const stats = await portal.dashboardStats();
    // @ts-expect-error: the field is `unpaidInvoices`
    void stats.unpaid;
    const tokens = await portal.auth.validate({ token: 'abc' });
    expectTypeOf(tokens.accessExpiresUnix).toEqualTypeOf<number>();
  });

  it('the raw client narrows data and error', async () => {
    const { data, error } = await portal.raw.GET('/api/v1/portal/scopes');
    if (data) expectTypeOf(data).toEqualTypeOf<PortalScopes>();
    if (error) expectTypeOf(error.detail).toEqualTypeOf<string>();
  });
});

describe('errors and options', () => {
  it('PortalApiError carries the problem fields', () => {
    expectTypeOf<PortalApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<PortalApiError['title']>().toEqualTypeOf<string>();
    expectTypeOf<PortalApiError['detail']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PortalApiError['errors']>().toEqualTypeOf<FieldError[]>();
  });

  it('every call takes an AbortSignal', () => {
    const signal = new AbortController().signal;
    void portal.me({ signal });
    void portal.auth.logout({ signal });
    // @ts-expect-error: an unknown option does not compile
    void portal.me({ timeout: 5 });
  });

  it('an asynchronous store fits the SessionStore interface', () => {
    const asyncStore: SessionStore = {
      get: async () => null,
      set: async () => undefined,
      clear: async () => undefined,
    };
    expectTypeOf(createPortalClient).toBeCallableWith({ baseUrl: '', session: asyncStore });
  });
});
