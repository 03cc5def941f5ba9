import { type OperationFacts, operationList } from '@portal/contract';
import { createContractChecker } from '@portal/test-kit/contract-checker';
import { readContractDocument } from '@portal/test-kit/contract-document';
import {
  describeRequest,
  type GeneratedRequest,
  requestArbitraries,
  sendGenerated,
} from '@portal/test-kit/request-arbitraries';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenFor, insertUserWithClient, type UserRow } from '../test-support/fixtures.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { realDatabaseKind } from '../testing/test-database.js';

// Property-based tests derived from openapi/portal.yaml: for every operation, requests generated from its
// schemas, well-formed and broken in one way each (wrong types, missing or unknown fields, long strings,
// odd unicode, bad query strings, bad headers). Whatever comes in: no 5xx, every answer is one the
// contract declares for the operation (status, headers, media type, body schema), every error is a
// problem+json whose status is the answer's. A failure prints the request and fast-check's seed. The
// generators and the contract checker are @portal/test-kit's; the requests are malformed on purpose, so
// they are sent as generated, not through the typed calls.
const contract = createContractChecker();
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
  getJwks: 200,
};

describe(`the contract, fuzzed, on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let user: UserRow;
  let token: string;
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
    token = await accessTokenFor(server.database.knex, server.accessTokens, user);
  });
  afterAll(() => server?.close());

  it('covers every operation of openapi/portal.yaml', () => {
    const inTheYaml = Object.values(readContractDocument().paths ?? {}).flatMap((item) =>
      Object.values(item).map((op) => (op as { operationId?: string }).operationId),
    );
    expect(operationList.map((op) => op.id).sort()).toEqual(inTheYaml.sort());
  });

  async function send(op: OperationFacts, request: GeneratedRequest) {
    const res = await sendGenerated(server.url, op, request, token);
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** The invariants of every answer, whatever the request. */
  function expectContractAnswer(
    op: OperationFacts,
    request: GeneratedRequest,
    res: Awaited<ReturnType<typeof send>>,
  ) {
    const shown = `${describeRequest(request)} -> ${res.status}`;
    expect(res.status, shown).toBeLessThan(500);
    expect(contract.check(op.method, `${server.url}${op.path}${request.query}`, res), shown).toEqual([]);
    if (res.status >= 400) {
      expect(res.headers.get('content-type'), shown).toMatch(/^application\/problem\+json/);
      expect((JSON.parse(res.text) as { status: number }).status).toBe(res.status);
    }
  }

  describe.each(operationList.map((op) => [op.id, op] as const))('%s', (operationId, op) => {
    const arbitraries = requestArbitraries(op, contract);

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
