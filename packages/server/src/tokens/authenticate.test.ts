import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenFor, insertSession, insertUserWithClient } from '../tests/support/fixtures.js';
import { es256Key, settingsOf } from '../tests/support/signing-keys.js';
import { startTestApp, type TestApp } from '../tests/support/test-app.js';
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

const scopes = (accessToken: string) => callOperation(app.url, 'getScopes', { accessToken });

describe('the bearer check', () => {
  it('lets an active user of an active tenant in', async () => {
    const { user } = await insertUserWithClient(app.database.knex);
    const res = await scopes(await accessTokenFor(app.database.knex, app.accessTokens, user));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ configurator: true, finance: false, support: false });
  });

  it('refuses a deactivated user at once, with a token that has not expired', async () => {
    const { user } = await insertUserWithClient(app.database.knex);
    const token = await accessTokenFor(app.database.knex, app.accessTokens, user);
    await app.database.knex('portal_users').where({ id: user.id }).update({ active: false });
    const res = await scopes(token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('refuses every user of a deactivated tenant', async () => {
    const { tenant, user } = await insertUserWithClient(app.database.knex);
    const token = await accessTokenFor(app.database.knex, app.accessTokens, user);
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
      sessionId: await insertSession(app.database.knex, a.user),
    }).accessToken;
    expect((await scopes(forged)).status).toBe(401);
  });

  it('refuses an expired token and a token signed with another key', async () => {
    const { user } = await insertUserWithClient(app.database.knex);
    const sessionId = await insertSession(app.database.knex, user);
    const subject = { userId: user.id, tenantId: user.tenant_id, clientId: user.client_id, sessionId };
    const expired = signAccessToken(app.accessTokens, subject, new Date(Date.now() - 3600_000)).accessToken;
    expect((await scopes(expired)).status).toBe(401);
    // Another key under the very id of the server's current key: the signature decides, not the kid.
    const impostor = settingsOf([es256Key('current', app.accessTokens.keys.get().current.kid)]);
    expect((await scopes(signAccessToken(impostor, subject).accessToken)).status).toBe(401);
  });

  it('refuses a token whose session was revoked, has ended, or belongs to someone else', async () => {
    const db = app.database.knex;
    const { user } = await insertUserWithClient(db);
    const other = await insertUserWithClient(db);
    const tokenIn = async (sessionId: string) =>
      signAccessToken(app.accessTokens, {
        userId: user.id,
        tenantId: user.tenant_id,
        clientId: user.client_id,
        sessionId,
      }).accessToken;
    const live = await insertSession(db, user);
    expect((await scopes(await tokenIn(live))).status).toBe(200);

    const revoked = await insertSession(db, user);
    const revokedToken = await tokenIn(revoked);
    expect((await scopes(revokedToken)).status).toBe(200);
    await db('sessions').where({ id: revoked }).update({ revoked_at: new Date(), revoked_reason: 'logout' });
    expect((await scopes(revokedToken)).status).toBe(401);

    const ended = await insertSession(db, user, new Date(Date.now() - 1000));
    expect((await scopes(await tokenIn(ended))).status).toBe(401);
    const theirs = await insertSession(db, other.user);
    expect((await scopes(await tokenIn(theirs))).status).toBe(401);
    expect((await scopes(await tokenIn('00000000-0000-4000-8000-000000000000'))).status).toBe(401);
  });

  it('refuses a scheme other than Bearer with a challenge that names no error (RFC 6750, 3.1)', async () => {
    const res = await callOperation(app.url, 'getScopes', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portal"');
  });
});
