import type { Schemas } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { insertMagicLink, signIn } from '../../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../../tests/support/fixtures.js';
import { hashToken } from '../../tokens/secret-token.js';

type Tokens = Schemas['AuthTokens'];

describe.each(databaseKinds())('the life of a sign-in on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_VALIDATE_IP: '1000/60',
      RATE_LIMIT_REFRESH_IP: '1000/60',
      SESSION_IDLE_TIMEOUT_SECONDS: '600',
    });
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;
  const refresh = (refreshToken: string) =>
    callOperation(server.url, 'refreshSession', { body: { refreshToken } });
  const pair = async (res: Response) => {
    expect(res.status).toBe(200);
    return (await res.json()) as Tokens;
  };
  const me = (tokens: Pick<Tokens, 'accessToken'>) =>
    callOperation(server.url, 'getMe', { accessToken: tokens.accessToken });
  const newSignIn = async () => {
    const { user } = await insertUserWithClient(db());
    const tokens = await signIn(server.url, db(), user);
    const session = await db()('sessions').where({ user_id: user.id }).first();
    return { user, tokens, session };
  };

  it('starts at validate, with the address and user agent it came from', async () => {
    const { user } = await insertUserWithClient(db());
    const token = await insertMagicLink(db(), user);
    await pair(
      await callOperation(server.url, 'validateMagicLink', {
        query: { token },
        headers: { 'user-agent': 'LifeTest/1.0' },
      }),
    );
    const session = await db()('sessions').where({ user_id: user.id }).first();
    expect(session).toMatchObject({
      tenant_id: user.tenant_id,
      created_user_agent: 'LifeTest/1.0',
      revoked_at: null,
    });
    expect(session.created_ip).toMatch(/127\.0\.0\.1/);
    const days = (session.expires_at.getTime() - session.created_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 3);
  });

  it('gives two honest refreshes of the same token the same new pair, and signs no one out', async () => {
    const { tokens, session } = await newSignIn();
    const [a, b] = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)]);
    const [first, second] = [await pair(a), await pair(b)];
    expect(second.refreshToken).toBe(first.refreshToken);
    expect((await me(second)).status).toBe(200);
    expect((await db()('sessions').where({ id: session.id }).first()).revoked_at).toBeNull();
    // The one successor goes on rotating as usual.
    expect((await refresh(first.refreshToken)).status).toBe(200);
  });

  it('within the grace period, follows rotations to the live token (a tab that refreshed twice meanwhile)', async () => {
    const { tokens } = await newSignIn();
    const second = await pair(await refresh(tokens.refreshToken));
    const third = await pair(await refresh(second.refreshToken));
    const late = await pair(await refresh(tokens.refreshToken));
    expect(late.refreshToken).toBe(third.refreshToken);
  });

  it('after the grace period, treats the rotated token as stolen and ends the sign-in', async () => {
    const { tokens, session } = await newSignIn();
    const next = await pair(await refresh(tokens.refreshToken));
    await db()('refresh_tokens')
      .where({ token_hash: hashToken(tokens.refreshToken) })
      .update({ rotated_at: new Date(Date.now() - 11_000) });
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
    expect((await refresh(next.refreshToken)).status).toBe(401);
    expect((await me(next)).status).toBe(401);
    expect((await db()('sessions').where({ id: session.id }).first()).revoked_reason).toBe('reuse');
  });

  it('ends at its absolute end, however recently refreshed; rotation never extends it', async () => {
    const { tokens, session } = await newSignIn();
    const next = await pair(await refresh(tokens.refreshToken));
    const after = await db()('sessions').where({ id: session.id }).first();
    expect(after.expires_at).toEqual(session.expires_at);
    const newest = await db()('refresh_tokens')
      .where({ family_id: session.id })
      .orderBy('created_at', 'desc')
      .first();
    expect(newest.expires_at.getTime()).toBeLessThanOrEqual(session.expires_at.getTime());

    await db()('sessions')
      .where({ id: session.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    expect((await me(next)).status).toBe(401);
    expect((await refresh(next.refreshToken)).status).toBe(401);
  });

  it('ends after the idle timeout without a refresh', async () => {
    const { tokens, session } = await newSignIn();
    await db()('sessions')
      .where({ id: session.id })
      .update({ last_used_at: new Date(Date.now() - 601_000) });
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
    const other = await newSignIn();
    await db()('sessions')
      .where({ id: other.session.id })
      .update({ last_used_at: new Date(Date.now() - 590_000) });
    expect((await refresh(other.tokens.refreshToken)).status).toBe(200);
    const touched = await db()('sessions').where({ id: other.session.id }).first();
    expect(Date.now() - touched.last_used_at.getTime()).toBeLessThan(60_000);
  });

  it.runIf(kind === 'pglite')('with no grace period, any second presentation ends the sign-in', async () => {
    const strict = await startTestServer('pglite', {
      OUTBOX_WORKER: 'false',
      REFRESH_TOKEN_GRACE_SECONDS: '0',
    });
    try {
      const { user } = await insertUserWithClient(strict.database.knex);
      const tokens = await signIn(strict.url, strict.database.knex, user);
      const retry = () =>
        callOperation(strict.url, 'refreshSession', { body: { refreshToken: tokens.refreshToken } });
      expect((await retry()).status).toBe(200);
      expect((await retry()).status).toBe(401);
      const stored = await strict.database
        .knex('refresh_tokens')
        .where({ user_id: user.id })
        .pluck('successor_sealed');
      expect(stored).toEqual([null, null]);
    } finally {
      await strict.close();
    }
  });
});
