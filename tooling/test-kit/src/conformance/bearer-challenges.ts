import { operationFacts, type ProblemCode } from '@portal/contract';
import { describe, it } from 'vitest';
import { requestOf } from '../call-operation.js';
import { wellFormedCalls } from '../well-formed-requests.js';
import { expectProblem } from './expect-problem.js';
import type { SuiteContext } from './suite-context.js';

// RFC 6750, 3.1: a request that lacks any authentication information gets a challenge without an error
// code; one that presents something in the Bearer scheme that is not a valid token gets invalid_token.
const NO_CREDENTIALS = {
  challenge: 'Bearer realm="portal"',
  detail: 'A valid access token is required.',
  code: 'token_required' as ProblemCode,
};
const INVALID_TOKEN = {
  challenge: 'Bearer realm="portal", error="invalid_token"',
  detail: 'The access token is invalid or has expired.',
  code: 'invalid_token' as ProblemCode,
};

// The protected operations, called well-formed but for their credentials: the bearer check refuses them
// before anything reads the (made-up) refresh token of logout.
const protectedCalls = wellFormedCalls({
  email: 'ada@example.com',
  tenantCode: 'demo',
  magicLinkToken: 'unused',
  signInCode: 'unused',
  refreshToken: 'unused',
  accessToken: 'replaced-by-each-case',
  logoutRefreshToken: 'not-checked-before-the-bearer',
  endSessionId: '00000000-0000-4000-8000-000000000004',
  documents: {
    invoiceId: '00000000-0000-4000-8000-000000000001',
    orderId: '00000000-0000-4000-8000-000000000002',
    estimateId: '00000000-0000-4000-8000-000000000003',
  },
  picture: {
    png: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    blobId: 'not-read-before-the-bearer',
    link: { expires: 0, user: '00000000-0000-4000-8000-000000000004', signature: 'x'.repeat(43) },
  },
}).filter((c) => operationFacts[c.operationId].bearer);

/** The 401 of every protected operation, with the exact challenge and detail for each way of failing. */
export function describeBearerChallenges({ backend, send }: SuiteContext): void {
  async function expectChallenge(authorization: string | undefined, expected: typeof NO_CREDENTIALS) {
    for (const call of protectedCalls) {
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
      await expectProblem(await send(call, { accessToken: undefined, headers }), {
        status: 401,
        detail: expected.detail,
        code: expected.code,
        // The path asked for, its parameters filled in.
        instance: new URL(requestOf('http://portal.test', call.operationId, call.options).url).pathname,
        headers: { 'www-authenticate': expected.challenge },
      });
    }
  }

  describe('the bearer challenge of every protected operation', () => {
    it.each([
      ['no Authorization header', undefined, NO_CREDENTIALS],
      ['`Authorization: Bearer` without a token', 'Bearer', NO_CREDENTIALS],
      ['another scheme (`Basic x`)', 'Basic x', NO_CREDENTIALS],
      ['`Bearer ` with something that is not a token', 'Bearer two words', INVALID_TOKEN],
      ['a garbage JWT', 'Bearer abc.def.ghi', INVALID_TOKEN],
    ] as const)('%s', async (_name, authorization, expected) => {
      await expectChallenge(authorization, expected);
    });

    it('an expired access token', async ({ skip }) => {
      const expire = backend().expiredAccessToken;
      if (!expire) return skip('this backend cannot make an expired token');
      await expectChallenge(`Bearer ${await expire(backend().accounts.ada)}`, INVALID_TOKEN);
    });
  });
}
