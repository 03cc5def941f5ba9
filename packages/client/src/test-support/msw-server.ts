import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * The MSW server of the unit tests. Every test file that calls `useMswServer()` gets a server that
 * refuses unhandled requests and forgets the handlers a test added once that test ends.
 */
export const server = setupServer();

export function useMswServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}
