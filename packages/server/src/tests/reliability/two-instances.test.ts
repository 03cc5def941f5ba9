import { callOperation, readJson } from '@portal/test-kit/call-operation';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatchedDatabase, type WatchedDatabase } from '../../testing/test-database.js';
import { insertMagicLink, signIn } from '../support/auth-fixtures.js';
import { type ClientRow, insertClient, insertTenant, insertUser } from '../support/fixtures.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { type SmtpTestServer, startSmtpTestServer, tokenFromMail } from '../support/smtp-test-server.js';
import { waitFor } from '../support/wait-for.js';

// Two processes of the built server on one PostgreSQL database, each with its own outbox worker, as a
// deployment behind a load balancer runs them. Whatever one does, the other must see and respect.
describe.runIf(process.env.TEST_DATABASE_URL)('two server processes on one database', () => {
  let database: WatchedDatabase;
  let direct: Knex;
  let smtp: SmtpTestServer;
  let a: ServerProcess;
  let b: ServerProcess;
  let tenantCode: string;
  let client: ClientRow;

  beforeAll(async () => {
    database = await createWatchedDatabase();
    direct = database.knex;
    const tenant = await insertTenant(direct);
    tenantCode = tenant.code;
    client = await insertClient(direct, tenant);
    // A mail server that takes its time, so that a worker is busy sending while the other claims mail.
    smtp = await startSmtpTestServer(0, { acceptDelayMs: 15 });
    const env = {
      ...database.env,
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: '20',
      RATE_LIMIT_MAGIC_LINK_EMAIL: '3/60',
      RATE_LIMIT_MAGIC_LINK_IP: '100000/60',
      RATE_LIMIT_VALIDATE_IP: '100000/60',
      RATE_LIMIT_REFRESH_IP: '100000/60',
    };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    a?.kill();
    b?.kill();
    await smtp?.close();
    await database?.drop();
  });

  const requestLink = (on: ServerProcess, email: string) =>
    callOperation(on.url, 'requestMagicLink', { body: { email, tenantCode } });

  it('a link requested on one validates on the other, once', async () => {
    for (const [asked, redeemed] of [
      [a, b],
      [b, a],
    ] as const) {
      const user = await insertUser(direct, client);
      expect((await requestLink(asked, user.email)).status).toBe(204);
      const token = tokenFromMail(await smtp.waitForMailTo(user.email));
      expect((await callOperation(redeemed.url, 'validateMagicLink', { query: { token } })).status).toBe(200);
      expect((await callOperation(asked.url, 'validateMagicLink', { query: { token } })).status).toBe(401);
    }
  });

  it('one magic-link token redeemed on both at once signs in exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const user = await insertUser(direct, client);
      const token = await insertMagicLink(direct, user);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          callOperation((i % 2 ? a : b).url, 'validateMagicLink', { query: { token } }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(401)]);
      expect(await direct('refresh_tokens').where({ user_id: user.id })).toHaveLength(1);
    }
  });

  it('one refresh token rotated on both at once makes exactly one successor, which every caller gets', async () => {
    for (let round = 0; round < 5; round++) {
      const user = await insertUser(direct, client);
      const tokens = await signIn(a.url, direct, user);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          callOperation((i % 2 ? a : b).url, 'refreshSession', {
            body: { refreshToken: tokens.refreshToken },
          }),
        ),
      );
      // Within the grace period the callers after the first get its answer again (the same refresh token).
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
      const pairs = await Promise.all(answers.map((r) => readJson(r, 'refreshSession', 200)));
      expect(new Set(pairs.map((p) => p.refreshToken)).size).toBe(1);
      expect(pairs.every((p) => p.id === user.id)).toBe(true);
      const rows = await direct('refresh_tokens').where({ user_id: user.id });
      expect(rows).toHaveLength(2);
      expect(rows.filter((r) => r.rotated_at === null)).toHaveLength(1);
    }
  });

  it('share their rate limits: the per-email limit counts requests to either', async () => {
    const user = await insertUser(direct, client);
    const statuses = [];
    for (const on of [a, b, a, b, a]) statuses.push((await requestLink(on, user.email)).status);
    expect(statuses).toEqual([204, 204, 204, 429, 429]);
  });

  it('their two outbox workers together send each mail exactly once', async () => {
    const users = [];
    for (let i = 0; i < 40; i++) users.push(await insertUser(direct, client));
    const answers = await Promise.all(users.map((u, i) => requestLink(i % 2 ? a : b, u.email)));
    expect(answers.every((r) => r.status === 204)).toBe(true);
    const emails = users.map((u) => u.email);
    const mails = await waitFor('every mail to be sent', async () => {
      const rows = await direct('mail_outbox').whereIn('to_address', emails).select('id', 'status');
      return rows.length === emails.length && rows.every((r) => r.status === 'sent') && rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // more rounds of both workers: nothing resent

    const received = smtp.received.filter((m) => emails.includes(m.to));
    expect(received.map((m) => m.to).sort()).toEqual([...emails].sort());
    const ids = new Set(mails.map((m) => m.id as string));
    const sentBy = (server: ServerProcess) =>
      server.logs.filter((l) => l.msg === 'mail sent' && ids.has(l.mailId as string)).length;
    expect(sentBy(a) + sentBy(b)).toBe(emails.length);
    // Both took part: the exactly-once above held while the two claimed mail side by side.
    expect(sentBy(a)).toBeGreaterThan(0);
    expect(sentBy(b)).toBeGreaterThan(0);
  });
});
