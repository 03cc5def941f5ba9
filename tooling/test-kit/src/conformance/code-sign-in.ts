import { describe, expect, it } from 'vitest';
import { readJson } from '../call-operation.js';
import { requestSignInMail } from '../sign-in.js';
import { expectProblem } from './expect-problem.js';
import type { SuiteContext } from './suite-context.js';

const VERIFY_CODE = '/api/v1/portal/auth/verify-code';
const VALIDATE = '/api/v1/portal/auth/validate';
// A wrong, expired, used or void code, and an unknown address, all look alike.
const REFUSED = {
  status: 401,
  detail: 'The token is invalid or has expired.',
  headers: { 'www-authenticate': null },
};
/** Wrong codes allowed per sign-in mail, and code attempts per address (per 15 minutes): the defaults. */
const ATTEMPTS_PER_MAIL = 5;
const ATTEMPTS_PER_ADDRESS = 10;

/** A code of the right shape that is not `code`. */
const otherThan = (code: string) => (code.startsWith('2222') ? '3333-3333' : '2222-2222');

/** Signing in with the one-time code of the mail, on another device than the one that reads the mail. */
export function describeCodeSignIn({ backend, call }: SuiteContext): void {
  const accounts = () => backend().accounts;
  const verify = (email: string, code: string, tenantCode = accounts().tenantCode) =>
    call('verifyCode', { body: { email, tenantCode, code } });

  describe('one-time codes', () => {
    it('the code of the mail signs in as the link does, and spends the link', async () => {
      const { token, code } = await requestSignInMail(backend(), accounts().ada);
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      const res = await verify(accounts().ada.toUpperCase(), code.replace('-', '').toLowerCase());
      expect(res.headers.get('cache-control')).toBe('no-store');
      const tokens = await readJson(res, 'verifyCode', 200);
      expect(tokens.username).toBe(accounts().ada);
      const me = await readJson(await call('getMe', { accessToken: tokens.accessToken }), 'getMe', 200);
      expect(me.email).toBe(accounts().ada);

      await expectProblem(await call('validateMagicLink', { query: { token } }), {
        ...REFUSED,
        instance: VALIDATE,
      });
      await expectProblem(await verify(accounts().ada, code), { ...REFUSED, instance: VERIFY_CODE });
    });

    it('using the link spends the code; a new mail voids the code of the previous one', async () => {
      const first = await requestSignInMail(backend(), accounts().charles);
      const second = await requestSignInMail(backend(), accounts().charles);
      await expectProblem(await verify(accounts().charles, first.code), {
        ...REFUSED,
        instance: VERIFY_CODE,
      });
      expect((await call('validateMagicLink', { query: { token: second.token } })).status).toBe(200);
      await expectProblem(await verify(accounts().charles, second.code), {
        ...REFUSED,
        instance: VERIFY_CODE,
      });
    });

    it(`after ${ATTEMPTS_PER_MAIL} wrong codes the mail's code and link are void`, async () => {
      const { token, code } = await requestSignInMail(backend(), accounts().grace);
      for (let i = 0; i < ATTEMPTS_PER_MAIL; i++) {
        await expectProblem(await verify(accounts().grace, otherThan(code)), {
          ...REFUSED,
          instance: VERIFY_CODE,
        });
      }
      await expectProblem(await verify(accounts().grace, code), { ...REFUSED, instance: VERIFY_CODE });
      await expectProblem(await call('validateMagicLink', { query: { token } }), {
        ...REFUSED,
        instance: VALIDATE,
      });
    });

    it(`an unknown address is refused like a wrong code, and after ${ATTEMPTS_PER_ADDRESS} attempts gets 429`, async () => {
      const stranger = 'nobody-here@example.com';
      for (let i = 0; i < ATTEMPTS_PER_ADDRESS; i++) {
        await expectProblem(await verify(stranger, '2222-2222'), { ...REFUSED, instance: VERIFY_CODE });
      }
      const limited = await verify(` ${stranger.toUpperCase()} `, '2222-2222');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('a code that does not have the shape of one is a 400, before any attempt is counted', async () => {
      const res = await verify(accounts().ada, '0000-OOOO');
      expect(res.status).toBe(400);
    });
  });
}
