import { callOperation, readJson, readProblem } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { databaseText, insertMagicLinkWithCode } from '../../tests/support/auth-fixtures.js';
import { insertUserWithClient, type TenantRow, type UserRow } from '../../tests/support/fixtures.js';
import {
  codeFromMail,
  type SmtpTestServer,
  startSmtpTestServer,
  tokenFromMail,
} from '../../tests/support/smtp-test-server.js';
import { verifyAccessToken } from '../../tokens/access-token.js';

const MAX_ATTEMPTS = 5;

describe.each(databaseKinds())('sign-in with the one-time code of the mail on %s', (kind) => {
  let server: TestServer;
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    server = await startTestServer(kind, {
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: '20',
      SIGN_IN_CODE_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      RATE_LIMIT_MAGIC_LINK_EMAIL: '1000/60',
      RATE_LIMIT_MAGIC_LINK_IP: '1000/60',
      RATE_LIMIT_VALIDATE_IP: '1000/60',
      RATE_LIMIT_VERIFY_CODE_IP: '1000/60',
      RATE_LIMIT_VERIFY_CODE_EMAIL: '1000/60',
    });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const db = () => server.database.knex;
  const verify = (email: string, tenantCode: string, code: string) =>
    callOperation(server.url, 'verifyCode', { body: { email, tenantCode, code } });
  const validate = (token: string) => callOperation(server.url, 'validateMagicLink', { query: { token } });
  const newUser = () => insertUserWithClient(db());
  const linkOf = (user: Pick<UserRow, 'id' | 'tenant_id'>, options = {}) =>
    insertMagicLinkWithCode(db(), server.signInCodeKey, user, options);
  /** A code of the same shape as `code`, but another. */
  const otherThan = (code: string) => (code.startsWith('2222') ? '3333-3333' : '2222-2222');

  async function expectRefused(res: Response) {
    expect(res.status).toBe(401);
    expect(await readProblem(res)).toMatchObject({ detail: 'The token is invalid or has expired.' });
  }

  it('mails a code beside the link, in text and HTML, that signs in as validate does and spends the link', async () => {
    const { tenant, user } = await newUser();
    const res = await callOperation(server.url, 'requestMagicLink', {
      body: { email: ` ${user.email.toUpperCase()} `, tenantCode: ` ${tenant.code.toUpperCase()} ` },
    });
    expect(res.status).toBe(204);
    const mail = await smtp.waitForMailTo(user.email);
    const code = codeFromMail(mail);
    expect(mail.text).toContain('enter this code');

    // As typed on another device: lower case, no hyphen, the address as the request had it.
    const typed = code.replace('-', '').toLowerCase();
    const signedIn = await verify(
      ` ${user.email.toUpperCase()} `,
      ` ${tenant.code.toUpperCase()}`,
      ` ${typed} `,
    );
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    const body = await readJson(signedIn, 'verifyCode', 200);
    expect(body).toEqual({
      accessToken: expect.any(String),
      accessExpiresUnix: expect.any(Number),
      refreshToken: expect.any(String),
      id: user.id,
      username: user.email,
    });
    const claims = verifyAccessToken(server.accessTokens, body.accessToken);
    expect(claims).toMatchObject({ userId: user.id, tenantId: tenant.id, clientId: user.client_id });
    expect(await db()('sessions').where({ id: claims?.sessionId }).first()).toBeDefined();

    await expectRefused(await validate(tokenFromMail(mail)));
    await expectRefused(await verify(user.email, tenant.code, code));
  });

  it('stores only a keyed hash of the code', async () => {
    const { tenant, user } = await newUser();
    await callOperation(server.url, 'requestMagicLink', {
      body: { email: user.email, tenantCode: tenant.code },
    });
    const code = codeFromMail(await smtp.waitForMailTo(user.email));
    const text = await databaseText(db());
    expect(text).not.toContain(code);
    expect(text).not.toContain(code.replace('-', ''));
  });

  it('refuses the code once the link was used', async () => {
    const { tenant, user } = await newUser();
    const { token, code } = await linkOf(user);
    expect((await validate(token)).status).toBe(200);
    await expectRefused(await verify(user.email, tenant.code, code));
  });

  it('refuses the code of an expired link', async () => {
    const { tenant, user } = await newUser();
    const { code } = await linkOf(user, { expiresAt: new Date(Date.now() - 1000) });
    await expectRefused(await verify(user.email, tenant.code, code));
  });

  it('counts only the latest mail: a new request voids the previous code, not the previous link', async () => {
    const { tenant, user } = await newUser();
    const first = await linkOf(user, { createdAt: new Date(Date.now() - 60_000) });
    const second = await linkOf(user);
    await expectRefused(await verify(user.email, tenant.code, first.code));
    expect((await verify(user.email, tenant.code, second.code)).status).toBe(200);
    expect((await validate(first.token)).status).toBe(200);
  });

  it(`voids the link and its code after ${MAX_ATTEMPTS} wrong codes`, async () => {
    const { tenant, user } = await newUser();
    const { token, code } = await linkOf(user);
    for (let i = 0; i < MAX_ATTEMPTS - 1; i++)
      await expectRefused(await verify(user.email, tenant.code, otherThan(code)));
    // One try left: the right code still works...
    const { user: other, tenant: otherTenant } = await newUser();
    const spare = await linkOf(other);
    for (let i = 0; i < MAX_ATTEMPTS - 1; i++)
      await expectRefused(await verify(other.email, otherTenant.code, otherThan(spare.code)));
    expect((await verify(other.email, otherTenant.code, spare.code)).status).toBe(200);
    // ...and after the last wrong one, neither the code nor the link does.
    await expectRefused(await verify(user.email, tenant.code, otherThan(code)));
    await expectRefused(await verify(user.email, tenant.code, code));
    await expectRefused(await validate(token));
  });

  it(`counts at most ${MAX_ATTEMPTS} of 20 wrong codes sent at once`, async () => {
    const { tenant, user } = await newUser();
    const { linkId, code } = await linkOf(user);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        verify(user.email, tenant.code, otherThan(code)).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(20).fill(401));
    const row = await db()('magic_link_tokens').where({ id: linkId }).first('code_attempts');
    expect(row.code_attempts).toBe(MAX_ATTEMPTS);
    await expectRefused(await verify(user.email, tenant.code, code));
  });

  it('lets exactly one of 20 concurrent right codes sign in', async () => {
    const { tenant, user } = await newUser();
    const { code } = await linkOf(user);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => verify(user.email, tenant.code, code).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(19);
  });

  it('answers an unknown email or tenant, and an inactive user, as a wrong code', async () => {
    const { tenant, user } = await newUser();
    const { code } = await linkOf(user);
    const inactive = await newUser();
    const inactiveLink = await linkOf(inactive.user);
    await db()('portal_users').where({ id: inactive.user.id }).update({ active: false });
    await expectRefused(await verify('nobody@example.com', tenant.code, code));
    await expectRefused(await verify(user.email, 'no-such-tenant', code));
    await expectRefused(
      await verify(inactive.user.email, (inactive.tenant as TenantRow).code, inactiveLink.code),
    );
    // Nothing of that touched the real link.
    expect((await verify(user.email, tenant.code, code)).status).toBe(200);
  });

  it('answers a tenant code or email holding NUL or a lone surrogate as unknown, not as an error', async () => {
    for (const tenantCode of ['a\u0000b', '\uD800x', 'x\uDC00']) {
      await expectRefused(await verify('ada@example.com', tenantCode, '2222-2222'));
    }
  });
});

describe('code attempts per address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_VERIFY_CODE_EMAIL: '3/900',
      RATE_LIMIT_VERIFY_CODE_IP: '1000/60',
    });
  });
  afterAll(() => server?.close());

  it('answers 429 with Retry-After over the limit, for registered and unknown addresses alike', async () => {
    const { tenant, user } = await insertUserWithClient(server.database.knex);
    for (const [email, tenantCode] of [
      [user.email, tenant.code],
      ['nobody@example.com', tenant.code],
    ] as const) {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await callOperation(server.url, 'verifyCode', {
          // The same address however it is typed.
          body: { email: i % 2 ? email.toUpperCase() : email, tenantCode, code: '2222-2222' },
        });
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    }
  });
});
