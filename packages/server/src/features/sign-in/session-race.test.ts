import type { Schemas } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { signIn } from '../../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../../tests/support/fixtures.js';
import { hashToken } from '../../tokens/secret-token.js';

// Only PostgreSQL runs transactions concurrently; the embedded database runs one statement at a time.
describe.runIf(process.env.TEST_DATABASE_URL)('rotation racing reuse detection on PostgreSQL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('postgres', {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_VALIDATE_IP: '100000/60',
      RATE_LIMIT_REFRESH_IP: '100000/60',
      DB_POOL_MAX: '20',
    });
  });
  afterAll(() => server?.close());

  const refresh = (refreshToken: string) =>
    callOperation(server.url, 'refreshSession', { body: { refreshToken } });

  /**
   * A thief holds R2 (the live token) and the victim presents R1 (rotated a minute ago, so beyond any grace
   * period): the reuse must revoke the whole sign-in, whichever of the two requests the database serves
   * first. Returns whether a token of the family still refreshes afterwards.
   */
  async function raceOnce(): Promise<boolean> {
    const db = server.database.knex;
    const { user } = await insertUserWithClient(db);
    const r1 = (await signIn(server.url, db, user)).refreshToken;
    const r2 = ((await (await refresh(r1)).json()) as Schemas['AuthTokens']).refreshToken;
    await db('refresh_tokens')
      .where({ token_hash: hashToken(r1) })
      .update({ rotated_at: new Date(Date.now() - 60_000) });

    const [thief, victim] = await Promise.all([refresh(r2), refresh(r1)]);
    expect(victim.status).toBe(401);
    if (thief.status !== 200) return false;
    const r3 = ((await thief.json()) as Schemas['AuthTokens']).refreshToken;
    return (await refresh(r3)).status === 200;
  }

  it('leaves no branch of the family alive, however the rotation and the reuse interleave', async () => {
    let survivors = 0;
    for (let round = 0; round < 20; round++) {
      const results = await Promise.all(Array.from({ length: 5 }, raceOnce));
      survivors += results.filter(Boolean).length;
    }
    expect(survivors, 'families in which a token still refreshes after reuse was detected').toBe(0);
  });
});
