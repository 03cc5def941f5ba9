import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../handlers/create-handlers.js';
import { MockState } from '../state/mock-state.js';
import { dashboardOf } from './documents.js';

const BASE = 'http://portal.demo.test';
const ALL_SECTIONS = { configurator: true, finance: true, support: true };

/** Answers a request through the mocks' handlers over `state`, as MSW would. */
async function answer(state: MockState, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await getResponse(
    createHandlers({ state, baseUrl: BASE }),
    new Request(`${BASE}${path}`, init),
  );
  if (!response) throw new Error(`no handler for ${path}`);
  return response;
}

describe("the mocks' default state is the server's demo data", () => {
  it('holds Ada first, then Grace of her client and Charles of another, in tenant demo', () => {
    const state = new MockState();
    expect(state.accounts.map((a) => [a.me.email, a.me.firstName, a.client.name, a.tenantCode])).toEqual([
      ['ada@example.com', 'Ada', 'Lovelace Engineering Ltd', 'demo'],
      ['grace@example.com', 'Grace', 'Lovelace Engineering Ltd', 'demo'],
      ['charles@example.com', 'Charles', 'Babbage Analytical Works', 'demo'],
    ]);
    expect(state.account.scopes).toEqual(ALL_SECTIONS);
    expect(state.account.me.avatar).not.toBeNull();
    expect(state.accounts[2]?.me.avatar).toBeNull();
  });

  it("has the demo's figures and records: 28 invoices, drafts left out, as the server lists them", () => {
    const { account } = new MockState();
    const today = new Date().toISOString().slice(0, 10);
    expect(dashboardOf(account.documents, 'EUR', today, account.scopes)).toEqual({
      currency: 'EUR',
      openOrders: 3,
      pendingEstimates: 1,
      unpaidInvoices: 2,
      totalOutstanding: 1250.5,
    });
    expect(account.documents.invoices).toHaveLength(28);
    expect(account.documents.orders).toHaveLength(17);
    expect(account.documents.estimates.map((e) => e.number)).toEqual([
      'E-1001',
      'E-1002',
      'E-1004',
      'E-1005',
    ]);
    expect(account.documents.invoices.find((i) => i.number === 'I-1002')).toMatchObject({
      total: 500.5,
      paid: 250,
      outstanding: 250.5,
    });
  });

  it("keeps the demo's records in another currency, and makes records for other figures", () => {
    const inPounds = new MockState({ account: { dashboard: { currency: 'GBP' } } }).account;
    expect(inPounds.documents.invoices).toHaveLength(28);
    expect(new Set(inPounds.documents.invoices.map((i) => i.currency))).toEqual(new Set(['GBP']));
    const busier = new MockState({ account: { dashboard: { unpaidInvoices: 5 } } }).account;
    expect(busier.documents.invoices.filter((i) => i.status === 'issued')).toHaveLength(5);
  });

  it('signs Ada in through the handlers, the mailbox giving her token', async () => {
    const state = new MockState();
    const asked = await answer(state, '/api/v1/portal/auth/request-magic-link', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', tenantCode: 'demo' }),
    });
    expect(asked.status).toBe(204);
    const token = state.mailbox.tokenFor('ada@example.com');
    const signedIn = await answer(state, `/api/v1/portal/auth/validate?token=${token}`, { method: 'POST' });
    const { accessToken } = (await signedIn.json()) as { accessToken: string };
    const stats = await answer(state, '/api/v1/portal/dashboard/stats', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(await stats.json()).toMatchObject({ openOrders: 3, unpaidInvoices: 2, totalOutstanding: 1250.5 });
  });

  it('gives a generated account instead with the faker-data scenario, the demo again without it', () => {
    const state = new MockState({ scenario: 'faker-data' });
    expect(state.accounts).toHaveLength(1);
    expect(state.account.me.email).not.toBe('ada@example.com');
    state.useScenario('signed-out');
    expect(state.account.me.email).toBe('ada@example.com');
  });
});
