import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractOperation, loadContract } from '../test-support/contract.js';
import { accessTokenFor, insertUserWithClient, type UserRow } from '../test-support/fixtures.js';
import { type FuzzRequest, requestArbitraries } from '../test-support/request-arbitraries.js';
import { realDatabaseKind } from '../test-support/test-database.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { operationIdsOf } from '../test-support/well-formed-requests.js';

// Property-based tests derived from openapi/portal.yaml: for every operation, requests generated from its
// schemas, well-formed and broken in one way each (wrong types, missing or unknown fields, long strings,
// odd unicode, bad query strings, bad headers). Whatever comes in: no 5xx, every answer is one the
// contract declares for the operation (status, headers, media type, body schema), every error is a
// problem+json whose status is the answer's. A failure prints the request and fast-check's seed.
const contract = loadContract();
const RUNS = { valid: 40, invalid: 120 };

/** What a well-formed request gets: the tokens the fuzzer makes up are well-formed, but unknown. */
const WELL_FORMED_STATUS: Record<string, number> = {
  requestMagicLink: 204,
  validateMagicLink: 401,
  refreshSession: 401,
  logout: 204,
  getMe: 200,
  getClient: 200,
  getScopes: 200,
  getDashboardStats: 200,
};

describe(`the contract, fuzzed, on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let user: UserRow;
  const limit = '100000/60';

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_MAGIC_LINK_EMAIL: limit,
      RATE_LIMIT_MAGIC_LINK_IP: limit,
      RATE_LIMIT_VALIDATE_IP: limit,
      RATE_LIMIT_REFRESH_IP: limit,
    });
    ({ user } = await insertUserWithClient(server.database.knex));
  });
  afterAll(() => server?.close());

  it('covers every operation of the contract', () => {
    expect(contract.operations.map((op) => op.operationId).sort()).toEqual(operationIdsOf());
  });

  it('has an oracle that refuses what the contract does not declare', () => {
    const getMe = contract.operations.find((op) => op.operationId === 'getMe') as ContractOperation;
    const problem = (status: number) =>
      JSON.stringify({ title: 'x', detail: 'x', status, time: '2026-11-27T10:00:00Z' });
    const answer = (status: number, text: string, headers: Record<string, string> = {}) => ({
      status,
      text,
      headers: new Headers({ 'content-type': 'application/problem+json', ...headers }),
    });
    expect(contract.check(getMe, answer(401, problem(401), { 'www-authenticate': 'Bearer' }))).toEqual([]);
    expect(contract.check(getMe, answer(413, problem(413)))).toEqual(['status 413 is not declared']);
    expect(contract.check(getMe, answer(401, problem(401)))).toEqual(['header WWW-Authenticate missing']);
    expect(contract.check(getMe, answer(400, '{"detail":"x"}'))[0]).toMatch(
      /^body: .*must have required property/,
    );
    const me = { id: 'x', email: 'a@b.c' };
    expect(contract.check(getMe, { status: 200, text: JSON.stringify(me), headers: new Headers() })).toEqual([
      'media type "" is not declared',
    ]);
  });

  async function send(op: ContractOperation, request: FuzzRequest) {
    const res = await fetch(`${server.url}${op.path}${request.query}`, {
      method: op.method.toUpperCase(),
      headers: request.headers,
      ...(op.method === 'get' || request.body === undefined ? {} : { body: request.body }),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** The invariants of every answer, whatever the request. */
  function expectContractAnswer(
    op: ContractOperation,
    request: FuzzRequest,
    res: Awaited<ReturnType<typeof send>>,
  ) {
    const shown = { variant: request.variant, query: request.query.slice(0, 120), status: res.status };
    expect(res.status, JSON.stringify(shown)).toBeLessThan(500);
    expect(contract.check(op, res), JSON.stringify(shown)).toEqual([]);
    if (res.status >= 400) {
      expect(res.headers.get('content-type'), JSON.stringify(shown)).toMatch(/^application\/problem\+json/);
      expect((JSON.parse(res.text) as { status: number }).status).toBe(res.status);
    }
  }

  describe.each(contract.operations.map((op) => [op.operationId, op] as const))('%s', (operationId, op) => {
    const bearer = () => accessTokenFor(server.accessTokens, user);
    const arbitraries = requestArbitraries(op, bearer, (body) => contract.bodyValidator(op)(body) === true);

    it('answers well-formed requests as the contract says, and never as invalid', async () => {
      await fc.assert(
        fc.asyncProperty(arbitraries.valid, async (request) => {
          const res = await send(op, request);
          expectContractAnswer(op, request, res);
          expect(res.status, res.text).toBe(WELL_FORMED_STATUS[operationId]);
        }),
        { numRuns: RUNS.valid },
      );
    });

    it('answers broken requests with a problem the contract declares, never a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(arbitraries.invalid, async (request) => {
          expectContractAnswer(op, request, await send(op, request));
        }),
        { numRuns: RUNS.invalid },
      );
    });
  });
});
