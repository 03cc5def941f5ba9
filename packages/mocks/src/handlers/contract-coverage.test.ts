import { type OperationFacts, operationList } from '@portal/contract';
import { requestOf } from '@portal/test-kit/call-operation';
import { KNOWN_CONTRACT_GAPS } from '@portal/test-kit/contract-checker';
import {
  type Credentials,
  type WellFormedCall,
  wellFormedCalls,
} from '@portal/test-kit/well-formed-requests';
import type { HttpHandler } from 'msw';
import { describe, expect, it } from 'vitest';
import type { MockAccount } from '../data/accounts.js';
import { picturePng } from '../pictures/png-picture.js';
import { SCENARIO_NAMES, type ScenarioName } from '../scenarios/scenarios.js';
import { mockState } from '../state/default-state.js';
import { subjectOf } from '../state/mock-state.js';
import { decodeAccessToken } from '../state/tokens.js';
import { TEST_BASE_URL, useGuardedMockServer } from '../test-support/guarded-server.js';
import { createHandlers, mockOperations } from './create-handlers.js';

const { api, call, checked } = useGuardedMockServer();
// A small picture limit, so that a body over it is cheap to send.
const AVATAR_MAX_BYTES = 4096;

/** The operations that no handler serves, as `METHOD path (operationId)`. */
function operationsWithoutHandler(operations: readonly OperationFacts[], handlers: HttpHandler[]): string[] {
  const served = new Set(handlers.map((h) => `${h.info.method} ${h.info.path}`));
  return operations
    .filter((op) => !served.has(`${op.method.toUpperCase()} ${TEST_BASE_URL}${op.routePath}`))
    .map((op) => `${op.method.toUpperCase()} ${op.path} (${op.id})`);
}

describe('coverage of the contract', () => {
  it('has a handler for every operation in openapi/portal.yaml', () => {
    expect(operationList).toHaveLength(22);
    expect(operationsWithoutHandler(operationList, createHandlers({ baseUrl: TEST_BASE_URL }))).toEqual([]);
    expect(Object.keys(mockOperations).sort()).toEqual(operationList.map((op) => op.id).sort());
  });

  it('would fail for an operation added to the contract without a handler', () => {
    const added: OperationFacts = {
      ...(operationList[0] as OperationFacts),
      id: 'listPayments',
      method: 'get',
      path: '/api/v1/portal/payments',
      routePath: '/api/v1/portal/payments',
    };
    expect(
      operationsWithoutHandler([...operationList, added], createHandlers({ baseUrl: TEST_BASE_URL })),
    ).toEqual(['GET /api/v1/portal/payments (listPayments)']);
  });
});

describe('the known gaps of the contract (none today)', () => {
  it.runIf(KNOWN_CONTRACT_GAPS.length > 0).each(KNOWN_CONTRACT_GAPS)(
    'are still gaps: $status for $operations',
    ({ operations, status }) => {
      for (const id of operations) {
        const op = operationList.find((o) => o.id === id);
        // When this fails, the contract now declares the status: remove the entry from KNOWN_CONTRACT_GAPS.
        expect(op?.statuses, id).not.toContain(status);
      }
    },
  );

  it('are answered like the server: 400 for an unknown query parameter with a valid bearer', async () => {
    const { accessToken } = freshCredentials();
    const res = await api('/api/v1/portal/me?x=1', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: [{ path: '/query/x', message: "Unknown query parameter 'x'" }],
    });
  });
});

type Exchange = { url: string; init: RequestInit };

/** Credentials of the demo account, made in the state directly: each well-formed call uses them once. */
function freshCredentials(): Credentials {
  const { account } = mockState;
  const toRefresh = mockState.sessions.issue(subjectOf(account));
  const toLogOut = mockState.sessions.issue(subjectOf(account));
  const toEnd = mockState.sessions.issue(subjectOf(account));
  return {
    email: account.me.email,
    tenantCode: account.tenantCode,
    magicLinkToken: mockState.sessions.createMagicLink(account.me.id).token,
    // Later, so its code is the one that counts.
    signInCode: mockState.sessions.createMagicLink(account.me.id).code,
    refreshToken: toRefresh.refreshToken,
    accessToken: toLogOut.accessToken,
    logoutRefreshToken: toLogOut.refreshToken,
    endSessionId: decodeAccessToken(toEnd.accessToken)?.sid ?? '',
    documents: {
      invoiceId: (account.documents.invoices[0] as { id: string }).id,
      orderId: (account.documents.orders[0] as { id: string }).id,
      estimateId: (account.documents.estimates[0] as { id: string }).id,
    },
    picture: pictureOf(account),
  };
}

/** A PNG to upload, and the client's logo with a link signed as getBlobUrl signs it. */
function pictureOf(account: MockAccount): Credentials['picture'] {
  const blobId = account.client.avatar?.blobId as string;
  const link = mockState.pictures.sign(blobId, account.me.id, mockState.clock.now());
  return { png: picturePng('upload', 'person', 16), blobId, link: { ...link, user: account.me.id } };
}

/** The well-formed request and every way of getting it wrong that the server refuses differently. */
function variants(op: OperationFacts): Exchange[] {
  const call = wellFormedCalls(freshCredentials()).find((c) => c.operationId === op.id) as WellFormedCall;
  const ok = requestOf(TEST_BASE_URL, call.operationId, call.options);
  const headers = new Headers(ok.init.headers);
  const without = (name: string) => {
    const h = new Headers(headers);
    h.delete(name);
    return h;
  };
  const list: Exchange[] = [
    ok,
    { url: ok.url, init: { ...ok.init } },
    { url: `${ok.url}${ok.url.includes('?') ? '&' : '?'}unknown=1`, init: ok.init },
    { url: ok.url, init: { ...ok.init, headers: without('authorization') } },
    {
      url: ok.url,
      init: { ...ok.init, headers: { ...Object.fromEntries(headers), authorization: 'Bearer forged' } },
    },
  ];
  if (op.jsonBody) {
    list.push(
      { url: ok.url, init: { ...ok.init, body: '{"unexpected":true}' } },
      { url: ok.url, init: { ...ok.init, body: '{' } },
      { url: ok.url, init: { ...ok.init, body: JSON.stringify({ pad: 'x'.repeat(17000) }) } },
      {
        url: ok.url,
        init: {
          ...ok.init,
          headers: { ...Object.fromEntries(without('content-type')), 'content-type': 'text/plain' },
        },
      },
    );
  }
  if (op.id === 'refreshSession' || op.id === 'logout') {
    // The refresh cookie alone, without the Portal-Session header: what a cross-site form sends (403). A
    // bearer of its own, since the well-formed logout ends the sign-in of the one it sends.
    const { accessToken } = mockState.sessions.issue(subjectOf(mockState.account));
    const withCookie = {
      ...Object.fromEntries(headers),
      ...(op.bearer ? { authorization: `Bearer ${accessToken}` } : {}),
      cookie: '__Secure-portal-refresh=x',
    };
    list.push({ url: ok.url, init: { ...ok.init, body: '{}', headers: withCookie } });
  }
  if (op.binaryBody.length > 0) {
    // Not a picture's media type (415); more bytes than the limit the test sets (413).
    list.push(
      {
        url: ok.url,
        init: { ...ok.init, headers: { ...Object.fromEntries(headers), 'content-type': 'text/plain' } },
      },
      { url: ok.url, init: { ...ok.init, body: new Uint8Array(AVATAR_MAX_BYTES + 1) } },
    );
  }
  if (op.id === 'getBlob') {
    // The client's own copy is current: 304.
    const blobId = new URL(ok.url).pathname.split('/').pop() as string;
    list.push({ url: ok.url, init: { ...ok.init, headers: { 'if-none-match': `"${blobId}"` } } });
    // A link signed for a picture that is not the user's to see: 404.
    const user = mockState.account.me.id;
    const link = mockState.pictures.sign('nobodys-picture', user, mockState.clock.now());
    const query = new URLSearchParams({ expires: String(link.expires), user, signature: link.signature });
    list.push({ url: `${TEST_BASE_URL}/api/v1/portal/blobs/nobodys-picture?${query}`, init: ok.init });
  }
  if (op.query.length > 0) list.push({ url: ok.url.split('?')[0] ?? ok.url, init: ok.init });
  if (op.path.includes('{')) {
    // Another id: nobody's record (404), and one that is no id at all (400).
    const [path = '', query = ''] = ok.url.split('?');
    const parent = path.slice(0, path.lastIndexOf('/'));
    list.push(
      { url: `${parent}/00000000-0000-4000-8000-000000000000${query ? `?${query}` : ''}`, init: ok.init },
      { url: `${parent}/not-an-id`, init: ok.init },
    );
  }
  return list;
}

const scenarioSets: ScenarioName[][] = [
  ...SCENARIO_NAMES.map((name) => [name]),
  ['signed-in', 'rate-limited', 'empty-dashboard', 'slow-network'],
  ['expired-access', 'server-error'],
  ['signed-in', 'many-documents'],
];
// A tenant without any section: the lists and their records answer 403.
const NO_SECTIONS = { scopes: { configurator: false, finance: false, support: false } };

describe('every response of every handler in every scenario is the contract’s', () => {
  const statuses = new Map<string, Set<number>>();

  it.each([
    ...scenarioSets.map((set) => [set.join(' + '), set, {}] as const),
    ['signed-in, no sections', ['signed-in'], NO_SECTIONS] as const,
  ])('%s', async (_name, scenario, account) => {
    // No grace period: a refresh token sent twice is then refused (401), as the contract declares.
    mockState.reset({
      scenario,
      account,
      settings: { slowNetworkDelayMs: 1, refreshGraceSeconds: 0, avatarMaxBytes: AVATAR_MAX_BYTES },
    });
    const before = checked();
    for (const op of operationList) {
      for (const { url, init } of variants(op)) {
        const res = await fetch(url, init);
        await res.arrayBuffer();
        statuses.set(op.id, (statuses.get(op.id) ?? new Set()).add(res.status));
      }
    }
    // The session the scenario issued must be served too.
    const session = mockState.session;
    if (session) await call('getMe', { accessToken: session.accessToken });
    expect(checked() - before).toBeGreaterThan(40);
  });

  it('produced every status the contract declares, except 503 (the mocks have no database to lose)', () => {
    for (const op of operationList) {
      const gaps = KNOWN_CONTRACT_GAPS.filter((g) => g.operations.includes(op.id)).map((g) => g.status);
      const declared = [...op.statuses.filter((s) => s !== 503), ...gaps].sort();
      expect([...(statuses.get(op.id) ?? [])].sort(), op.id).toEqual(declared);
    }
  });
});
