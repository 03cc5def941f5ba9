import type { Schemas } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { signIn } from '../../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../../tests/support/fixtures.js';
import { sessionIdOf } from '../../tests/support/well-formed-requests.js';

// Only PostgreSQL runs transactions concurrently; the embedded database runs one statement at a time.
describe.runIf(process.env.TEST_DATABASE_URL)('ending a sign-in racing its refresh on PostgreSQL', () => {
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
  const me = (accessToken: string) => callOperation(server.url, 'getMe', { accessToken });

  /**
   * One device ends another's sign-in (by id, or by logout with scope=others) while that device refreshes:
   * whichever the database serves first, nothing of the ended sign-in may work afterwards. Returns whether
   * a token of it still works.
   */
  async function raceOnce(round: number): Promise<boolean> {
    const db = server.database.knex;
    const { user } = await insertUserWithClient(db);
    const here = await signIn(server.url, db, user);
    const there = await signIn(server.url, db, user);
    const ending =
      round % 2 === 0
        ? callOperation(server.url, 'endSession', {
            path: { sessionId: sessionIdOf(there.accessToken) },
            accessToken: here.accessToken,
          })
        : callOperation(server.url, 'logout', {
            query: { scope: 'others' },
            body: { refreshToken: here.refreshToken },
            accessToken: here.accessToken,
          });
    const [ended, refreshed] = await Promise.all([ending, refresh(there.refreshToken)]);
    expect(ended.status).toBe(204);
    const tokens = refreshed.status === 200 ? ((await refreshed.json()) as Schemas['AuthTokens']) : undefined;
    const alive = [
      (await me(there.accessToken)).status === 200,
      (await refresh(there.refreshToken)).status === 200,
      tokens !== undefined && (await me(tokens.accessToken)).status === 200,
      tokens !== undefined && (await refresh(tokens.refreshToken)).status === 200,
    ];
    return alive.some(Boolean);
  }

  it('leaves no live token of the ended sign-in, however the end and the refresh interleave', async () => {
    let survivors = 0;
    for (let round = 0; round < 20; round++) {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => raceOnce(round * 5 + i)));
      survivors += results.filter(Boolean).length;
    }
    expect(survivors, 'ended sign-ins with a token that still works').toBe(0);
  });
});
