import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../tests/support/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

// Paths cased and slashed unlike the contract, and a body it refuses: sent raw, past the typed calls.
describe('the bearer check', () => {
  it('guards a protected operation however its path is cased or slashed', async () => {
    const paths = ['/api/v1/portal/me', '/api/v1/portal/me/', '/API/V1/Portal/Me', '/api/v1/portal//me'];
    const statuses = await Promise.all(paths.map(async (p) => (await fetch(`${app.url}${p}`)).status));
    // `//me` is no path of the contract: neither Express nor the validator routes it anywhere.
    expect(statuses).toEqual([401, 401, 401, 404]);
  });

  it('leaves the operations the contract opens to anyone alone', async () => {
    const res = await fetch(`${app.url}/api/v1/portal/auth/request-magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
  });
});
