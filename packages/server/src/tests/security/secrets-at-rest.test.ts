import { callOperation, readJson } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import { hashToken } from '../../tokens/secret-token.js';
import { databaseText } from '../support/auth-fixtures.js';
import { insertUserWithClient } from '../support/fixtures.js';
import {
  type SmtpTestServer,
  startSmtpTestServer,
  tokenFromMail,
  unusedPort,
} from '../support/smtp-test-server.js';
import { waitFor } from '../support/wait-for.js';

// Someone who reads the database (a backup, a replica, an SQL injection elsewhere) must find no token
// that works: every table is read as text after each step of a whole session, from the link waiting in
// the outbox to logout, and searched for every secret the session was handed.
describe(`secrets at rest on ${realDatabaseKind()}`, () => {
  let port: number;
  let server: TestServer;
  let smtp: SmtpTestServer | undefined;

  beforeAll(async () => {
    port = await unusedPort(); // the mail server is down until the test starts it
    server = await startTestServer(realDatabaseKind(), {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      OUTBOX_POLL_MS: '20',
      OUTBOX_RETRY_BASE_MS: '50',
      OUTBOX_RETRY_MAX_MS: '100',
    });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  /** Every way a secret could sit in a table: as sent, and in the encodings a careless column would use. */
  const forms = (secret: string) => [
    secret,
    Buffer.from(secret).toString('hex'),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret, 'base64url').toString('hex'), // the token's raw bytes, as bytea would print them
  ];

  async function expectNoneStored(secrets: string[]) {
    const text = await databaseText(server.database.knex);
    expect(text.length).toBeGreaterThan(1000); // the dump did read the tables
    for (const secret of secrets) for (const form of forms(secret)) expect(text).not.toContain(form);
  }

  it('no magic-link, refresh or access token, nor a sign-in link, is ever stored in plaintext', async () => {
    const db = server.database.knex;
    const { tenant, user } = await insertUserWithClient(db);
    const asked = await callOperation(server.url, 'requestMagicLink', {
      body: {
        email: user.email,
        tenantCode: tenant.code,
      },
    });
    expect(asked.status).toBe(204);

    // The mail waits in the outbox while the mail server is down: sealed, the link nowhere in clear.
    await waitFor(
      'a failed delivery',
      async () => (await db('mail_outbox').where({ to_address: user.email }).first())?.attempts >= 1,
    );
    await expectNoneStored(['auth/magic', 'token=']);

    smtp = await startSmtpTestServer(port);
    const link = tokenFromMail(await smtp.waitForMailTo(user.email));
    await waitFor(
      'the mail to be marked sent',
      async () => (await db('mail_outbox').where({ to_address: user.email }).first())?.status === 'sent',
    );
    const signedIn = await readJson(
      await callOperation(server.url, 'validateMagicLink', { query: { token: link } }),
      'validateMagicLink',
      200,
    );
    const refreshed = await readJson(
      await callOperation(server.url, 'refreshSession', { body: { refreshToken: signedIn.refreshToken } }),
      'refreshSession',
      200,
    );
    const handed = [
      link,
      signedIn.refreshToken,
      signedIn.accessToken,
      refreshed.refreshToken,
      refreshed.accessToken,
    ];
    await expectNoneStored([...handed, 'auth/magic']);

    const loggedOut = await callOperation(server.url, 'logout', {
      body: { refreshToken: refreshed.refreshToken },
      accessToken: refreshed.accessToken,
    });
    expect(loggedOut.status).toBe(204);
    await expectNoneStored(handed);

    // What is stored instead: each token's SHA-256, which is how the server finds it again.
    expect(await db('magic_link_tokens').where({ token_hash: hashToken(link) })).toHaveLength(1);
    for (const token of [signedIn.refreshToken, refreshed.refreshToken]) {
      expect(await db('refresh_tokens').where({ token_hash: hashToken(token) })).toHaveLength(1);
    }
  });
});
