import { createHash } from 'node:crypto';
import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { capturingLogger, databaseText, insertMagicLink } from '../../tests/support/auth-fixtures.js';
import {
  insertClient,
  insertTenant,
  insertUser,
  insertUserWithClient,
} from '../../tests/support/fixtures.js';
import {
  type SmtpTestServer,
  startSmtpTestServer,
  tokenFromMail,
} from '../../tests/support/smtp-test-server.js';
import { waitFor } from '../../tests/support/wait-for.js';
import { verifyAccessToken } from '../../tokens/access-token.js';

describe.each(databaseKinds())('sign-in with a magic link on %s', (kind) => {
  let server: TestServer;
  let smtp: SmtpTestServer;
  const log = capturingLogger();

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    server = await startTestServer(
      kind,
      {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Portal <portal@example.com>',
        PORTAL_URL: 'https://portal.example/',
        OUTBOX_POLL_MS: '20',
        RATE_LIMIT_MAGIC_LINK_EMAIL: '1000/60',
        RATE_LIMIT_MAGIC_LINK_IP: '1000/60',
        RATE_LIMIT_VALIDATE_IP: '1000/60',
      },
      { logger: log.logger },
    );
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const db = () => server.database.knex;
  const requestLink = (email: string, tenantCode: string, headers: Record<string, string> = {}) =>
    callOperation(server.url, 'requestMagicLink', { body: { email, tenantCode }, headers });
  const validate = (token: string) => callOperation(server.url, 'validateMagicLink', { query: { token } });
  /** The outbox worker writes the links and mails of the requests (request-magic-link only records them). */
  const requestsResolved = () =>
    waitFor('the sign-in requests resolved', async () => {
      const waiting = await db()('mail_outbox')
        .whereNotNull('sign_in_request')
        .count<{ n: number }[]>('* as n');
      return Number(waiting[0]?.n) === 0;
    });

  it('delivers a mail to the SMTP server whose link signs the user in', async () => {
    const tenant = await insertTenant(db(), { name: 'Acme & Sons' });
    const user = await insertUser(db(), await insertClient(db(), tenant), {
      email: 'Ada.Lovelace@example.com',
    });

    // As people type it on a phone: a space after the email, capitals, the tenant code padded too.
    const res = await requestLink(' ada.LOVELACE@Example.com ', ` ${tenant.code.toUpperCase()} `);
    expect(res.status).toBe(204);

    const mail = await smtp.waitForMailTo(user.email);
    expect(mail.subject).toContain('Acme & Sons');
    expect(mail.text).toContain('https://portal.example/auth/magic#token=');
    expect(mail.text).toMatch(/expire at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in 15 minutes\)/);
    expect(mail.html).toContain('Acme &amp; Sons');
    expect(mail.html).toContain(`href="https://portal.example/auth/magic#token=${tokenFromMail(mail)}"`);

    const body = await readJson(await validate(tokenFromMail(mail)), 'validateMagicLink', 200);
    expect(body).toEqual({
      accessToken: expect.any(String),
      accessExpiresUnix: expect.any(Number),
      refreshToken: expect.any(String),
      id: user.id,
      username: user.email,
    });
    expect(body.accessExpiresUnix - Date.now() / 1000).toBeGreaterThan(880);
    expect(verifyAccessToken(server.accessTokens, body.accessToken)).toMatchObject({
      userId: user.id,
      tenantId: tenant.id,
      clientId: user.client_id,
    });
  });

  it('answers alike whether or not the tenant or the user exists or is active', async () => {
    const { tenant, user } = await insertUserWithClient(db());
    const inactive = await insertUser(db(), { id: user.client_id, tenant_id: tenant.id }, { active: false });
    const closed = await insertUserWithClient(db());
    await db()('tenants').where({ id: closed.tenant.id }).update({ active: false });
    const outboxBefore = await db()('mail_outbox').count<{ count: number }[]>('* as count');

    const answers = [];
    for (const [email, code] of [
      [user.email, tenant.code],
      ['nobody@example.com', tenant.code],
      [user.email, 'no-such-tenant'],
      [inactive.email, tenant.code],
      [closed.user.email, closed.tenant.code],
    ] as const) {
      const res = await requestLink(email, code);
      const headers = Object.fromEntries(
        [...res.headers].filter(([name]) => !['date', 'x-request-id'].includes(name)),
      );
      answers.push({ status: res.status, body: await res.text(), headers });
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.status).toBe(204);

    // Only the active user of the active tenant got a link and a mail, once the worker resolved them.
    await requestsResolved();
    const tokens = await db()('magic_link_tokens').whereIn('user_id', [user.id, inactive.id, closed.user.id]);
    expect(tokens.map((t) => t.user_id)).toEqual([user.id]);
    const outboxAfter = await db()('mail_outbox').count<{ count: number }[]>('* as count');
    expect(Number(outboxAfter[0]?.count) - Number(outboxBefore[0]?.count)).toBe(1);
  });

  it('answers a tenant code holding a NUL or a lone surrogate (which PostgreSQL text cannot hold) like any unknown one', async () => {
    const { tenant, user } = await insertUserWithClient(db());
    // A lone surrogate reaches the server escaped in the JSON, as the fuzzer first sent it (`"\\udfff"`).
    for (const code of [`${tenant.code}\u0000`, `${tenant.code}\udfff`, `\ud800${tenant.code}`]) {
      const res = await requestLink(user.email, code);
      expect(res.status).toBe(204);
    }
    await requestsResolved();
    expect(await db()('magic_link_tokens').where({ user_id: user.id })).toEqual([]);
  });

  it('stores only the SHA-256 of the token, with its expiry, IP and user agent', async () => {
    const { user } = await insertUserWithClient(db());
    const tenantCode = (await db()('tenants').where({ id: user.tenant_id }).first()).code;
    await requestLink(user.email, tenantCode, { 'user-agent': 'MailTest/1.0' });
    const token = tokenFromMail(await smtp.waitForMailTo(user.email));

    const row = await db()('magic_link_tokens').where({ user_id: user.id }).first();
    expect(Buffer.from(row.token_hash).equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(new Date(row.expires_at).getTime() - Date.now()).toBeGreaterThan(880_000);
    expect(new Date(row.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    expect(row.request_ip).toMatch(/127\.0\.0\.1/);
    expect(row.user_agent).toBe('MailTest/1.0');
    expect(row.used_at).toBeNull();

    // Neither the token nor the link is anywhere in the database, the delivered mail included.
    const text = await databaseText(db());
    expect(text).toContain(row.tenant_id); // the dump does read the tables
    expect(text).not.toContain(token);
    expect(text).not.toContain('auth/magic');
  });

  it('writes the token and its mail together or not at all', async () => {
    const { tenant, user } = await insertUserWithClient(db());
    await db().raw(`CREATE FUNCTION refuse_mail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'outbox refused'; END $$`);
    await db().raw(
      'CREATE TRIGGER refuse_mail BEFORE INSERT ON mail_outbox FOR EACH ROW EXECUTE FUNCTION refuse_mail()',
    );
    try {
      expect((await requestLink(user.email, tenant.code)).status).toBe(500);
    } finally {
      await db().raw('DROP TRIGGER refuse_mail ON mail_outbox');
      await db().raw('DROP FUNCTION refuse_mail()');
    }
    expect(await db()('magic_link_tokens').where({ user_id: user.id })).toEqual([]);
  });

  it('of 20 concurrent validates of one token, exactly one succeeds', async () => {
    const { user } = await insertUserWithClient(db());
    const token = await insertMagicLink(db(), user);
    const answers = await Promise.all(Array.from({ length: 20 }, () => validate(token)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(401)]);
    expect(await db()('refresh_tokens').where({ user_id: user.id })).toHaveLength(1);
  });

  it('refuses a used, an expired and an unknown token with the same 401', async () => {
    const { user } = await insertUserWithClient(db());
    const used = await insertMagicLink(db(), user);
    expect((await validate(used)).status).toBe(200);
    const expired = await insertMagicLink(db(), user, new Date(Date.now() - 1000));

    const details = [];
    for (const token of [used, expired, 'not-a-token-we-issued']) {
      const res = await validate(token);
      expect(res.status).toBe(401);
      details.push((await readProblem(res)).detail);
    }
    expect(new Set(details).size).toBe(1);
  });

  it('refuses the link of a user deactivated after asking for it, without using it up', async () => {
    const { user } = await insertUserWithClient(db());
    const token = await insertMagicLink(db(), user);
    await db()('portal_users').where({ id: user.id }).update({ active: false });
    expect((await validate(token)).status).toBe(401);
    await db()('portal_users').where({ id: user.id }).update({ active: true });
    expect((await validate(token)).status).toBe(200);
  });

  it('keeps the token out of the request log', async () => {
    const token = 'secret-token-in-the-query';
    await validate(token);
    const logged = JSON.stringify(log.lines);
    expect(logged).toContain('/auth/validate?token=%5Bredacted%5D');
    expect(logged).not.toContain(token);
  });
});
