import { type Backend, DEMO_ACCOUNTS } from '@portal/test-kit/backend';
import type { SetupServer } from 'msw/node';
import { createMockServer } from '../node.js';
import { MockState, subjectOf } from '../state/mock-state.js';

/** Where the mock backend answers: any origin works, this one is obviously not a real server. */
export const MOCK_BACKEND_URL = 'http://portal.mock.test';

export interface MockBackend extends Backend {
  state: MockState;
  server: SetupServer;
}

/**
 * The mocks as a backend of the test kit's conformance suite and parity checks: MSW in this process, over
 * state of their own with the demo accounts. Requests to 127.0.0.1 pass through to a real server; any other
 * request the mocks do not handle fails the test.
 */
export async function startMockBackend(): Promise<MockBackend> {
  // The mocks' default accounts are the server's demo data: Ada and Grace of one client, Charles of another.
  const state = new MockState();
  const server = createMockServer({ baseUrl: MOCK_BACKEND_URL, state });
  server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  });
  return {
    baseUrl: MOCK_BACKEND_URL,
    accounts: DEMO_ACCOUNTS,
    state,
    server,
    latestSignInToken: async (email) => state.mailbox.latest(email)?.token,
    latestSignInCode: async (email) => state.mailbox.latest(email)?.code,
    async expiredAccessToken(email) {
      const account = state.findAccount(email, DEMO_ACCOUNTS.tenantCode);
      if (!account) throw new Error(`no demo account ${email}`);
      // Issued longer ago than an access token lives.
      return state.sessions.issue(subjectOf(account), undefined, state.settings.accessTokenTtlSeconds + 60)
        .accessToken;
    },
    // The mocks' own clock: the grace period (and nothing else in this suite) is measured with it.
    pastGracePeriod: async () => state.clock.advance(state.settings.refreshGraceSeconds + 1),
    async setSections(sections) {
      for (const account of state.accounts) {
        if (account.tenantCode === DEMO_ACCOUNTS.tenantCode) account.scopes = { ...sections };
      }
    },
    stop: async () => server.close(),
  };
}
