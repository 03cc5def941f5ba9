import type { Schemas } from '@portal/contract';
import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { insertMagicLink } from '../../tests/support/auth-fixtures.js';
import { insertUserWithClient, type UserRow } from '../../tests/support/fixtures.js';
import { sessionIdOf } from '../../tests/support/well-formed-requests.js';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

describe.each(databaseKinds())('your devices on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_VALIDATE_IP: '1000/60',
      RATE_LIMIT_REFRESH_IP: '1000/60',
      SESSION_MAX_PER_USER: '3',
      METRICS_PORT: '0',
    });
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;
  const signInWith = async (user: Pick<UserRow, 'id' | 'tenant_id'>, userAgent = FIREFOX_WINDOWS) => {
    const token = await insertMagicLink(db(), user);
    const res = await callOperation(server.url, 'validateMagicLink', {
      query: { token },
      headers: { 'user-agent': userAgent },
    });
    return readJson(res, 'validateMagicLink', 200);
  };
  const list = (tokens: Pick<Schemas['AuthTokens'], 'accessToken'>) =>
    callOperation(server.url, 'listSessions', { accessToken: tokens.accessToken });
  const end = (tokens: Pick<Schemas['AuthTokens'], 'accessToken'>, sessionId: string) =>
    callOperation(server.url, 'endSession', { path: { sessionId }, accessToken: tokens.accessToken });
  const me = (tokens: Pick<Schemas['AuthTokens'], 'accessToken'>) =>
    callOperation(server.url, 'getMe', { accessToken: tokens.accessToken });
  const refresh = (tokens: Pick<Schemas['AuthTokens'], 'refreshToken'>) =>
    callOperation(server.url, 'refreshSession', { body: { refreshToken: tokens.refreshToken } });
  const reasons = async (userId: string) =>
    db()('sessions').where({ user_id: userId }).orderBy('created_at').pluck('revoked_reason');
  const ended = async (tokens: Schemas['AuthTokens']) =>
    (await me(tokens)).status === 401 && (await refresh(tokens)).status === 401;

  it('lists the live sign-ins, most recently used first, with device, coarse network and the current one', async () => {
    const { user } = await insertUserWithClient(db());
    const phone = await signInWith(user, SAFARI_IPHONE);
    const laptop = await signInWith(user, FIREFOX_WINDOWS);
    const gone = await signInWith(user);
    expect(await end(laptop, sessionIdOf(gone.accessToken))).toHaveProperty('status', 204);
    // The phone refreshed last: it comes first.
    const phoneNow = await readJson(await refresh(phone), 'refreshSession', 200);

    const { items } = await readJson(await list(laptop), 'listSessions', 200);
    expect(items.map((s) => s.id)).toEqual([sessionIdOf(phone.accessToken), sessionIdOf(laptop.accessToken)]);
    expect(items[0]).toMatchObject({ device: 'Safari on iOS', network: '127.0.x.x', current: false });
    expect(items[1]).toMatchObject({ device: 'Firefox on Windows', network: '127.0.x.x', current: true });
    const row = await db()('sessions').where({ id: items[1]?.id }).first();
    expect(items[1]).toMatchObject({
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
    });
    const fromPhone = await readJson(await list(phoneNow), 'listSessions', 200);
    expect(fromPhone.items.map((s) => s.current)).toEqual([true, false]);
  });

  it('ends another sign-in by id: its access and refresh tokens stop at once, this one goes on', async () => {
    const { user } = await insertUserWithClient(db());
    const here = await signInWith(user);
    const there = await signInWith(user);
    expect((await me(there)).status).toBe(200);

    expect((await end(here, sessionIdOf(there.accessToken))).status).toBe(204);
    expect(await ended(there)).toBe(true);
    expect((await me(here)).status).toBe(200);
    expect(await reasons(user.id)).toEqual([null, 'signed_out_elsewhere']);
  });

  it('ending its own sign-in by id is a logout', async () => {
    const { user } = await insertUserWithClient(db());
    const here = await signInWith(user);
    expect((await end(here, sessionIdOf(here.accessToken))).status).toBe(204);
    expect(await ended(here)).toBe(true);
    expect(await reasons(user.id)).toEqual(['logout']);
  });

  it('answers the same 404 for an unknown id and an ended one, and ends nothing', async () => {
    const { user } = await insertUserWithClient(db());
    const here = await signInWith(user);
    const there = await signInWith(user);
    const thereId = sessionIdOf(there.accessToken);
    await end(here, thereId);
    const unknown = await end(here, '00000000-0000-4000-8000-000000000000');
    const again = await end(here, thereId);
    expect([unknown.status, again.status]).toEqual([404, 404]);
    expect((await readProblem(unknown)).detail).toBe((await readProblem(again)).detail);
    expect((await me(here)).status).toBe(200);
  });

  it('logout without a scope ends only the refresh token sign-in, as before', async () => {
    const { user } = await insertUserWithClient(db());
    const here = await signInWith(user);
    const there = await signInWith(user);
    const res = await callOperation(server.url, 'logout', {
      body: { refreshToken: here.refreshToken },
      accessToken: here.accessToken,
    });
    expect(res.status).toBe(204);
    expect(await ended(here)).toBe(true);
    expect((await me(there)).status).toBe(200);
  });

  it('logout with scope=others ends every other sign-in and keeps this one', async () => {
    const { user } = await insertUserWithClient(db());
    const here = await signInWith(user);
    const others = [await signInWith(user), await signInWith(user)];
    const res = await callOperation(server.url, 'logout', {
      query: { scope: 'others' },
      body: { refreshToken: here.refreshToken },
      accessToken: here.accessToken,
    });
    expect(res.status).toBe(204);
    for (const tokens of others) expect(await ended(tokens)).toBe(true);
    expect((await me(here)).status).toBe(200);
    expect((await refresh(here)).status).toBe(200);
    expect(await reasons(user.id)).toEqual([null, 'signed_out_elsewhere', 'signed_out_elsewhere']);
  });

  it('logout with scope=global ends every sign-in, this one included', async () => {
    const { user } = await insertUserWithClient(db());
    const here = await signInWith(user);
    const other = await signInWith(user);
    const res = await callOperation(server.url, 'logout', {
      query: { scope: 'global' },
      body: { refreshToken: here.refreshToken },
      accessToken: here.accessToken,
    });
    expect(res.status).toBe(204);
    expect(await ended(here)).toBe(true);
    expect(await ended(other)).toBe(true);
    expect(await reasons(user.id)).toEqual(['logout', 'signed_out_elsewhere']);
  });

  it('ends the least recently used sign-in when a new one goes over SESSION_MAX_PER_USER', async () => {
    const { user } = await insertUserWithClient(db());
    const oldest = await signInWith(user);
    const second = await signInWith(user);
    const third = await signInWith(user);
    // The oldest was refreshed since: the second is now the least recently used.
    const oldestNow = await readJson(await refresh(oldest), 'refreshSession', 200);
    const fourth = await signInWith(user);

    expect(await ended(second)).toBe(true);
    for (const tokens of [oldestNow, third, fourth]) expect((await me(tokens)).status).toBe(200);
    const { items } = await readJson(await list(fourth), 'listSessions', 200);
    expect(items).toHaveLength(3);
    expect(await reasons(user.id)).toEqual([null, 'cap', null, null]);
  });

  it('counts why sign-ins ended in the metrics, by bounded reasons', async () => {
    const count = async (reason: string) => {
      const text = await (await fetch(server.metricsUrl as string)).text();
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`portal_sessions_ended_total{reason="${reason}"}`));
      return Number(line?.split(' ')[1]);
    };
    const before = await count('signed_out_elsewhere');
    const { user } = await insertUserWithClient(db());
    const here = await signInWith(user);
    const there = await signInWith(user);
    await end(here, sessionIdOf(there.accessToken));
    expect(await count('signed_out_elsewhere')).toBe(before + 1);
  });

  describe('refuses bad input with a 400 problem with field errors, and changes nothing', () => {
    it('a malformed id', async () => {
      const { user } = await insertUserWithClient(db());
      const here = await signInWith(user);
      const res = await end(here, 'not-a-uuid');
      expect(res.status).toBe(400);
      expect((await readProblem(res)).errors?.[0]).toMatchObject({ path: '/params/sessionId' });
      expect(await reasons(user.id)).toEqual([null]);
    });

    it('an unknown logout scope', async () => {
      const { user } = await insertUserWithClient(db());
      const here = await signInWith(user);
      const other = await signInWith(user);
      const res = await fetch(`${server.url}/api/v1/portal/auth/logout?scope=everywhere`, {
        method: 'POST',
        headers: { authorization: `Bearer ${here.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: here.refreshToken }),
      });
      expect(res.status).toBe(400);
      expect((await readProblem(res)).errors?.[0]).toMatchObject({ path: '/query/scope' });
      expect((await me(here)).status).toBe(200);
      expect((await me(other)).status).toBe(200);
    });

    it('a body or a query parameter on the list', async () => {
      const { user } = await insertUserWithClient(db());
      const here = await signInWith(user);
      const control = await rawGet(`${server.url}/api/v1/portal/sessions`, here.accessToken, '');
      expect(control.status).toBe(200);
      const raw = await rawGet(`${server.url}/api/v1/portal/sessions`, here.accessToken, '{"all":true}');
      expect(raw.status).toBe(400);
      expect(JSON.parse(raw.body).errors?.[0]).toMatchObject({ path: '/body' });
      const query = await fetch(`${server.url}/api/v1/portal/sessions?userId=${user.id}`, {
        headers: { authorization: `Bearer ${here.accessToken}` },
      });
      expect(query.status).toBe(400);
      expect((await readProblem(query)).errors?.[0]).toMatchObject({ path: '/query/userId' });
      expect(await reasons(user.id)).toEqual([null]);
    });
  });
});

/** A GET with a body, which fetch refuses to send: through node:http. */
async function rawGet(url: string, accessToken: string, body: string) {
  const http = await import('node:http');
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers = {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    const req = http.request(new URL(url), { method: 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
