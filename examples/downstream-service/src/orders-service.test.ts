import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerBackend, startServerBackend } from '@portal/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrdersService } from './orders-service.js';
import { createPortalTokenVerifier } from './portal-token-verifier.js';

// The downstream service against the real Portal server (ES256 keys, its JWKS over HTTP): it accepts
// Portal's access tokens with nothing but the public key set, and refuses everything else alike.
describe('a downstream service verifying Portal access tokens', () => {
  let portal: ServerBackend;
  let orders: ReturnType<typeof createOrdersService>;
  let ordersUrl: string;
  let tokens: { accessToken: string; refreshToken: string };

  beforeAll(async () => {
    portal = await startServerBackend();
    const verify = createPortalTokenVerifier({
      jwksUrl: `${portal.baseUrl}/.well-known/jwks.json`,
      issuer: 'portal',
      audience: 'portal-api',
    });
    orders = createOrdersService(verify);
    await new Promise<void>((resolve) => orders.listen(0, '127.0.0.1', resolve));
    ordersUrl = `http://127.0.0.1:${(orders.address() as AddressInfo).port}`;
    tokens = await signIn(portal.accounts.ada);
  });
  afterAll(async () => {
    orders?.close();
    await portal?.stop();
  });

  async function signIn(email: string) {
    const api = `${portal.baseUrl}/api/v1/portal`;
    const asked = await fetch(`${api}/auth/request-magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, tenantCode: portal.accounts.tenantCode }),
    });
    expect(asked.status).toBe(204);
    let token: string | undefined;
    for (let i = 0; i < 500 && !token; i++) {
      token = await portal.latestSignInToken(email);
      if (!token) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const validated = await fetch(`${api}/auth/validate?token=${token}`, { method: 'POST' });
    expect(validated.status).toBe(200);
    return (await validated.json()) as { accessToken: string; refreshToken: string };
  }
  const getOrders = (authorization?: string) =>
    fetch(`${ordersUrl}/orders`, { headers: authorization ? { authorization } : {} });

  it("accepts a Portal access token and knows the caller's tenant and client from it", async () => {
    const res = await getOrders(`Bearer ${tokens.accessToken}`);
    expect(res.status).toBe(200);
    const me = (await (
      await fetch(`${portal.baseUrl}/api/v1/portal/me`, {
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      })
    ).json()) as { id: string };
    const body = (await res.json()) as { tenantId: string; clientId: string };
    expect(body.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(me.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses no token, a tampered one, and one signed with HS256 keyed with the public key', async () => {
    const [header, payload, signature] = tokens.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
    const jwks = (await (await fetch(`${portal.baseUrl}/.well-known/jwks.json`)).json()) as {
      keys: object[];
    };
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${b64({ alg: 'HS256', kid })}.${payload}`;
    const confused = `${input}.${createHmac('sha256', JSON.stringify(jwks.keys[0])).update(input).digest('base64url')}`;
    for (const authorization of [
      undefined,
      'Bearer not-a-token',
      `Bearer ${header}.${b64({ ...claims, tid: '00000000-0000-4000-8000-000000000000' })}.${signature}`,
      `Bearer ${confused}`,
      `Bearer ${b64({ alg: 'none' })}.${payload}.`,
    ]) {
      expect((await getOrders(authorization)).status).toBe(401);
    }
  });

  it('does not see a logout before the token expires (why access tokens are kept short)', async () => {
    const signedIn = await signIn(portal.accounts.grace);
    const logout = await fetch(`${portal.baseUrl}/api/v1/portal/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${signedIn.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: signedIn.refreshToken }),
    });
    expect(logout.status).toBe(204);
    const portalSays = await fetch(`${portal.baseUrl}/api/v1/portal/me`, {
      headers: { authorization: `Bearer ${signedIn.accessToken}` },
    });
    expect(portalSays.status).toBe(401);
    expect((await getOrders(`Bearer ${signedIn.accessToken}`)).status).toBe(200);
  });
});
