import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createMockServer, type MockServerOptions } from '../node.js';
import { mockState } from '../state/default-state.js';
import { createContractGuard } from './contract-guard.js';

/** The base URL the package's own tests mock; any origin works, this one is obviously not a real server. */
export const TEST_BASE_URL = 'http://portal.mock.test';

export interface GuardedServer {
  server: SetupServer;
  /** `fetch` to the mocked API: `api('/api/v1/portal/me', { headers })`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** How many responses the contract guard checked so far in this file. */
  checked(): number;
}

/**
 * Starts the mock server for a test file with the contract guard on: every response any test gets from the
 * mocks is checked against openapi/portal.yaml, and the test fails on the first violation. Unhandled requests
 * fail too, except to 127.0.0.1; state and handlers are reset after each test.
 */
export function useGuardedMockServer(options: MockServerOptions = {}): GuardedServer {
  const state = options.state ?? mockState;
  const server = createMockServer({ baseUrl: TEST_BASE_URL, ...options });
  const guard = createContractGuard();
  const pending: Promise<string[]>[] = [];
  let checked = 0;

  server.events.on('response:mocked', ({ request, response }) => {
    checked += 1;
    pending.push(guard({ method: request.method, url: request.url, response }));
  });
  beforeAll(() =>
    server.listen({
      // Loopback requests go to a real server (the parity tests); anything else unmocked is a failure.
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname !== '127.0.0.1') print.error();
      },
    }),
  );
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
    checked: () => checked,
  };
}
