import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../auth/access-token.js';
import { startTcpProxy } from '../test-support/tcp-proxy.js';
import { createTestDatabase, databaseKinds } from '../test-support/test-database.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

describe.each(databaseKinds())('probes on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  it('answers /healthz and /readyz while the database answers', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('when PostgreSQL goes away and comes back', () => {
  it('answers 503 with Retry-After on /readyz and the API, keeps /healthz up, and recovers without a restart', async () => {
    const target = new URL(process.env.TEST_DATABASE_URL as string);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const direct = await createTestDatabase('postgres');
    const viaProxy = new URL(direct.env.DATABASE_URL as string);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const server = await startTestServer('pglite', {
      DATABASE_URL: viaProxy.toString(),
      DB_STATEMENT_TIMEOUT_MS: '2000',
    });
    const token = signAccessToken(server.accessTokens, {
      userId: randomUUID(),
      tenantId: randomUUID(),
      clientId: randomUUID(),
    }).accessToken;
    const me = () =>
      fetch(`${server.url}/api/v1/portal/me`, { headers: { authorization: `Bearer ${token}` } });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await proxy.cut();

      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const api = await me();
      expect(api.status).toBe(503);
      expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(api.headers.get('retry-after')).toBe('5');

      await proxy.restore();
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await me()).status).toBe(401); // the database answers again: an unknown user, not an outage
    } finally {
      await server.close();
      await proxy.cut();
      await direct.drop();
    }
  });
});
