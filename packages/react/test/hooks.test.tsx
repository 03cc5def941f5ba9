import { createPortalClient, memorySessionStore, type PortalClient } from '@portal/client';
import { createMockServer, DEMO_TENANT_CODE, mailbox, mockState, resetMockState } from '@portal/mocks/node';
import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, configure, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PortalProvider,
  useClientProfile,
  useDashboardStats,
  useEndSignIn,
  useInvoices,
  useLogout,
  useMe,
  useRequestSignIn,
  useScopes,
  useSession,
  useSignIns,
  useSignInWithCode,
  useSignInWithLink,
} from '../src/index.js';

// The hooks against @portal/mocks in Node, as an app's tests would run them.
// waitFor gives up after 1 s by default; in CI, beside the other suites, a first answer took longer.
configure({ asyncUtilTimeout: 10_000 });
const baseUrl = 'http://portal.mock';
const server = createMockServer({ baseUrl });
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetMockState();
});
afterAll(() => server.close());

function signedInClient(): PortalClient {
  resetMockState({ scenario: 'signed-in' });
  const session = mockState.session;
  if (!session) throw new Error('the scenario issued no session');
  return createPortalClient({ baseUrl, session: memorySessionStore(session) });
}

function wrapperOf(client: PortalClient) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return ({ children }: { children: ReactNode }) => (
    <PortalProvider client={client} queryClient={queryClient}>
      {children}
    </PortalProvider>
  );
}

describe('useSession', () => {
  it('is loading, then signed out; a sign-in by code and a logout move it, with the reason', async () => {
    const client = createPortalClient({ baseUrl });
    const { result } = renderHook(
      () => ({
        session: useSession(),
        request: useRequestSignIn(),
        code: useSignInWithCode(),
        logout: useLogout(),
      }),
      { wrapper: wrapperOf(client) },
    );
    expect(result.current.session.status).toBe('loading');
    await waitFor(() => expect(result.current.session.status).toBe('signed-out'));
    expect(result.current.session.reason).toBeUndefined();

    const email = mockState.account.me.email;
    await act(() => result.current.request.mutateAsync({ email, tenantCode: DEMO_TENANT_CODE }));
    await act(() =>
      result.current.code.mutateAsync({ email, code: mailbox.codeFor(email), tenantCode: DEMO_TENANT_CODE }),
    );
    await waitFor(() => expect(result.current.session.status).toBe('signed-in'));
    expect(result.current.session.session).toEqual(await client.getSession());

    await act(() => result.current.logout.mutateAsync(undefined));
    await waitFor(() =>
      expect(result.current.session).toMatchObject({ status: 'signed-out', reason: 'logout' }),
    );
  });

  it('signs in by link, and a wrong link rejects with the SDK error', async () => {
    const client = createPortalClient({ baseUrl });
    const { result } = renderHook(() => ({ session: useSession(), link: useSignInWithLink() }), {
      wrapper: wrapperOf(client),
    });
    await expect(result.current.link.mutateAsync('not-a-token')).rejects.toMatchObject({ status: 401 });
    const email = mockState.account.me.email;
    await client.auth.requestMagicLink({ email, tenantCode: DEMO_TENANT_CODE });
    await act(() => result.current.link.mutateAsync(mailbox.tokenFor(email)));
    await waitFor(() => expect(result.current.session.status).toBe('signed-in'));
  });
});

describe('query hooks', () => {
  it('read me, client, scopes and the dashboard figures of the signed-in user', async () => {
    const { result } = renderHook(
      () => ({ me: useMe(), client: useClientProfile(), scopes: useScopes(), stats: useDashboardStats() }),
      { wrapper: wrapperOf(signedInClient()) },
    );
    await waitFor(() => expect(result.current.stats.data).toBeDefined());
    await waitFor(() => expect(result.current.me.data).toBeDefined());
    const { account } = mockState;
    expect(result.current.me.data).toEqual(account.me);
    await waitFor(() => expect(result.current.client.data).toEqual(account.client));
    await waitFor(() => expect(result.current.scopes.data).toEqual(account.scopes));
    expect(result.current.stats.data).toEqual(account.dashboard);
  });

  it('wait while no one is signed in instead of failing', async () => {
    const { result } = renderHook(() => ({ session: useSession(), me: useMe() }), {
      wrapper: wrapperOf(createPortalClient({ baseUrl })),
    });
    await waitFor(() => expect(result.current.session.status).toBe('signed-out'));
    expect(result.current.me.fetchStatus).toBe('idle');
    expect(result.current.me.error).toBeNull();
  });

  it('page through the invoices by cursor until the last page', async () => {
    const client = signedInClient();
    const all = (await client.invoices.list({ limit: 100 })).items.map((i) => i.id);
    expect(all.length).toBeGreaterThan(5);
    const { result } = renderHook(() => useInvoices({ limit: 5 }), { wrapper: wrapperOf(client) });
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(1));
    while (result.current.hasNextPage) {
      const pages = result.current.data?.pages.length ?? 0;
      await act(() => result.current.fetchNextPage());
      await waitFor(() => expect(result.current.data?.pages.length).toBe(pages + 1));
    }
    const paged = result.current.data?.pages.flatMap((page) => page.items.map((i) => i.id));
    expect(paged).toEqual(all);
  });

  it('list the sign-ins and end another one, which refreshes the list', async () => {
    const client = signedInClient();
    const email = mockState.account.me.email;
    // A second sign-in of the same user, elsewhere.
    const other = createPortalClient({ baseUrl });
    await other.auth.requestMagicLink({ email, tenantCode: DEMO_TENANT_CODE });
    await other.auth.verifyCode({ email, code: mailbox.codeFor(email), tenantCode: DEMO_TENANT_CODE });

    const { result } = renderHook(() => ({ list: useSignIns(), end: useEndSignIn() }), {
      wrapper: wrapperOf(client),
    });
    await waitFor(() => expect(result.current.list.data?.length).toBeGreaterThanOrEqual(2));
    const before = result.current.list.data?.length ?? 0;
    const notMine = result.current.list.data?.find((s) => !s.current);
    if (!notMine) throw new Error('no other sign-in listed');
    await act(() => result.current.end.mutateAsync(notMine.id));
    await waitFor(() => expect(result.current.list.data?.length).toBe(before - 1));
    await expect(other.me()).rejects.toMatchObject({ status: 401 });
  });

  it('ending the sign-in of this device is a logout', async () => {
    const { result } = renderHook(
      () => ({ session: useSession(), list: useSignIns(), end: useEndSignIn() }),
      { wrapper: wrapperOf(signedInClient()) },
    );
    await waitFor(() => expect(result.current.list.data).toBeDefined());
    const mine = result.current.list.data?.find((s) => s.current);
    if (!mine) throw new Error('this sign-in is not listed');
    await act(() => result.current.end.mutateAsync(mine.id));
    await waitFor(() =>
      expect(result.current.session).toMatchObject({ status: 'signed-out', reason: 'logout' }),
    );
  });
});

function Greeting() {
  const me = useMe();
  const session = useSession();
  return <p>{session.status === 'signed-in' ? `Hello ${me.data?.firstName ?? '…'}` : session.status}</p>;
}

describe('PortalProvider', () => {
  it('renders what is signed in, and forgets the user on logout', async () => {
    const client = signedInClient();
    render(<Greeting />, { wrapper: wrapperOf(client) });
    await screen.findByText(`Hello ${mockState.account.me.firstName}`);
    await act(() => client.auth.logout());
    await screen.findByText('signed-out');
  });
});
