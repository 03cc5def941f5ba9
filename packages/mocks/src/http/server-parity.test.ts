import { operationList } from '@portal/contract';
import { type ServerBackend, startServerBackend } from '@portal/server/testing';
import { createContractChecker } from '@portal/test-kit/contract-checker';
import { assertSameAnswers, normalizedAnswer, PARITY_CASES, type ParitySide } from '@portal/test-kit/parity';
import { signInByMail } from '@portal/test-kit/sign-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockBackend, startMockBackend } from '../test-support/mock-backend.js';

// The mocks beside the real server (over an in-memory PGlite with the demo data), both asked the same
// requests: what the server answers, the mocks must answer too (status, the headers that matter, the
// problem body). The rules of sign-in they share are in the conformance suite, run against each.
const contract = createContractChecker();
// Generated requests per operation in every run; `PARITY_RUNS=1000` searches harder (about a minute).
const RUNS_PER_OPERATION = Number(process.env.PARITY_RUNS ?? 40);

let server: ServerBackend;
let mocks: MockBackend;
let sides: { reference: ParitySide; candidate: ParitySide };
beforeAll(async () => {
  [server, mocks] = await Promise.all([startServerBackend('pglite'), startMockBackend()]);
  const side = async (backend: ServerBackend | MockBackend): Promise<ParitySide> => ({
    baseUrl: backend.baseUrl,
    accessToken: (await signInByMail(backend, backend.accounts.ada)).accessToken,
    endingAccessToken: (await signInByMail(backend, backend.accounts.charles)).accessToken,
  });
  sides = { reference: await side(server), candidate: await side(mocks) };
});
afterAll(async () => {
  await mocks?.stop();
  await server?.stop();
});

describe('the mocks refuse malformed requests exactly as the server does', () => {
  it.each(PARITY_CASES)('$name', async ({ method, path, headers, body }) => {
    const answers = [];
    for (const backend of [server, mocks]) {
      const res = await fetch(`${backend.baseUrl}${path}`, { method, headers, body });
      expect(await contract.checkResponse(method, `${backend.baseUrl}${path}`, res)).toEqual([]);
      answers.push(await normalizedAnswer(res));
    }
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe('the mocks answer any generated request as the server does', () => {
  it.each(operationList.map((op) => [op.id, op] as const))('%s', async (_id, op) => {
    await assertSameAnswers(op, contract, sides, { numRuns: RUNS_PER_OPERATION });
  });
});
