import type { Schemas } from '@portal/contract';
import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredTokens } from '../../jobs/purge-expired-tokens.js';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { insertMagicLink, signIn } from '../../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../../tests/support/fixtures.js';
import { verifyAccessToken } from '../../tokens/access-token.js';
import { hashToken } from '../../tokens/secret-token.js';

describe.each(databaseKinds())('refresh and logout on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind, {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_VALIDATE_IP: '1000/60',
      RATE_LIMIT_REFRESH_IP: '1000/60',
    });
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;
  const refresh = (refreshToken: string) =>
    callOperation(server.url, 'refreshSession', { body: { refreshToken } });
  const logout = (tokens: Pick<Schemas['AuthTokens'], 'accessToken'>, refreshToken: string) =>
    callOperation(server.url, 'logout', { body: { refreshToken }, accessToken: tokens.accessToken });
  const get = (tokens: Pick<Schemas['AuthTokens'], 'accessToken'>) =>
    callOperation(server.url, 'getMe', { accessToken: tokens.accessToken });
  // A rotated token presented again within the grace period gets its successor back: these tests present
  // it after that window, when presenting it again can only be a replay.
  const pastGrace = (refreshToken: string) =>
    db()('refresh_tokens')
      .where({ token_hash: hashToken(refreshToken) })
      .update({ rotated_at: new Date(Date.now() - 60_000) });
  const newSession = async () => {
    const { user } = await insertUserWithClient(db());
    return { user, tokens: await signIn(server.url, db(), user) };
  };

  it('rotates: a new pair comes back and the old refresh token stops working', async () => {
    const { user, tokens } = await newSession();
    const next = await readJson(await refresh(tokens.refreshToken), 'refreshSession', 200);
    expect(next).toMatchObject({ id: user.id, username: user.email });
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(verifyAccessToken(server.accessTokens, next.accessToken)?.userId).toBe(user.id);

    expect((await refresh(next.refreshToken)).status).toBe(200);
    const family = await db()('refresh_tokens').where({ user_id: user.id }).orderBy('created_at');
    expect(family).toHaveLength(3);
    expect(new Set(family.map((t) => t.family_id)).size).toBe(1);
    expect(family[1].parent_id).toBe(family[0].id);
  });

  it('revokes the whole sign-in when a rotated refresh token is presented again after the grace period', async () => {
    const { user, tokens } = await newSession();
    const other = await signIn(server.url, db(), user); // a second sign-in: another session
    const next = await readJson(await refresh(tokens.refreshToken), 'refreshSession', 200);
    await pastGrace(tokens.refreshToken);

    const replay = await refresh(tokens.refreshToken);
    expect(replay.status).toBe(401);
    expect((await refresh(next.refreshToken)).status).toBe(401); // the descendant is revoked too
    expect((await get(next)).status).toBe(401); // and so are its access tokens, at once
    expect((await refresh(other.refreshToken)).status).toBe(200); // the other sign-in is untouched
    expect(
      await db()('sessions').where({ user_id: user.id }).orderBy('created_at').pluck('revoked_reason'),
    ).toEqual(['reuse', null]);
  });

  it('refuses an expired, a revoked and an unknown refresh token with the same 401', async () => {
    const { user, tokens } = await newSession();
    const expired = await signIn(server.url, db(), user);
    await db()('refresh_tokens')
      .where({ token_hash: hashToken(expired.refreshToken) })
      .update({ expires_at: new Date(Date.now() - 1000) });
    expect((await logout(tokens, tokens.refreshToken)).status).toBe(204);
    const details = new Set<string>();
    for (const token of [expired.refreshToken, tokens.refreshToken, 'never-issued']) {
      const res = await refresh(token);
      expect(res.status).toBe(401);
      details.add((await readProblem(res)).detail);
    }
    expect(details.size).toBe(1);
  });

  it('refuses to refresh for a user deactivated since signing in', async () => {
    const { user, tokens } = await newSession();
    await db()('portal_users').where({ id: user.id }).update({ active: false });
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
  });

  it('logout ends the sign-in: every refresh token and access token of it stops working at once', async () => {
    const { tokens } = await newSession();
    const next = await readJson(await refresh(tokens.refreshToken), 'refreshSession', 200);
    expect((await get(next)).status).toBe(200);
    const res = await logout(next, tokens.refreshToken);
    expect(res.status).toBe(204);
    expect((await refresh(next.refreshToken)).status).toBe(401);
    expect((await get(next)).status).toBe(401);
    expect((await get(tokens)).status).toBe(401);
    // The access token no longer counts, so logging out again with it is refused like any stale token.
    expect((await logout(next, next.refreshToken)).status).toBe(401);
  });

  it("logout with another user's refresh token revokes nothing", async () => {
    const mine = await newSession();
    const theirs = await newSession();
    expect((await logout(mine.tokens, theirs.tokens.refreshToken)).status).toBe(204);
    expect((await refresh(theirs.tokens.refreshToken)).status).toBe(200);
  });

  it('logout needs an access token', async () => {
    const { tokens } = await newSession();
    const res = await callOperation(server.url, 'logout', { body: { refreshToken: tokens.refreshToken } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await refresh(tokens.refreshToken)).status).toBe(200);
  });

  it('purges tokens that expired more than a day ago, and no others', async () => {
    const { user } = await insertUserWithClient(db());
    const live = await signIn(server.url, db(), user);
    const old = await signIn(server.url, db(), user);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await db()('refresh_tokens')
      .where({ token_hash: hashToken(old.refreshToken) })
      .update({ expires_at: twoDaysAgo });
    await db()('magic_link_tokens').where({ user_id: user.id }).update({ expires_at: twoDaysAgo });
    await insertMagicLink(db(), user);

    await purgeExpiredTokens(db(), new Date());
    expect(await db()('magic_link_tokens').where({ user_id: user.id })).toHaveLength(1);
    expect(await db()('refresh_tokens').where({ token_hash: hashToken(old.refreshToken) })).toEqual([]);
    expect((await refresh(live.refreshToken)).status).toBe(200);
  });
});
