import { describe, expect, it } from 'vitest';
import { readJson } from '../call-operation.js';
import { requestSignInToken, signInByMail } from '../sign-in.js';
import { expectProblem } from './expect-problem.js';
import type { SuiteContext } from './suite-context.js';

const VALIDATE = '/api/v1/portal/auth/validate';
const REFRESH = '/api/v1/portal/auth/refresh';
// Every refused sign-in token looks alike: unknown, expired, used, rotated and revoked.
const TOKEN_REFUSED = { status: 401, detail: 'The token is invalid or has expired.' };
// An access token of a sign-in that ended: the bearer challenge of a presented, refused token.
const ACCESS_REFUSED = {
  status: 401,
  detail: 'The access token is invalid or has expired.',
  instance: '/api/v1/portal/me',
  headers: { 'www-authenticate': 'Bearer realm="portal", error="invalid_token"' },
};

/**
 * The sign-in rules: single-use links, rotation with its grace period, reuse detection and logout ending a
 * sign-in, refresh and access tokens alike (RFC 9700, 4.14).
 */
export function describeSessionRules({ backend, call }: SuiteContext): void {
  const signIn = (email: string) => signInByMail(backend(), email);
  const refresh = (refreshToken: string) => call('refreshSession', { body: { refreshToken } });
  const accounts = () => backend().accounts;

  describe('sessions', () => {
    it('a magic link signs its user in once: validating it again answers 401', async () => {
      const token = await requestSignInToken(backend(), accounts().ada);
      const tokens = await readJson(
        await call('validateMagicLink', { query: { token } }),
        'validateMagicLink',
        200,
      );
      expect(tokens.username).toBe(accounts().ada);
      const me = await readJson(await call('getMe', { accessToken: tokens.accessToken }), 'getMe', 200);
      expect(me).toMatchObject({ id: tokens.id, email: accounts().ada });

      const again = await call('validateMagicLink', { query: { token } });
      await expectProblem(again, {
        ...TOKEN_REFUSED,
        code: 'code_expired_or_used',
        instance: VALIDATE,
        headers: { 'www-authenticate': null },
      });
    });

    it('refresh rotates: a new pair comes back, the new refresh token rotates in turn, the old one is refused', async () => {
      const first = await signIn(accounts().ada);
      const second = await readJson(await refresh(first.refreshToken), 'refreshSession', 200);
      expect(second).toMatchObject({ id: first.id, username: accounts().ada });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);
      await readJson(await refresh(second.refreshToken), 'refreshSession', 200);
      await backend().pastGracePeriod(first.refreshToken);
      await expectProblem(await refresh(first.refreshToken), {
        ...TOKEN_REFUSED,
        code: 'session_ended',
        instance: REFRESH,
      });
    });

    it('a rotated refresh token presented again within the grace period gets the same successor, and signs no one out', async () => {
      const first = await signIn(accounts().ada);
      const next = await readJson(await refresh(first.refreshToken), 'refreshSession', 200);
      const again = await readJson(await refresh(first.refreshToken), 'refreshSession', 200);
      expect(again.refreshToken).toBe(next.refreshToken);
      expect((await call('getMe', { accessToken: again.accessToken })).status).toBe(200);
      expect((await call('getMe', { accessToken: next.accessToken })).status).toBe(200);
      await readJson(await refresh(next.refreshToken), 'refreshSession', 200);
    });

    it('a rotated refresh token presented again after the grace period ends its sign-in: refresh and access tokens, another sign-in not', async () => {
      const first = await signIn(accounts().ada);
      const other = await signIn(accounts().ada);
      const next = await readJson(await refresh(first.refreshToken), 'refreshSession', 200);
      await backend().pastGracePeriod(first.refreshToken);

      await expectProblem(await refresh(first.refreshToken), {
        ...TOKEN_REFUSED,
        code: 'session_ended',
        instance: REFRESH,
      });
      await expectProblem(await refresh(next.refreshToken), {
        ...TOKEN_REFUSED,
        code: 'session_ended',
        instance: REFRESH,
      });
      await expectProblem(await call('getMe', { accessToken: next.accessToken }), ACCESS_REFUSED);
      expect((await call('getMe', { accessToken: other.accessToken })).status).toBe(200);
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('logout ends the sign-in of its refresh token: its refresh and access tokens are refused at once', async () => {
      const first = await signIn(accounts().ada);
      const next = await readJson(await refresh(first.refreshToken), 'refreshSession', 200);
      const logout = () =>
        call('logout', { body: { refreshToken: first.refreshToken }, accessToken: next.accessToken });
      expect((await logout()).status).toBe(204);
      await expectProblem(await refresh(next.refreshToken), {
        ...TOKEN_REFUSED,
        code: 'session_ended',
        instance: REFRESH,
      });
      await expectProblem(await call('getMe', { accessToken: next.accessToken }), ACCESS_REFUSED);
      // The access token no longer counts: logging out again with it is refused like any stale token.
      await expectProblem(await logout(), { ...ACCESS_REFUSED, instance: '/api/v1/portal/auth/logout' });
    });

    it("logout with someone else's refresh token answers 204 and revokes nothing, of the same client or not", async () => {
      const ada = await signIn(accounts().ada);
      for (const email of [accounts().grace, accounts().charles]) {
        const theirs = await signIn(email);
        const res = await call('logout', {
          body: { refreshToken: theirs.refreshToken },
          accessToken: ada.accessToken,
        });
        expect(res.status).toBe(204);
        expect(await res.text()).toBe('');
        expect((await refresh(theirs.refreshToken)).status, email).toBe(200);
      }
    });
  });
}
