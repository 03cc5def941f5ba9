import { readJson } from '@portal/test-kit/call-operation';
import { PARAMETERLESS_READS } from '@portal/test-kit/parameterless-reads';
import { describe, expect, it } from 'vitest';
import { mailbox, mockState } from '../state/default-state.js';
import { decodeAccessToken } from '../state/tokens.js';
import { useGuardedMockServer } from '../test-support/guarded-server.js';

const { call } = useGuardedMockServer();

async function signIn(email = mockState.account.me.email, tenantCode = mockState.account.tenantCode) {
  const res = await call('requestMagicLink', { body: { email, tenantCode } });
  expect(res.status).toBe(204);
  return readJson(
    await call('validateMagicLink', { query: { token: mailbox.tokenFor(email) } }),
    'validateMagicLink',
    200,
  );
}

describe('request-magic-link', () => {
  it('answers 204 and puts a link with the token in the mailbox', async () => {
    const { email } = mockState.account.me;
    const res = await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const mail = mailbox.latest(email);
    expect(mail).toMatchObject({ to: email.toLowerCase(), tenantCode: 'demo' });
    expect(mail?.link).toBe(`http://localhost:5173/auth/magic#token=${mail?.token}`);
  });

  it('compares the email case-insensitively', async () => {
    const { email } = mockState.account.me;
    await call('requestMagicLink', { body: { email: email.toUpperCase(), tenantCode: 'demo' } });
    expect(mailbox.messages).toHaveLength(1);
  });

  it('answers 204 without a mail for an unknown email, another tenant or an inactive user', async () => {
    const inactive = mockState.addAccount({ active: false });
    for (const body of [
      { email: 'nobody@example.com', tenantCode: 'demo' },
      { email: mockState.account.me.email, tenantCode: 'other' },
      { email: inactive.me.email, tenantCode: 'demo' },
    ]) {
      expect((await call('requestMagicLink', { body: body })).status).toBe(204);
    }
    expect(mailbox.messages).toEqual([]);
  });
});

describe('validate', () => {
  it('issues tokens for the user, with an access token expiring after the configured lifetime', async () => {
    const before = Math.floor(Date.now() / 1000);
    const tokens = await signIn();
    expect(tokens).toMatchObject({ id: mockState.account.me.id, username: mockState.account.me.email });
    expect(tokens.accessExpiresUnix - before).toBeGreaterThanOrEqual(900);
    expect(tokens.accessExpiresUnix - before).toBeLessThanOrEqual(901);
    expect(decodeAccessToken(tokens.accessToken)?.exp).toBe(tokens.accessExpiresUnix);
    expect((await call('getMe', { accessToken: tokens.accessToken })).status).toBe(200);
  });

  it('when the token was already used, validate answers 401', async () => {
    await signIn();
    const res = await call('validateMagicLink', {
      query: { token: mailbox.tokenFor(mockState.account.me.email) },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: 'The token is invalid or has expired.' });
  });

  it('when the link is older than 15 minutes, validate answers 401', async () => {
    const { email } = mockState.account.me;
    await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
    mockState.clock.advance(15 * 60);
    expect((await call('validateMagicLink', { query: { token: mailbox.tokenFor(email) } })).status).toBe(401);
  });

  it('answers 401 for an unknown token and for a user deactivated after the mail', async () => {
    expect((await call('validateMagicLink', { query: { token: 'not-a-token' } })).status).toBe(401);
    const { email } = mockState.account.me;
    await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
    mockState.account.active = false;
    expect((await call('validateMagicLink', { query: { token: mailbox.tokenFor(email) } })).status).toBe(401);
  });
});

describe('refresh', () => {
  it('rotates: a new pair is issued and the presented refresh token stops working', async () => {
    const first = await signIn();
    const second = await readJson(
      await call('refreshSession', { body: { refreshToken: first.refreshToken } }),
      'refreshSession',
      200,
    );
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect((await call('getMe', { accessToken: second.accessToken })).status).toBe(200);
    const third = await readJson(
      await call('refreshSession', { body: { refreshToken: second.refreshToken } }),
      'refreshSession',
      200,
    );
    expect((await call('getMe', { accessToken: third.accessToken })).status).toBe(200);
  });

  it('when a rotated refresh token is presented again after the grace period, the whole sign-in ends', async () => {
    const first = await signIn();
    const second = await readJson(
      await call('refreshSession', { body: { refreshToken: first.refreshToken } }),
      'refreshSession',
      200,
    );
    mockState.clock.advance(11);
    const reuse = await call('refreshSession', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toMatchObject({ detail: 'The token is invalid or has expired.' });
    // The legitimate holder of the newest token must sign in again too (RFC 9700, 4.14.2), and its access
    // token is refused at once.
    expect((await call('refreshSession', { body: { refreshToken: second.refreshToken } })).status).toBe(401);
    expect((await call('getMe', { accessToken: second.accessToken })).status).toBe(401);
  });

  it('within the grace period, a rotated refresh token presented again gets the same successor', async () => {
    const first = await signIn();
    const refresh = async (refreshToken: string) =>
      readJson(await call('refreshSession', { body: { refreshToken } }), 'refreshSession', 200);
    const second = await refresh(first.refreshToken);
    const again = await refresh(first.refreshToken);
    expect(again.refreshToken).toBe(second.refreshToken);
    expect((await call('getMe', { accessToken: again.accessToken })).status).toBe(200);
    expect((await refresh(second.refreshToken)).refreshToken).not.toBe(second.refreshToken);
  });

  it('a revoked sign-in does not touch another sign-in of the same user', async () => {
    const a = await signIn();
    const b = await signIn();
    await call('refreshSession', { body: { refreshToken: a.refreshToken } });
    mockState.clock.advance(11);
    await call('refreshSession', { body: { refreshToken: a.refreshToken } });
    expect((await call('refreshSession', { body: { refreshToken: b.refreshToken } })).status).toBe(200);
    expect((await call('getMe', { accessToken: b.accessToken })).status).toBe(200);
  });

  it('answers 401 for an unknown or expired refresh token', async () => {
    expect((await call('refreshSession', { body: { refreshToken: 'unknown' } })).status).toBe(401);
    const tokens = await signIn();
    mockState.clock.advance(30 * 24 * 3600);
    expect((await call('refreshSession', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
  });
});

describe('logout', () => {
  it('ends the sign-in: its refresh and access tokens stop working at once, and answers 204', async () => {
    const tokens = await signIn();
    const res = await call('logout', {
      body: { refreshToken: tokens.refreshToken },
      accessToken: tokens.accessToken,
    });
    expect(res.status).toBe(204);
    expect((await call('refreshSession', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
    expect((await call('getMe', { accessToken: tokens.accessToken })).status).toBe(401);
  });

  it("answers 204 but revokes nothing when the refresh token is another user's", async () => {
    const other = mockState.addAccount();
    const mine = await signIn();
    const theirs = await signIn(other.me.email);
    const res = await call('logout', {
      body: { refreshToken: theirs.refreshToken },
      accessToken: mine.accessToken,
    });
    expect(res.status).toBe(204);
    expect((await call('refreshSession', { body: { refreshToken: theirs.refreshToken } })).status).toBe(200);
  });

  it('requires a valid access token', async () => {
    const res = await call('logout', { body: { refreshToken: 'x' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portal"');
  });
});

describe('the bearer check', () => {
  it('answers 401 problem+json with WWW-Authenticate on every protected operation without a token', async () => {
    for (const operation of PARAMETERLESS_READS) {
      const res = await call(operation);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portal"');
      expect(await res.json()).toMatchObject({ status: 401, detail: 'A valid access token is required.' });
    }
  });

  it('answers invalid_token for an altered, a foreign or an expired token', async () => {
    const { accessToken } = await signIn();
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const altered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    for (const token of [altered, 'abc.def.ghi']) {
      const res = await call('getMe', { accessToken: token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portal", error="invalid_token"');
    }
    mockState.clock.advance(900);
    const expired = await call('getMe', { accessToken: accessToken });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ detail: 'The access token is invalid or has expired.' });
  });

  it('refuses the token of a user deactivated since, at once', async () => {
    const { accessToken } = await signIn();
    mockState.account.active = false;
    expect((await call('getMe', { accessToken: accessToken })).status).toBe(401);
  });
});

describe('verify-code', () => {
  const verify = (email: string, code: string, tenantCode = 'demo') =>
    call('verifyCode', { body: { email, tenantCode, code } });

  it('signs in with mailbox.codeFor(email), typed in any case, and names the mailbox recipients when none', async () => {
    const { email } = mockState.account.me;
    expect(() => mailbox.codeFor(email)).toThrow(/No sign-in mail to .* \(mails sent to: none\)/);
    await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
    const code = mailbox.codeFor(email);
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const tokens = await readJson(await verify(email, code.toLowerCase()), 'verifyCode', 200);
    expect(decodeAccessToken(tokens.accessToken)?.sub).toBe(mockState.account.me.id);
    // The code spent the link.
    expect((await call('validateMagicLink', { query: { token: mailbox.tokenFor(email) } })).status).toBe(401);
  });

  it('answers a registered address past its attempt limit exactly as an unregistered one, 429 included', async () => {
    const { email } = mockState.account.me;
    mockState.reset({ settings: { signInCodeMaxAttempts: 2, codeAttemptsPerAddress: 4 } });
    await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
    const code = mailbox.codeFor(email);
    const wrong = code.startsWith('2') ? '3333-3333' : '2222-2222';
    const answer = async (res: Response) => ({
      status: res.status,
      headers: Object.fromEntries(
        [...res.headers].filter(([name]) => !['date', 'x-request-id'].includes(name)),
      ),
      body: (await res.text()).replace(/"(time|requestId)":"[^"]*"/g, ''),
    });
    // Two wrong codes use the mail up; then the right one, a wrong one, and the per-address limit.
    for (const attempt of [wrong, wrong, code, wrong, code]) {
      const known = await answer(await verify(email, attempt));
      const unknown = await answer(await verify('nobody@example.com', attempt));
      expect(unknown).toEqual(known);
    }
    expect((await verify(email, code)).status).toBe(429);
  });

  it('counts the attempts of the latest mail only, as the server does', async () => {
    const { email } = mockState.account.me;
    mockState.reset({ settings: { signInCodeMaxAttempts: 2 } });
    await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
    const code = mailbox.codeFor(email);
    const wrong = code.startsWith('2') ? '3333-3333' : '2222-2222';
    expect((await verify(email, wrong)).status).toBe(401);
    expect((await verify(email, wrong)).status).toBe(401);
    expect((await verify(email, code)).status).toBe(401);
    await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
    expect((await verify(email, mailbox.codeFor(email))).status).toBe(200);
  });
});
