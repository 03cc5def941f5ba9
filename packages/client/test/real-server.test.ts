import { startTestServer, type TestServer } from '@portal/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalClient, PortalApiError, type PortalClient } from '../src/index.js';

// The SDK against the real server on an in-memory database: what it sends passes the server's request
// validation, and the server's problem answers become PortalApiErrors with every field.
let running: TestServer;
let portal: PortalClient;

beforeAll(async () => {
  running = await startTestServer();
  portal = createPortalClient({ baseUrl: running.url });
}, 60_000);

afterAll(async () => {
  await running?.close();
});

describe('the real server', () => {
  it('refuses a malformed email with a 400 whose field errors reach the PortalApiError', async () => {
    const error = await portal.auth
      .requestMagicLink({ email: 'not-an-email', tenantCode: 'demo' })
      .catch((e) => e);

    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(error.errors).toContainEqual(expect.objectContaining({ path: '/body/email' }));
    expect(Date.parse(error.time)).not.toBeNaN();
    expect(error.requestId).toBe(error.response.headers.get('X-Request-Id'));
  });

  it('answers a call without a session with a 401 problem, and the SDK does not try to refresh', async () => {
    const error = await portal.me().catch((e) => e);

    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(error.detail).toEqual(expect.any(String));
    expect(await portal.getSession()).toBeNull();
  });
});
