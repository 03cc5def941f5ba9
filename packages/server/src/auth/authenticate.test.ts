import { createSecretKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenFor, insertUserWithClient } from '../test-support/fixtures.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { signAccessToken } from './access-token.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    // Echoes who the bearer check says is asking.
    getScopes: async ({ principal }) => ({
      status: 200,
      body: { configurator: principal?.userId !== undefined, finance: false, support: false },
    }),
  });
});
afterAll(() => app.close());

const scopes = (token: string) =>
  fetch(`${app.url}/api/v1/portal/scopes`, { headers: { authorization: `Bearer ${token}` } });

describe('the bearer check', () => {
  it('lets an active user of an active tenant in', async () => {
    const { user } = await insertUserWithClient(app.database.knex);
    const res = await scopes(accessTokenFor(app.accessTokens, user));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ configurator: true, finance: false, support: false });
  });

  it('refuses a deactivated user at once, with a token that has not expired', async () => {
    const { user } = await insertUserWithClient(app.database.knex);
    const token = accessTokenFor(app.accessTokens, user);
    await app.database.knex('portal_users').where({ id: user.id }).update({ active: false });
    const res = await scopes(token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('refuses every user of a deactivated tenant', async () => {
    const { tenant, user } = await insertUserWithClient(app.database.knex);
    const token = accessTokenFor(app.accessTokens, user);
    await app.database.knex('tenants').where({ id: tenant.id }).update({ active: false });
    expect((await scopes(token)).status).toBe(401);
  });

  it('refuses a token whose client claim does not match the user', async () => {
    const a = await insertUserWithClient(app.database.knex);
    const b = await insertUserWithClient(app.database.knex);
    const forged = signAccessToken(app.accessTokens, {
      userId: a.user.id,
      tenantId: a.user.tenant_id,
      clientId: b.client.id,
    }).accessToken;
    expect((await scopes(forged)).status).toBe(401);
  });

  it('refuses an expired token and a token signed with another key', async () => {
    const { user } = await insertUserWithClient(app.database.knex);
    const subject = { userId: user.id, tenantId: user.tenant_id, clientId: user.client_id };
    const expired = signAccessToken(app.accessTokens, subject, new Date(Date.now() - 3600_000)).accessToken;
    expect((await scopes(expired)).status).toBe(401);
    const otherKey = { ...app.accessTokens, key: createSecretKey(Buffer.alloc(32, 7)) };
    expect((await scopes(signAccessToken(otherKey, subject).accessToken)).status).toBe(401);
  });

  it('refuses a scheme other than Bearer with a challenge that names no error (RFC 6750, 3.1)', async () => {
    const res = await fetch(`${app.url}/api/v1/portal/scopes`, {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portal"');
  });
});
