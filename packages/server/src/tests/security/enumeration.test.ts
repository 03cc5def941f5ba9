import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import { insertMagicLinkWithCode } from '../support/auth-fixtures.js';
import { insertUserWithClient } from '../support/fixtures.js';

// Can a stranger learn which emails are registered from request-magic-link? The plain case (known,
// unknown, inactive user, unknown or closed tenant: same status, headers and body) is proven in
// features/sign-in/sign-in.test.ts; here the same holds for a browser's request and over the limit.
const PORTAL = 'https://portal.example';

describe(`email enumeration on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let known: { email: string; tenantCode: string };

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), {
      PORTAL_URL: PORTAL,
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_MAGIC_LINK_EMAIL: '3/60',
      RATE_LIMIT_MAGIC_LINK_IP: '1000/60',
      RATE_LIMIT_VERIFY_CODE_EMAIL: '3/60',
      RATE_LIMIT_VERIFY_CODE_IP: '1000/60',
    });
    const { tenant, user } = await insertUserWithClient(server.database.knex);
    known = { email: user.email, tenantCode: tenant.code };
  });
  afterAll(() => server?.close());

  /** The answer, without what differs on every response anyway (date, request id, time in the body). */
  async function answerTo(email: string, tenantCode: string) {
    const res = await callOperation(server.url, 'requestMagicLink', {
      body: { email, tenantCode },
      headers: { origin: PORTAL, 'user-agent': 'Mozilla/5.0' },
    });
    return comparable(res);
  }

  /** The answer of verify-code, comparable as `answerTo`'s. */
  async function codeAnswerTo(email: string, tenantCode: string) {
    const res = await callOperation(server.url, 'verifyCode', {
      body: { email, tenantCode, code: '2222-2222' },
      headers: { origin: PORTAL, 'user-agent': 'Mozilla/5.0' },
    });
    return comparable(res);
  }

  async function comparable(res: Response) {
    const headers = Object.fromEntries(
      [...res.headers].filter(([name]) => !['date', 'x-request-id', 'content-length'].includes(name)),
    );
    const body = (await res.text()).replace(/"(time|requestId)":"[^"]*"/g, '"$1":"-"');
    return { status: res.status, headers, body };
  }

  it("answers a browser's request for a known and an unknown email alike, CORS headers included", async () => {
    const forKnown = await answerTo(known.email, known.tenantCode);
    const forUnknown = await answerTo(`nobody-${Date.now()}@example.com`, known.tenantCode);
    expect(forKnown.status).toBe(204);
    expect(forKnown.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(forUnknown).toEqual(forKnown);
  });

  it('limits known and unknown emails after the same number of requests, with the same 429', async () => {
    const { tenant, user } = await insertUserWithClient(server.database.knex);
    const unknown = `nobody-else-${Date.now()}@example.com`;
    const forKnown = [];
    const forUnknown = [];
    for (let i = 0; i < 5; i++) {
      forKnown.push(await answerTo(user.email, tenant.code));
      forUnknown.push(await answerTo(unknown, tenant.code));
    }
    expect(forKnown.map((a) => a.status)).toEqual([204, 204, 204, 429, 429]);
    for (let i = 0; i < 5; i++) {
      const k = forKnown[i] as Awaited<ReturnType<typeof answerTo>>;
      const u = forUnknown[i] as Awaited<ReturnType<typeof answerTo>>;
      // Both windows opened within the same moment; a second boundary between them may shift the wait by one.
      const waits = [k, u].map((a) => Number(a.headers['retry-after'] ?? 0));
      expect(Math.abs((waits[0] as number) - (waits[1] as number))).toBeLessThanOrEqual(1);
      const same = (a: typeof k) => ({
        ...a,
        headers: { ...a.headers, 'retry-after': undefined },
        body: a.body.replace(/\d+ seconds/, 'N seconds'),
      });
      expect(same(u)).toEqual(same(k));
    }
  });

  it('answers a wrong code for a known address as it answers any code for an unknown email or tenant, over the limit too', async () => {
    const { tenant, user } = await insertUserWithClient(server.database.knex);
    await insertMagicLinkWithCode(server.database.knex, server.signInCodeKey, user);
    const addresses = [
      [user.email, tenant.code],
      [`nobody-${Date.now()}@example.com`, tenant.code],
      [user.email, 'no-such-tenant'],
    ] as const;
    const answers = [];
    for (let i = 0; i < 4; i++) {
      for (const [email, tenantCode] of addresses)
        answers.push({ i, answer: await codeAnswerTo(email, tenantCode) });
    }
    for (let i = 0; i < 4; i++) {
      const round = answers
        .filter((a) => a.i === i)
        .map(({ answer }) => ({
          ...answer,
          headers: { ...answer.headers, 'retry-after': answer.headers['retry-after'] ? 'N' : undefined },
          body: answer.body.replace(/\d+ seconds/, 'N seconds'),
        }));
      expect(round[0]?.status).toBe(i < 3 ? 401 : 429);
      expect(round[1]).toEqual(round[0]);
      expect(round[2]).toEqual(round[0]);
    }
  });
});

describe(`one-time codes past the attempt limit on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), {
      OUTBOX_WORKER: 'false',
      SIGN_IN_CODE_MAX_ATTEMPTS: '2',
      RATE_LIMIT_VERIFY_CODE_EMAIL: '5/60',
      RATE_LIMIT_VERIFY_CODE_IP: '1000/60',
    });
  });
  afterAll(() => server?.close());

  it('answers a registered address whose mail is used up exactly as an unregistered one, through to the 429', async () => {
    const { tenant, user } = await insertUserWithClient(server.database.knex);
    const { code } = await insertMagicLinkWithCode(server.database.knex, server.signInCodeKey, user);
    const wrong = code.startsWith('2') ? '3333-3333' : '2222-2222';
    const answer = async (email: string, attempt: string) => {
      const res = await callOperation(server.url, 'verifyCode', {
        body: { email, tenantCode: tenant.code, code: attempt },
      });
      const headers = Object.fromEntries(
        [...res.headers].filter(([name]) => !['date', 'x-request-id', 'content-length'].includes(name)),
      );
      const body = (await res.text()).replace(/"(time|requestId)":"[^"]*"/g, '"$1":"-"');
      return { status: res.status, headers, body };
    };
    const unknown = `nobody-${Date.now()}@example.com`;
    // Two wrong codes use the mail up; then its right code, a wrong one, and over the per-address limit.
    const attempts = [wrong, wrong, code, wrong, code, code];
    const statuses = [];
    for (const attempt of attempts) {
      const known = await answer(user.email, attempt);
      const stranger = await answer(unknown, attempt);
      // Both windows opened within the same moment; a second boundary between them may shift the wait by one.
      const waits = [known, stranger].map((a) => Number(a.headers['retry-after'] ?? 0));
      expect(Math.abs((waits[0] as number) - (waits[1] as number))).toBeLessThanOrEqual(1);
      const same = (a: typeof known) => ({
        ...a,
        headers: { ...a.headers, 'retry-after': a.headers['retry-after'] ? 'N' : undefined },
        body: a.body.replace(/\d+ seconds/, 'N seconds'),
      });
      expect(same(stranger)).toEqual(same(known));
      statuses.push(known.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
