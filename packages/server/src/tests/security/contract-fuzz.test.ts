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
import { loadConfig } from '../../config/config.js';
import { signInAddress } from '../../features/sign-in/sign-in-address.js';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import { accessTokenFor, insertUserWithClient, type UserRow } from '../support/fixtures.js';

// Property-based tests derived from openapi/portal.yaml: for every operation, requests generated from its
// schemas, well-formed and broken in one way each (wrong types, missing or unknown fields, long strings,
// odd unicode, bad query strings, bad headers). Whatever comes in: no 5xx, every answer is one the
// contract declares for the operation (status, headers, media type, body schema), every error is a
// problem+json whose status is the answer's. A failure prints the request and fast-check's seed. The
// generators and the contract checker are @portal/test-kit's; the requests are malformed on purpose, so
// they are sent as generated, not through the typed calls.
const contract = createContractChecker();
const RUNS = { valid: 40, invalid: 120 };

// Code attempts stay limited per address, as configured by default: the generated emails repeat (fast-check
// favours short ones), so the oracle counts attempts per address the way the server does.
const CODE_ATTEMPTS_PER_ADDRESS = loadConfig({}).rateLimits.verifyCodePerEmail.points;

/** What a well-formed request gets: the tokens the fuzzer makes up are well-formed, but unknown. */
const WELL_FORMED_STATUS: Record<string, number> = {
  requestMagicLink: 204,
  validateMagicLink: 401,
  verifyCode: 401, // a made-up code; 429 once the address has used its attempts (expectedStatus)
  refreshSession: 401,
  logout: 204,
  listSessions: 200,
  // A made-up id is nobody's sign-in, or someone else's: 404 alike.
  endSession: 404,
  getMe: 200,
  getClient: 200,
  getScopes: 200,
  getDashboardStats: 200,
  // Every parameter of a list is sent, so a well-formed request carries a made-up cursor: not one of ours.
  listInvoices: 400,
  listOrders: 400,
  listEstimates: 400,
  // A made-up id is nobody's record, or someone else's: 404 alike.
  getInvoice: 404,
  getOrder: 404,
  getEstimate: 404,
  getJwks: 200,
  setMyAvatar: 200,
  removeMyAvatar: 204,
  // A made-up blob id is no picture the user may see; a made-up signature is not one of ours.
  getBlobUrl: 404,
  getBlob: 403,
};

describe(`the contract, fuzzed, on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let user: UserRow;
  let token: string;
  let loggingOut: UserRow;
  const limit = '100000/60';

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_MAGIC_LINK_EMAIL: limit,
      RATE_LIMIT_MAGIC_LINK_IP: limit,
      RATE_LIMIT_VALIDATE_IP: limit,
      RATE_LIMIT_VERIFY_CODE_IP: limit,
      RATE_LIMIT_REFRESH_IP: limit,
      RATE_LIMIT_AVATAR_USER: limit,
    });
    ({ user } = await insertUserWithClient(server.database.knex));
    // Every section open, so that the lists answer beyond their section check.
    await server.database
      .knex('tenants')
      .where({ id: user.tenant_id })
      .update({ section_finance: true, section_configurator: true });
    token = await accessTokenFor(server.database.knex, server.accessTokens, user);
    ({ user: loggingOut } = await insertUserWithClient(server.database.knex));
  });
  afterAll(() => server?.close());

  it('covers every operation of openapi/portal.yaml', () => {
    const inTheYaml = Object.values(readContractDocument().paths ?? {}).flatMap((item) =>
      Object.values(item).map((op) => (op as { operationId?: string }).operationId),
    );
    expect(operationList.map((op) => op.id).sort()).toEqual(inTheYaml.sort());
  });

  async function send(op: OperationFacts, request: GeneratedRequest) {
    // A logout may end every sign-in of its user (scope=global): each gets a new sign-in of a user of its own.
    const bearer =
      op.id === 'logout'
        ? await accessTokenFor(server.database.knex, server.accessTokens, loggingOut)
        : token;
    const res = await sendGenerated(server.url, op, request, bearer);
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
    expect(contract.check(op.method, `${server.url}${request.path}${request.query}`, res), shown).toEqual([]);
    if (res.status >= 400) {
      expect(res.headers.get('content-type'), shown).toMatch(/^application\/problem\+json/);
      expect((JSON.parse(res.text) as { status: number }).status).toBe(res.status);
    }
  }

  /** The code attempts each address (as the server reads it) has made. */
  const codeAttempts = new Map<string, number>();

  /** What a well-formed request gets; for `verifyCode`, counted against its address. */
  function expectedStatus(operationId: string, request: GeneratedRequest): number | undefined {
    // The schema lets refreshToken out for cookie mode; with neither it nor the cookie the answer is 400.
    if (operationId === 'refreshSession' || operationId === 'logout') {
      const body = JSON.parse(String(request.body ?? '{}')) as { refreshToken?: string };
      if (body.refreshToken === undefined) return 400;
    }
    if (operationId !== 'verifyCode') return WELL_FORMED_STATUS[operationId];
    const body = JSON.parse(String(request.body ?? '{}')) as { email: string; tenantCode: string };
    const { limitKey } = signInAddress(body);
    const attempts = (codeAttempts.get(limitKey) ?? 0) + 1;
    codeAttempts.set(limitKey, attempts);
    return attempts > CODE_ATTEMPTS_PER_ADDRESS ? 429 : 401;
  }

  describe.each(operationList.map((op) => [op.id, op] as const))('%s', (operationId, op) => {
    const arbitraries = requestArbitraries(op, contract);

    it('answers well-formed requests as the contract says, and never as invalid', async () => {
      await fc.assert(
        fc.asyncProperty(arbitraries.valid, async (request) => {
          const expected = expectedStatus(operationId, request);
          const res = await send(op, request);
          expectContractAnswer(op, request, res);
          expect(res.status, res.text).toBe(expected);
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
