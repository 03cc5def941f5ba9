import type { OperationFacts } from '@portal/contract';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ContractChecker } from './contract-checker.js';
import { normalizedAnswer } from './parity/normalized-answer.js';
import { describeRequest, requestArbitraries, sendGenerated } from './request-arbitraries.js';

export { PARITY_CASES, type ParityCase } from './parity/cases.js';
export { HEADERS_THAT_MATTER, type NormalizedAnswer, normalizedAnswer } from './parity/normalized-answer.js';

/** One side of a parity check: a backend's API and an access token of the same demo user there. */
export interface ParitySide {
  baseUrl: string;
  accessToken: string;
  /**
   * An access token of another demo user, for the operations that may end the caller's sign-ins
   * (`ENDS_SIGN_INS`): a generated `logout?scope=global` would otherwise end `accessToken`'s too.
   */
  endingAccessToken: string;
}

/** The operations whose well-formed requests may end the caller's own sign-ins. */
const ENDS_SIGN_INS: readonly string[] = ['logout', 'endSession'];

/**
 * The parity of two backends as a property: any request to `op` that the generators make, well-formed or
 * broken in one way, gets the same normalized answer from `reference` (the server) as from `candidate` (the
 * mocks), and each answer is one the contract declares. Fails with the smallest such request fast-check
 * finds, and its seed.
 */
export async function assertSameAnswers(
  op: OperationFacts,
  contract: ContractChecker,
  { reference, candidate }: { reference: ParitySide; candidate: ParitySide },
  { numRuns }: { numRuns: number },
): Promise<void> {
  const { valid, invalid } = requestArbitraries(op, contract);
  const property = fc.asyncProperty(fc.oneof(valid, invalid), async (request) => {
    const answers = [];
    for (const side of [reference, candidate]) {
      const token = ENDS_SIGN_INS.includes(op.id) ? side.endingAccessToken : side.accessToken;
      const res = await sendGenerated(side.baseUrl, op, request, token);
      const url = `${side.baseUrl}${request.path}${request.query}`;
      expect(await contract.checkResponse(op.method, url, res), describeRequest(request)).toEqual([]);
      answers.push(await normalizedAnswer(res));
    }
    expect(answers[1], describeRequest(request)).toEqual(answers[0]);
  });
  await fc.assert(property, { numRuns });
}
