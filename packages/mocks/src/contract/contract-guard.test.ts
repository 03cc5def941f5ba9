import type { OperationId } from '@portal/contract';
import type { HttpHandler } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHandlers, mockOperations } from '../handlers/create-handlers.js';
import { SCENARIO_NAMES, type ScenarioName } from '../scenarios/scenarios.js';
import { mockState } from '../state/default-state.js';
import { subjectOf } from '../state/mock-state.js';
import { createContractGuard, KNOWN_CONTRACT_GAPS, loadContract } from '../test-support/contract-guard.js';
import { TEST_BASE_URL, useGuardedMockServer } from '../test-support/guarded-server.js';
import type { OpenApiDocument } from './openapi-document.js';
import { listOperations, type OperationInfo } from './operations.js';

const contract = loadContract();
const { api, checked } = useGuardedMockServer();

/** The operations of `spec` that no handler serves, as `METHOD path (operationId)`. */
function operationsWithoutHandler(spec: OpenApiDocument, handlers: HttpHandler[]): string[] {
  const served = new Set(handlers.map((h) => `${h.info.method} ${h.info.path}`));
  return listOperations(spec)
    .filter((op) => !served.has(`${op.method.toUpperCase()} ${TEST_BASE_URL}${op.path}`))
    .map((op) => `${op.method.toUpperCase()} ${op.path} (${op.operationId})`);
}

describe('coverage of the contract', () => {
  it('has a handler for every operation in openapi/portal.yaml', () => {
    expect(listOperations(contract)).toHaveLength(8);
    expect(operationsWithoutHandler(contract, createHandlers({ baseUrl: TEST_BASE_URL }))).toEqual([]);
    expect(Object.keys(mockOperations).sort()).toEqual(
      listOperations(contract)
        .map((op) => op.operationId)
        .sort(),
    );
  });

  it('would fail for an operation added to the spec without a handler', () => {
    const grown = structuredClone(contract);
    grown.paths = { ...grown.paths, '/api/v1/portal/invoices': { get: { operationId: 'listInvoices' } } };
    expect(operationsWithoutHandler(grown, createHandlers({ baseUrl: TEST_BASE_URL }))).toEqual([
      'GET /api/v1/portal/invoices (listInvoices)',
    ]);
  });
});

describe('the known gaps of the contract (none today)', () => {
  it.runIf(KNOWN_CONTRACT_GAPS.length > 0).each(KNOWN_CONTRACT_GAPS)(
    'are still gaps: $status for $operations',
    ({ operations, status }) => {
      for (const id of operations) {
        const op = listOperations(contract).find((o) => o.operationId === id);
        // When this fails, the contract now declares the status: remove the entry from KNOWN_CONTRACT_GAPS.
        expect(op?.statuses, id).not.toContain(status);
      }
    },
  );

  it('are answered like the server: 400 for an unknown query parameter with a valid bearer', async () => {
    const res = await api('/api/v1/portal/me?x=1', authorizedGet('/api/v1/portal/me').init);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: [{ path: '/query/x', message: "Unknown query parameter 'x'" }],
    });
  });

  it('are tolerated only for their operations and status', async () => {
    // A made-up gap: the contract declares no 409 anywhere.
    const gap = { operations: ['getMe'], status: 409, why: 'test' };
    const tolerant = createContractGuard(contract, [gap]);
    const strict = createContractGuard(contract, []);
    const response = () =>
      new Response(JSON.stringify({ title: 'x', detail: 'x', status: 409, time: '2026-11-27T10:00:00Z' }), {
        status: 409,
        headers: { 'content-type': 'application/problem+json' },
      });
    const me = `${TEST_BASE_URL}/api/v1/portal/me`;
    expect(await tolerant({ method: 'GET', url: me, response: response() })).toEqual([]);
    expect(await strict({ method: 'GET', url: me, response: response() })).not.toEqual([]);
    const scopes = `${TEST_BASE_URL}/api/v1/portal/scopes`;
    expect(await tolerant({ method: 'GET', url: scopes, response: response() })).not.toEqual([]);
  });
});

describe('the contract guard', () => {
  const guard = createContractGuard(contract);
  const url = `${TEST_BASE_URL}/api/v1/portal/me`;
  const problem = (status: number, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify({ title: 'x', detail: 'x', status, time: '2026-11-27T10:00:00Z' }), {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    });

  it('accepts a response the contract describes', async () => {
    expect(
      await guard({ method: 'GET', url, response: problem(401, { 'www-authenticate': 'Bearer' }) }),
    ).toEqual([]);
  });

  it('refuses an undeclared status, a missing header, a wrong media type and a wrong body', async () => {
    const cases = [
      problem(429, { 'retry-after': '1' }),
      problem(401),
      new Response('{}', { status: 200, headers: { 'content-type': 'text/plain' } }),
      Response.json({ id: 'x', email: 'a@b.c' }, { status: 200 }),
      new Response(JSON.stringify({ title: 'x', detail: 'x', time: 'yesterday', status: 500 }), {
        status: 500,
        headers: { 'content-type': 'application/problem+json' },
      }),
    ];
    const found = await Promise.all(cases.map((response) => guard({ method: 'GET', url, response })));
    expect(found.map((problems) => problems.length > 0)).toEqual([true, true, true, true, true]);
    expect(found[1]?.[0]).toMatch(/WWW-Authenticate missing/);
    expect(found[3]?.[0]).toMatch(/must have required property/);
  });

  it('refuses a 200 where the contract says 204, and a 405 that is not a problem', async () => {
    const logout = `${TEST_BASE_URL}/api/v1/portal/auth/logout`;
    expect(
      await guard({ method: 'POST', url: logout, response: new Response('', { status: 200 }) }),
    ).not.toEqual([]);
    const other = `${TEST_BASE_URL}/api/v1/portal/nowhere`;
    expect(
      await guard({ method: 'GET', url: other, response: Response.json({}, { status: 405 }) }),
    ).not.toEqual([]);
  });
});

type Exchange = { path: string; init: RequestInit };

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A well-formed request for each operation, with fresh credentials made in the state directly. */
const wellFormed: Record<OperationId, () => Exchange> = {
  requestMagicLink: () => ({
    path: '/api/v1/portal/auth/request-magic-link',
    init: json({ email: mockState.account.me.email, tenantCode: mockState.account.tenantCode }),
  }),
  validateMagicLink: () => ({
    path: `/api/v1/portal/auth/validate?token=${mockState.sessions.createMagicLink(mockState.account.me.id)}`,
    init: { method: 'POST' },
  }),
  refreshSession: () => ({
    path: '/api/v1/portal/auth/refresh',
    init: json({ refreshToken: freshTokens().refreshToken }),
  }),
  logout: () => {
    const tokens = freshTokens();
    return {
      path: '/api/v1/portal/auth/logout',
      init: json({ refreshToken: tokens.refreshToken }, { authorization: `Bearer ${tokens.accessToken}` }),
    };
  },
  getMe: () => authorizedGet('/api/v1/portal/me'),
  getClient: () => authorizedGet('/api/v1/portal/client'),
  getScopes: () => authorizedGet('/api/v1/portal/scopes'),
  getDashboardStats: () => authorizedGet('/api/v1/portal/dashboard/stats'),
};

const freshTokens = () => mockState.sessions.issue(subjectOf(mockState.account));
const authorizedGet = (path: string): Exchange => ({
  path,
  init: { headers: { authorization: `Bearer ${freshTokens().accessToken}` } },
});

/** The well-formed request and every way of getting it wrong that the server refuses differently. */
function variants(op: OperationInfo): Exchange[] {
  const ok = wellFormed[op.operationId]();
  const headers = new Headers(ok.init.headers);
  const without = (name: string) => {
    const h = new Headers(headers);
    h.delete(name);
    return h;
  };
  const list: Exchange[] = [
    ok,
    { path: ok.path, init: { ...ok.init } },
    { path: `${ok.path}${ok.path.includes('?') ? '&' : '?'}unknown=1`, init: ok.init },
    { path: ok.path, init: { ...ok.init, headers: without('authorization') } },
    {
      path: ok.path,
      init: { ...ok.init, headers: { ...Object.fromEntries(headers), authorization: 'Bearer forged' } },
    },
  ];
  if (op.hasBody) {
    list.push(
      { path: ok.path, init: { ...ok.init, body: '{"unexpected":true}' } },
      { path: ok.path, init: { ...ok.init, body: '{' } },
      { path: ok.path, init: { ...ok.init, body: JSON.stringify({ pad: 'x'.repeat(17000) }) } },
      {
        path: ok.path,
        init: {
          ...ok.init,
          headers: { ...Object.fromEntries(without('content-type')), 'content-type': 'text/plain' },
        },
      },
    );
  }
  if (op.queryParameters.length > 0) list.push({ path: ok.path.split('?')[0] ?? ok.path, init: ok.init });
  return list;
}

const scenarioSets: ScenarioName[][] = [
  ...SCENARIO_NAMES.map((name) => [name]),
  ['signed-in', 'rate-limited', 'empty-dashboard', 'slow-network'],
  ['expired-access', 'server-error'],
];

describe('every response of every handler in every scenario is the contract’s', () => {
  const statuses = new Map<string, Set<number>>();

  it.each(scenarioSets.map((set) => [set.join(' + '), set] as const))('%s', async (_name, scenario) => {
    mockState.reset({ scenario, settings: { slowNetworkDelayMs: 1 } });
    const before = checked();
    for (const op of listOperations(contract)) {
      for (const { path, init } of variants(op)) {
        const res = await api(path, init);
        await res.arrayBuffer();
        statuses.set(op.operationId, (statuses.get(op.operationId) ?? new Set()).add(res.status));
      }
    }
    // The session the scenario issued must be served too.
    const session = mockState.session;
    if (session)
      await api('/api/v1/portal/me', { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(checked() - before).toBeGreaterThan(40);
  });

  it('produced every status the contract declares, except 503 (the mocks have no database to lose)', () => {
    for (const op of listOperations(contract)) {
      const gaps = KNOWN_CONTRACT_GAPS.filter((g) => g.operations.includes(op.operationId)).map(
        (g) => g.status,
      );
      const declared = [...op.statuses.filter((s) => s !== 503), ...gaps].sort();
      expect([...(statuses.get(op.operationId) ?? [])].sort(), op.operationId).toEqual(declared);
    }
  });
});
