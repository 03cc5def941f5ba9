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
// The code says which kind of token was refused: a link (ask for a new mail) or a typed code (check it).
const LINK_REFUSED = { ...REFUSED, code: 'code_expired_or_used' as const, instance: VALIDATE };
const CODE_REFUSED = { ...REFUSED, code: 'code_invalid' as const, instance: VERIFY_CODE };
/** Wrong codes allowed per sign-in mail, and code attempts per address (per 15 minutes): the defaults. */
const ATTEMPTS_PER_MAIL = 5;
const ATTEMPTS_PER_ADDRESS = 10;

/** What an answer tells a program: its status, code and detail, and whether it says when to retry. */
async function seen(res: Response): Promise<string> {
  const body = (await res.json()) as { code: string; detail: string };
  const detail = res.status === 429 ? 'retry-after' : body.detail;
  expect(res.headers.get('retry-after') !== null).toBe(res.status === 429);
  return `${res.status} ${body.code} ${detail}`;
}

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

      await expectProblem(await call('validateMagicLink', { query: { token } }), LINK_REFUSED);
      await expectProblem(await verify(accounts().ada, code), CODE_REFUSED);
    });

    it('using the link spends the code; a new mail voids the code of the previous one', async () => {
      const first = await requestSignInMail(backend(), accounts().charles);
      const second = await requestSignInMail(backend(), accounts().charles);
      await expectProblem(await verify(accounts().charles, first.code), CODE_REFUSED);
      expect((await call('validateMagicLink', { query: { token: second.token } })).status).toBe(200);
      await expectProblem(await verify(accounts().charles, second.code), CODE_REFUSED);
    });

    it(`after ${ATTEMPTS_PER_MAIL} wrong codes the mail's code and link are void`, async () => {
      const { token, code } = await requestSignInMail(backend(), accounts().grace);
      for (let i = 0; i < ATTEMPTS_PER_MAIL; i++) {
        await expectProblem(await verify(accounts().grace, otherThan(code)), CODE_REFUSED);
      }
      await expectProblem(await verify(accounts().grace, code), CODE_REFUSED);
      await expectProblem(await call('validateMagicLink', { query: { token } }), LINK_REFUSED);
    });

    it(`an unknown address is refused like a wrong code, and after ${ATTEMPTS_PER_ADDRESS} attempts gets 429`, async () => {
      const stranger = 'nobody-here@example.com';
      for (let i = 0; i < ATTEMPTS_PER_ADDRESS; i++) {
        await expectProblem(await verify(stranger, '2222-2222'), CODE_REFUSED);
      }
      const limited = await verify(` ${stranger.toUpperCase()} `, '2222-2222');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('no answer tells a registered address from an unknown one, before and after the attempt limit', async () => {
      // The same requests for a registered address with a live mail, and for an address nobody has.
      const answersFor = async (email: string) => {
        const answers: string[] = [];
        const asked = await call('requestMagicLink', { body: { email, tenantCode: accounts().tenantCode } });
        answers.push(`${asked.status} ${await asked.text()}`);
        for (let i = 0; i < ATTEMPTS_PER_ADDRESS + 2; i++)
          answers.push(await seen(await verify(email, '2222-2222')));
        return answers;
      };
      const registered = await answersFor(accounts().charles);
      const unknown = await answersFor('nobody-either@example.com');
      expect(new Set(registered)).toEqual(new Set(unknown));
      // Both reach the limit: the last answers are the 429 with its code and Retry-After, alike.
      expect(registered.at(-1)).toBe(unknown.at(-1));
      expect(unknown.at(-1)).toBe('429 rate_limited retry-after');
      expect(unknown).toContain('401 code_invalid The token is invalid or has expired.');
    });

    it('a code that does not have the shape of one is a 400, before any attempt is counted', async () => {
      const res = await verify(accounts().ada, '0000-OOOO');
      expect(res.status).toBe(400);
    });
  });
}
