import { callOperation } from '@portal/test-kit/call-operation';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import { insertClient, insertTenant, insertUser } from '../support/fixtures.js';
import {
  type SmtpTestServer,
  startSmtpTestServer,
  tokenFromMail,
  unusedPort,
} from '../support/smtp-test-server.js';
import { waitFor } from '../support/wait-for.js';

// The real server with its in-process outbox worker, retrying quickly so that a fault of the mail server
// and its end fit in a test. The worker itself, on both databases, is in mail/outbox-worker.test.ts.
const OUTBOX = {
  OUTBOX_POLL_MS: '20',
  OUTBOX_RETRY_BASE_MS: '50',
  OUTBOX_RETRY_MAX_MS: '200',
  OUTBOX_MAX_ATTEMPTS: '100',
  RATE_LIMIT_MAGIC_LINK_IP: '1000/60',
  RATE_LIMIT_VALIDATE_IP: '1000/60',
};
const LINKS = 8;

describe(`while the mail server fails, on ${realDatabaseKind()}`, () => {
  // One server for both faults: its SMTP_URL names a port where the mail server is down at first, then up.
  let port: number;
  let server: TestServer;
  let smtp: SmtpTestServer | undefined;
  beforeAll(async () => {
    port = await unusedPort();
    server = await startTestServer(realDatabaseKind(), { ...OUTBOX, SMTP_URL: `smtp://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  /** Asks for a sign-in link for each of `LINKS` new users; every request must be answered 204 at once. */
  async function requestLinks(running: TestServer): Promise<string[]> {
    const db = running.database.knex;
    const tenant = await insertTenant(db);
    const client = await insertClient(db, tenant);
    const emails: string[] = [];
    for (let i = 0; i < LINKS; i++) {
      const user = await insertUser(db, client);
      const res = await callOperation(running.url, 'requestMagicLink', {
        body: {
          email: user.email,
          tenantCode: tenant.code,
        },
      });
      expect(res.status).toBe(204);
      emails.push(user.email);
    }
    return emails;
  }

  const outboxOf = (db: Knex, emails: string[]) =>
    db('mail_outbox').whereIn('to_address', emails).select('status', 'attempts', 'last_error');

  /** Every mail arrives exactly once, stays delivered, and its link signs in. */
  async function expectDeliveredOnce(running: TestServer, mails: SmtpTestServer, emails: string[]) {
    const db = running.database.knex;
    await waitFor('every mail to be sent', async () =>
      (await outboxOf(db, emails)).every((m) => m.status === 'sent'),
    );
    // A few more rounds of the worker: nothing is sent again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const received = mails.received.filter((m) => emails.includes(m.to));
    expect(received.map((m) => m.to).sort()).toEqual([...emails].sort());
    expect(new Set(received.map((m) => m.messageId)).size).toBe(LINKS);
    for (const mail of received)
      expect(
        (await callOperation(running.url, 'validateMagicLink', { query: { token: tokenFromMail(mail) } }))
          .status,
      ).toBe(200);
  }

  it('when it is down, links are still issued, mails wait in the outbox and are sent once it is back', async () => {
    expect(smtp).toBeUndefined();
    const emails = await requestLinks(server);
    const waiting = await waitFor('each mail to have failed twice', async () => {
      const rows = await outboxOf(server.database.knex, emails);
      return rows.length === LINKS && rows.every((m) => m.attempts >= 2) && rows;
    });
    for (const mail of waiting) {
      expect(mail.status).toBe('pending');
      expect(mail.last_error).toMatch(/ECONNREFUSED/);
    }

    smtp = await startSmtpTestServer(port);
    await expectDeliveredOnce(server, smtp, emails);
  });

  it('when it refuses mail (451 after the data), the mails are retried until accepted, each once', async () => {
    smtp ??= await startSmtpTestServer(port);
    const mails = smtp;
    const refusedBefore = mails.refused;
    mails.setRefusing(true);
    const emails = await requestLinks(server);

    // Refused twice as many times as there are mails, and each one at least once (the worker resolves a
    // request before its first attempt, so the first mails may be retried before the last is tried).
    await waitFor(
      'the mail server to refuse each mail twice',
      async () =>
        mails.refused - refusedBefore >= 2 * LINKS &&
        (await outboxOf(server.database.knex, emails)).every((row) => row.last_error !== null),
    );
    expect(mails.received.filter((m) => emails.includes(m.to))).toEqual([]);
    const rows = await outboxOf(server.database.knex, emails);
    expect(rows).toHaveLength(LINKS);
    for (const mail of rows) {
      expect(mail.status).toBe('pending');
      expect(mail.last_error).toMatch(/451/);
    }

    mails.setRefusing(false);
    await expectDeliveredOnce(server, mails, emails);
  });
});
