import type { Schemas } from '@portal/contract';
import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { signIn } from '../support/auth-fixtures.js';
import { insertClient, insertTenant, insertUser, type UserRow } from '../support/fixtures.js';
import { sessionIdOf } from '../support/well-formed-requests.js';

// Object-level authorisation of the devices operations (OWASP API1): person A may neither list, end nor
// learn about person B's sign-ins, whether B is a colleague in the same tenant (the same client, or
// another) or someone of another tenant. B's ids are known to A here, as if they had leaked.
describe.each(databaseKinds())("another person's sign-ins on %s", (kind) => {
  let server: TestServer;
  let a: { user: UserRow; tokens: Schemas['AuthTokens'] };
  let others: { who: string; user: UserRow; tokens: Schemas['AuthTokens'] }[];

  beforeAll(async () => {
    server = await startTestServer(kind, { OUTBOX_WORKER: 'false', RATE_LIMIT_VALIDATE_IP: '1000/60' });
    const db = server.database.knex;
    const tenant = await insertTenant(db);
    const client = await insertClient(db, tenant);
    const userA = await insertUser(db, client);
    a = { user: userA, tokens: await signIn(server.url, db, userA) };
    const sameClient = await insertUser(db, client);
    const otherClient = await insertUser(db, await insertClient(db, tenant));
    // Another tenant, with the same email as A: nothing may be keyed by email alone.
    const elsewhere = await insertUser(db, await insertClient(db, await insertTenant(db)), {
      email: userA.email,
    });
    others = await Promise.all(
      [
        ['a colleague of the same client', sameClient],
        ['a user of another client of the tenant', otherClient],
        ['a user of another tenant with the same email', elsewhere],
      ].map(async ([who, user]) => ({
        who: who as string,
        user: user as UserRow,
        tokens: await signIn(server.url, db, user as UserRow),
      })),
    );
  });
  afterAll(() => server?.close());

  const me = (tokens: Schemas['AuthTokens']) =>
    callOperation(server.url, 'getMe', { accessToken: tokens.accessToken });

  it('lists only their own sign-in, and nothing of anyone else', async () => {
    const res = await callOperation(server.url, 'listSessions', { accessToken: a.tokens.accessToken });
    const text = await res.clone().text();
    const { items } = await readJson(res, 'listSessions', 200);
    expect(items.map((s) => s.id)).toEqual([sessionIdOf(a.tokens.accessToken)]);
    for (const other of others) {
      expect(text, other.who).not.toContain(sessionIdOf(other.tokens.accessToken));
      expect(text, other.who).not.toContain(other.user.id);
    }
  });

  it("answers another person's id as it answers an unknown one, and ends nothing", async () => {
    const unknown = await callOperation(server.url, 'endSession', {
      path: { sessionId: '00000000-0000-4000-8000-00000000000f' },
      accessToken: a.tokens.accessToken,
    });
    const unknownProblem = await readProblem(unknown);
    for (const other of others) {
      const res = await callOperation(server.url, 'endSession', {
        path: { sessionId: sessionIdOf(other.tokens.accessToken) },
        accessToken: a.tokens.accessToken,
      });
      expect(res.status, other.who).toBe(404);
      const { time: _t, requestId: _r, instance: _i, ...problem } = await readProblem(res);
      const { time: _t2, requestId: _r2, instance: _i2, ...expected } = unknownProblem;
      expect(problem, other.who).toEqual(expected);
      expect((await me(other.tokens)).status, other.who).toBe(200);
    }
  });

  it("logout with scope=others or global never reaches another person's sign-ins", async () => {
    const db = server.database.knex;
    for (const scope of ['others', 'global'] as const) {
      const tokens = await signIn(server.url, db, a.user);
      const res = await callOperation(server.url, 'logout', {
        query: { scope },
        body: { refreshToken: tokens.refreshToken },
        accessToken: tokens.accessToken,
      });
      expect(res.status).toBe(204);
    }
    for (const other of others) expect((await me(other.tokens)).status, other.who).toBe(200);
    const reasons = await db('sessions')
      .whereIn(
        'user_id',
        others.map((o) => o.user.id),
      )
      .whereNotNull('revoked_at')
      .count<{ count: string }[]>('* as count');
    expect(Number(reasons[0]?.count)).toBe(0);
  });
});
