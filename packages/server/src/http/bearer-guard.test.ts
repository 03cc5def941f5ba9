import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { bearerGuard } from './bearer-guard.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('the bearer guard', () => {
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

  it('refuses to start on a security scheme it does not implement', () => {
    const spec = { openapi: '3.1.0', paths: { '/x': { get: { security: [{ apiKey: [] }] } } } };
    expect(() => bearerGuard(spec, async () => ({}) as never)).toThrow(/only the bearerAuth/);
  });
});
