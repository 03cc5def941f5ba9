import { type Caller, callerFor } from '@portal/test-kit/call-operation';
import { createContractChecker } from '@portal/test-kit/contract-checker';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createMockServer, type MockServerOptions } from '../node.js';
import { mockState } from '../state/default-state.js';
import { MOCK_BACKEND_URL } from './mock-backend.js';

/** The base URL the package's own tests mock. */
export const TEST_BASE_URL = MOCK_BACKEND_URL;

export interface GuardedServer {
  server: SetupServer;
  /** `fetch` to the mocked API, for requests the contract's types cannot express: `api('/api/v1/portal/me', { headers })`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Typed calls of the mocked API's operations: `call('getMe', { accessToken })`. */
  call: Caller;
  /** How many responses the contract check saw so far in this file. */
  checked(): number;
}

/**
 * Starts the mock server for a test file with the contract check on: every response any test gets from the
 * mocks is checked against openapi/portal.yaml, and the test fails on the first violation. Unhandled requests
 * fail too; state and handlers are reset after each test.
 */
export function useGuardedMockServer(options: MockServerOptions = {}): GuardedServer {
  const state = options.state ?? mockState;
  const server = createMockServer({ baseUrl: TEST_BASE_URL, ...options });
  const contract = createContractChecker();
  const pending: Promise<string[]>[] = [];
  let checked = 0;

  server.events.on('response:mocked', ({ request, response }) => {
    checked += 1;
    pending.push(contract.checkResponse(request.method, request.url, response));
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    const violations = (await Promise.all(pending.splice(0))).flat();
    server.resetHandlers();
    state.reset();
    expect(violations, 'responses that break the contract').toEqual([]);
  });
  afterAll(() => server.close());

  return {
    server,
    api: (path, init) => fetch(`${TEST_BASE_URL}${path}`, init),
    call: callerFor(TEST_BASE_URL),
    checked: () => checked,
  };
}
